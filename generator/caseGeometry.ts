// Fixed acquisition geometry of every series of the sample case (grids, slice positions, projection).
// Pure constants and small derivations; the contract the viewer and the annotations rely on.
import type { AxialGrid } from './renderAxialSlice.ts';
import type { Vec3 } from './sdf.ts';

/**
 * The case id, used in paths, UIDs and the manifest: the one place it is written. Scripts, the benchmark and
 * the end-to-end tests import it; the app receives it as `__SAMPLE_CASE_ID__` (vite.config.ts's `define`).
 */
export const CASE_ID = 'tumoral-calcinosis-pubis';

/** CT: 512², 0.78125 mm pixels (400 mm FOV), 200 axial slices of 1.25 mm, instance 1 most superior. */
export const CT = {
  rows: 512,
  columns: 512,
  pixelSpacingMm: 0.78125,
  sliceCount: 200,
  sliceSpacingMm: 1.25,
  sliceThicknessMm: 1.25,
  /** z of the centre of slice 1 (above the iliac crests, which peak near z = 152). */
  topZMm: 165,
} as const;

/** Pixel grid of the CT (pixel centres; the first transmitted pixel is at x0, y0). */
export const CT_GRID: AxialGrid = {
  x0: -200 + CT.pixelSpacingMm / 2,
  y0: -200 + CT.pixelSpacingMm / 2,
  dx: CT.pixelSpacingMm,
  dy: CT.pixelSpacingMm,
  nx: CT.columns,
  ny: CT.rows,
};

/** z (mm) of CT slice `index` (0-based; index 0 = instance 1 = most superior). */
export function ctSliceZ(index: number): number {
  return CT.topZMm - index * CT.sliceSpacingMm;
}

/**
 * A point p in the CT frame is at p + MR_OFFSET_MM in the MR frame (a different table position:
 * the MR scan was centred 45 mm further toward the feet and the table sat 3 mm lower).
 */
export const MR_OFFSET_MM: Vec3 = [0, 3, -45];

/** MR T1 and T2-FS: axial 320², 1.25 mm pixels, 5 mm slices every 5.5 mm, same coverage as the CT. */
export const MR = {
  rows: 320,
  columns: 320,
  pixelSpacingMm: 1.25,
  sliceCount: 46,
  sliceSpacingMm: 5.5,
  sliceThicknessMm: 5,
  /** z of slice 1 in the MR frame. */
  topZMm: 164 + MR_OFFSET_MM[2],
} as const;

/** MR pixel grid in the MR frame. */
export const MR_GRID: AxialGrid = {
  x0: -200 + MR.pixelSpacingMm / 2,
  y0: -200 + MR.pixelSpacingMm / 2,
  dx: MR.pixelSpacingMm,
  dy: MR.pixelSpacingMm,
  nx: MR.columns,
  ny: MR.rows,
};

/** z (mm, MR frame) of MR slice `index` (0 = most superior). */
export function mrSliceZ(index: number): number {
  return MR.topZMm - index * MR.sliceSpacingMm;
}

/**
 * AP pelvis radiograph: point source anterior to the patient (y < 0), detector plane behind the table
 * (y = detectorYMm). Column index grows toward patient left (+x), row index toward the feet (−z).
 */
export const DX = {
  rows: 1000,
  columns: 1200,
  imagerPixelSpacingMm: 0.35,
  distanceSourceToDetectorMm: 1150,
  detectorYMm: 200,
  sourceXMm: 0,
  sourceZMm: 35,
} as const;

/** World position of the X-ray source. */
export const DX_SOURCE: Vec3 = [DX.sourceXMm, DX.detectorYMm - DX.distanceSourceToDetectorMm, DX.sourceZMm];

/** Detector world x/z of the centre of pixel (column 0, row 0). */
export const DX_ORIGIN_XZ: readonly [number, number] = [
  DX.sourceXMm - ((DX.columns - 1) / 2) * DX.imagerPixelSpacingMm,
  DX.sourceZMm + ((DX.rows - 1) / 2) * DX.imagerPixelSpacingMm,
];

/** Projects a CT-frame point onto the radiograph: fractional (column, row). */
export function projectToRadiograph(p: Vec3): [column: number, row: number] {
  const [sx, sy, sz] = DX_SOURCE;
  const m = (DX.detectorYMm - sy) / (p[1] - sy);
  const u = sx + (p[0] - sx) * m;
  const v = sz + (p[2] - sz) * m;
  return [(u - DX_ORIGIN_XZ[0]) / DX.imagerPixelSpacingMm, (DX_ORIGIN_XZ[1] - v) / DX.imagerPixelSpacingMm];
}

/** z range (mm) the radiograph's rays cross inside the body; the projection volume must cover it. */
export const DX_VOLUME_Z: readonly [number, number] = [-150, 205];
