// Measurements for truth.json taken from the phantom and its clean CT: landmark probe points that sit
// safely inside one tissue, and bone volumes in the osteolysis region and its mirror. No file output.

import type { BuiltPhantom } from './buildPhantom.ts';
import { type TruthLandmark, writtenWorldPoint } from './CaseTruth.ts';
import { CT, CT_GRID, ctSliceZ } from './caseGeometry.ts';
import type { Vec3 } from './sdf.ts';

/** Where to look for a landmark and what values make it acceptable. */
export interface LandmarkSearch {
  readonly name: string;
  readonly tissue: string;
  readonly minMm: Vec3;
  readonly maxMm: Vec3;
  /** Every clean value in the 5x5 neighbourhood must lie in this range (see `textured`). */
  readonly accept: readonly [number, number];
  /**
   * For textured tissue (trabecular bone), where single voxels range widely: the centre value and the 3x3
   * and 5x5 means of the clean values must lie in `accept` instead of every value.
   */
  readonly textured?: boolean;
  /** Range written to truth (for the 3x3 mean of the noisy image). */
  readonly expectedHU: readonly [number, number];
  /** Optional extra condition on the candidate point. */
  readonly where?: (p: Vec3) => boolean;
}

/**
 * Finds the point nearest the centre of the search box whose 5x5 clean-CT neighbourhood on a CT slice
 * lies entirely in the accepted range. Throws when none exists (the phantom changed: fix the search).
 * @param clean - clean HU slices indexed like the CT series (0 = most superior)
 */
export function findLandmark(clean: readonly Int16Array[], search: LandmarkSearch): TruthLandmark {
  const { x0, y0, dx, dy, nx } = CT_GRID;
  const centre: Vec3 = [
    (search.minMm[0] + search.maxMm[0]) / 2,
    (search.minMm[1] + search.maxMm[1]) / 2,
    (search.minMm[2] + search.maxMm[2]) / 2,
  ];
  let best: { d: number; p: Vec3 } | null = null;
  for (let s = 0; s < CT.sliceCount; s++) {
    const z = ctSliceZ(s);
    if (z < search.minMm[2] || z > search.maxMm[2]) continue;
    const slice = clean[s];
    if (!slice) continue;
    const i0 = Math.max(2, Math.ceil((search.minMm[0] - x0) / dx));
    const i1 = Math.min(nx - 3, Math.floor((search.maxMm[0] - x0) / dx));
    const j0 = Math.max(2, Math.ceil((search.minMm[1] - y0) / dy));
    const j1 = Math.min(CT_GRID.ny - 3, Math.floor((search.maxMm[1] - y0) / dy));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        let ok = true;
        if (search.textured) {
          let sum3 = 0;
          let sum5 = 0;
          for (let b = -2; b <= 2; b++) {
            for (let a = -2; a <= 2; a++) {
              const v = slice[(j + b) * nx + i + a] as number;
              sum5 += v;
              if (Math.abs(a) <= 1 && Math.abs(b) <= 1) sum3 += v;
            }
          }
          const inRange = (m: number) => m >= search.accept[0] && m <= search.accept[1];
          const centreValue = slice[j * nx + i] as number;
          ok = inRange(centreValue) && inRange(sum3 / 9) && inRange(sum5 / 25);
        } else {
          for (let b = -2; b <= 2 && ok; b++) {
            for (let a = -2; a <= 2; a++) {
              const v = slice[(j + b) * nx + i + a] as number;
              if (v < search.accept[0] || v > search.accept[1]) {
                ok = false;
                break;
              }
            }
          }
        }
        if (!ok) continue;
        const p: Vec3 = [x0 + i * dx, y0 + j * dy, z];
        if (search.where && !search.where(p)) continue;
        const d = Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]);
        if (!best || d < best.d) best = { d, p };
      }
    }
  }
  if (!best) throw new Error(`No landmark position found for ${search.name}`);
  return {
    name: search.name,
    tissue: search.tissue,
    pointMm: writtenWorldPoint(best.p),
    expectedHU: search.expectedHU,
  };
}

/**
 * Bone volume (mm³) inside an ellipsoid, from the hip-bone distance function with a 0.5 mm grid and
 * partial-volume coverage. `mirror` evaluates the right bone at (−x, y, z).
 */
export function boneVolumeMm3(
  built: BuiltPhantom,
  side: 'left' | 'right',
  centre: Vec3,
  radii: Vec3,
): number {
  const step = 0.5;
  const sdf = built.hipBoneSdf[side];
  const sign = side === 'left' ? 1 : -1;
  let volume = 0;
  for (let z = centre[2] - radii[2]; z <= centre[2] + radii[2]; z += step) {
    for (let y = centre[1] - radii[1]; y <= centre[1] + radii[1]; y += step) {
      for (let x = centre[0] - radii[0]; x <= centre[0] + radii[0]; x += step) {
        const e =
          ((x - centre[0]) / radii[0]) ** 2 +
          ((y - centre[1]) / radii[1]) ** 2 +
          ((z - centre[2]) / radii[2]) ** 2;
        if (e > 1) continue;
        const d = sdf(sign * x, y, z);
        const coverage = Math.max(0, Math.min(1, 0.5 - d / step));
        volume += coverage * step ** 3;
      }
    }
  }
  return Math.round(volume);
}
