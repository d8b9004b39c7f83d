/**
 * World ⇄ image conversion for the images of a series, from the manifest's DICOM geometry
 * (ImagePositionPatient, ImageOrientationPatient, PixelSpacing). Pure maths; no DOM, no Cornerstone.
 */
import type { ManifestSeries, WorldPoint } from '../model/CaseManifest.ts';
import type { ImagePoint } from '../model/TeachingAnnotation.ts';

/** A direction or offset in patient space (LPS), unitless or mm as named. */
export type WorldVector = readonly [x: number, y: number, z: number];

/** The plane and pixel grid of one image, in patient coordinates. */
export interface ImagePlane {
  /** ImagePositionPatient: centre of the first transmitted pixel (column 0, row 0), mm. */
  readonly origin: WorldPoint;
  /** Direction in which the column index grows (IOP's first triple: along a row). */
  readonly rowDirection: WorldVector;
  /** Direction in which the row index grows (IOP's second triple: down a column). */
  readonly columnDirection: WorldVector;
  /** rowDirection × columnDirection. */
  readonly normal: WorldVector;
  /** PixelSpacing[1]: distance between the centres of adjacent columns, mm. */
  readonly columnSpacingMm: number;
  /** PixelSpacing[0]: distance between the centres of adjacent rows, mm. */
  readonly rowSpacingMm: number;
  readonly Rows: number;
  readonly Columns: number;
}

export const add = (a: WorldVector, b: WorldVector): WorldPoint => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: WorldVector, b: WorldVector): WorldVector => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: WorldVector, s: number): WorldVector => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: WorldVector, b: WorldVector): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: WorldVector, b: WorldVector): WorldVector => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const norm = (a: WorldVector): number => Math.hypot(a[0], a[1], a[2]);

/**
 * The plane of one image of a cross-sectional series; `undefined` when the series has no patient geometry
 * (a projection radiograph) or the index is out of range.
 * @param series - the series as listed in the manifest
 * @param imageIndex - 0-based index in display order
 */
export function imagePlane(series: ManifestSeries, imageIndex: number): ImagePlane | undefined {
  const origin = series.instances[imageIndex]?.ImagePositionPatient;
  const iop = series.ImageOrientationPatient;
  if (!origin || !iop) return undefined;
  const rowDirection: WorldVector = [iop[0], iop[1], iop[2]];
  const columnDirection: WorldVector = [iop[3], iop[4], iop[5]];
  return {
    origin,
    rowDirection,
    columnDirection,
    normal: cross(rowDirection, columnDirection),
    rowSpacingMm: series.PixelSpacing[0],
    columnSpacingMm: series.PixelSpacing[1],
    Rows: series.Rows,
    Columns: series.Columns,
  };
}

/**
 * Projects a patient point onto an image: its [column, row] and its signed distance from the image plane
 * along the normal (positive on the side the normal points to).
 * @param plane - the image
 * @param world - the point, mm
 */
export function worldToImage(
  plane: ImagePlane,
  world: WorldPoint,
): { point: ImagePoint; distanceMm: number } {
  const d = sub(world, plane.origin);
  return {
    point: [
      dot(d, plane.rowDirection) / plane.columnSpacingMm,
      dot(d, plane.columnDirection) / plane.rowSpacingMm,
    ],
    distanceMm: dot(d, plane.normal),
  };
}

/**
 * The patient point at [column, row] of an image (on its plane).
 * @param plane - the image
 * @param point - continuous pixel coordinates; [0, 0] is the centre of the first pixel
 */
export function imageToWorld(plane: ImagePlane, point: ImagePoint): WorldPoint {
  return add(
    plane.origin,
    add(
      scale(plane.rowDirection, point[0] * plane.columnSpacingMm),
      scale(plane.columnDirection, point[1] * plane.rowSpacingMm),
    ),
  );
}

/**
 * Whether [column, row] falls on the image's pixels (pixel edges are half a pixel beyond the outer centres).
 * @param size - the image's Rows and Columns
 * @param point - continuous pixel coordinates
 */
export function isInsideImage(
  size: { readonly Rows: number; readonly Columns: number },
  point: ImagePoint,
): boolean {
  return (
    point[0] >= -0.5 && point[0] <= size.Columns - 0.5 && point[1] >= -0.5 && point[1] <= size.Rows - 0.5
  );
}

/**
 * Half the slab an image stands for, mm: half the SliceThickness, or half the spacing between slice centres
 * when the thickness is not given.
 * @param series - a cross-sectional series
 */
export function halfSliceThicknessMm(series: ManifestSeries): number {
  const thickness = series.SliceThickness ?? series.sliceSpacingMm;
  if (thickness !== undefined && thickness > 0) return thickness / 2;
  const a = series.instances[0]?.ImagePositionPatient;
  const b = series.instances[1]?.ImagePositionPatient;
  return a && b ? norm(sub(b, a)) / 2 : 0.5;
}

/**
 * The image of a series whose plane lies nearest to a point, and the point's signed distance from it.
 * @param series - a cross-sectional series
 * @param world - a patient point in the series' frame of reference
 */
export function nearestImageIndex(
  series: ManifestSeries,
  world: WorldPoint,
): { imageIndex: number; distanceMm: number } | undefined {
  let best: { imageIndex: number; distanceMm: number } | undefined;
  for (let i = 0; i < series.instances.length; i++) {
    const plane = imagePlane(series, i);
    if (!plane) continue;
    const { distanceMm } = worldToImage(plane, world);
    if (!best || Math.abs(distanceMm) < Math.abs(best.distanceMm)) best = { imageIndex: i, distanceMm };
  }
  return best;
}

/**
 * Our [column, row] (centre of the first pixel at [0, 0], as ImagePositionPatient) in Cornerstone3D's image
 * coordinates (`utilities.imageToWorldCoords` / `worldToImageCoords`), whose [0, 0] is the first pixel's
 * outer corner: half a pixel further.
 * @param point - [column, row] in this project's convention
 */
export function toCornerstoneImageCoords(point: ImagePoint): [number, number] {
  return [point[0] + 0.5, point[1] + 0.5];
}

/**
 * The inverse of {@link toCornerstoneImageCoords}.
 * @param coords - Cornerstone3D image coordinates
 */
export function fromCornerstoneImageCoords(
  coords: readonly [number, number] | readonly number[],
): ImagePoint {
  return [(coords[0] ?? 0) - 0.5, (coords[1] ?? 0) - 0.5];
}
