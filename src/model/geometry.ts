/**
 * The coordinate spaces of the casebook and the one place their maths lives: patient-space vectors and the
 * world ⇄ image transform of an image (ImagePositionPatient, ImageOrientationPatient, PixelSpacing), for one
 * image and for the images of a series. Pure maths; imports nothing, not even the rest of src/model.
 *
 * Each space is a branded tuple: at run time a plain array, to the compiler a type that only this module's
 * constructors ({@link worldPoint}, {@link worldVector}, {@link imagePoint}, {@link canvasPoint},
 * {@link canvasVector}) and functions return, so a canvas point passed where an image point is expected, or
 * an offset where a position is expected, does not compile. Values from outside (parsed JSON, Cornerstone's
 * Point2/Point3) are given their space where they enter, by a validator or a small documented helper.
 */

/** The type-only tag that tells the spaces apart; it exists for the compiler alone, never at run time. */
declare const space: unique symbol;

/** A tuple tagged with the coordinate space it belongs to. */
type InSpace<Tuple extends readonly number[], Space extends string> = Tuple & { readonly [space]: Space };

/** A position in DICOM patient coordinates (LPS: +x patient left, +y posterior, +z head), millimetres. */
export type WorldPoint = InSpace<readonly [x: number, y: number, z: number], 'world point'>;

/**
 * A direction or offset in patient coordinates (LPS), unitless or mm as named. The difference of two
 * {@link WorldPoint}s; a point plus a vector is a point ({@link translate}).
 */
export type WorldVector = InSpace<readonly [x: number, y: number, z: number], 'world vector'>;

/**
 * A position in an image's pixel grid: column, row (0-based, continuous). Integers are pixel centres, so
 * [0, 0] is the centre of the first transmitted pixel, where ImagePositionPatient points.
 */
export type ImagePoint = InSpace<readonly [column: number, row: number], 'image point'>;

/** A point on a viewport element, CSS pixels from its top-left corner. */
export type CanvasPoint = InSpace<readonly [x: number, y: number], 'canvas point'>;

/** A displacement on a viewport element, CSS pixels (+x right, +y down): the difference of two {@link CanvasPoint}s. */
export type CanvasVector = InSpace<readonly [x: number, y: number], 'canvas vector'>;

/*
 * The constructors are where a tuple gets its space: each returns the array it builds, typed, so making a
 * point costs one small array, as a literal did (nothing wraps it). Outside this module a space is cast only
 * at the documented trust boundaries: the annotation-file and manifest validators' outputs, and the
 * generator's output (generator/CaseTruth.ts). Cornerstone's values are copied through these constructors
 * (src/viewer/cornerstonePoints.ts).
 */

/**
 * A patient-space point.
 * @param x - mm toward the patient's left
 * @param y - mm toward the patient's back
 * @param z - mm toward the patient's head
 */
export const worldPoint = (x: number, y: number, z: number): WorldPoint => [x, y, z] as const as WorldPoint;

/**
 * A patient-space direction or offset.
 * @param x - component toward the patient's left
 * @param y - component toward the patient's back
 * @param z - component toward the patient's head
 */
export const worldVector = (x: number, y: number, z: number): WorldVector =>
  [x, y, z] as const as WorldVector;

/**
 * A pixel-grid position.
 * @param column - column index (along a row, the first IOP triple)
 * @param row - row index (down a column, the second IOP triple)
 */
export const imagePoint = (column: number, row: number): ImagePoint => [column, row] as const as ImagePoint;

/**
 * A viewport position.
 * @param x - CSS px from the element's left edge
 * @param y - CSS px from the element's top edge
 */
export const canvasPoint = (x: number, y: number): CanvasPoint => [x, y] as const as CanvasPoint;

/**
 * A viewport displacement.
 * @param x - CSS px rightward
 * @param y - CSS px downward
 */
export const canvasVector = (x: number, y: number): CanvasVector => [x, y] as const as CanvasVector;

/** Sum of two vectors. */
export const add = (a: WorldVector, b: WorldVector): WorldVector =>
  worldVector(a[0] + b[0], a[1] + b[1], a[2] + b[2]);
/** Difference of two vectors, a − b. */
export const sub = (a: WorldVector, b: WorldVector): WorldVector =>
  worldVector(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** A vector times a number. */
export const scale = (a: WorldVector, s: number): WorldVector => worldVector(a[0] * s, a[1] * s, a[2] * s);
/** Dot product. */
export const dot = (a: WorldVector, b: WorldVector): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
/** Cross product a × b (right-handed, as LPS is). */
export const cross = (a: WorldVector, b: WorldVector): WorldVector =>
  worldVector(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
/** Length of a vector. */
export const norm = (a: WorldVector): number => Math.hypot(a[0], a[1], a[2]);

/**
 * The point reached from `point` by moving along `offset`.
 * @param point - where to start, mm
 * @param offset - how far and which way, mm
 */
export const translate = (point: WorldPoint, offset: WorldVector): WorldPoint =>
  worldPoint(point[0] + offset[0], point[1] + offset[1], point[2] + offset[2]);

/**
 * The vector from one point to another (`to − from`), mm.
 * @param from - the start point
 * @param to - the end point
 */
export const displacement = (from: WorldPoint, to: WorldPoint): WorldVector =>
  worldVector(to[0] - from[0], to[1] - from[1], to[2] - from[2]);

/** ImageOrientationPatient (0020,0037): the row direction cosines, then the column direction cosines. */
export type ImageOrientation = readonly [number, number, number, number, number, number];

/** The DICOM attributes that place one image's pixel grid in patient space. */
export interface ImageGeometry {
  /** ImagePositionPatient (0020,0032): centre of the first transmitted pixel, mm. */
  readonly ImagePositionPatient: WorldPoint;
  readonly ImageOrientationPatient: ImageOrientation;
  /** PixelSpacing (0028,0030): [row spacing (between row centres), column spacing] mm. */
  readonly PixelSpacing: readonly [number, number];
  readonly Rows: number;
  readonly Columns: number;
}

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

/**
 * The plane of one image from its DICOM attributes.
 * @param image - ImagePositionPatient, ImageOrientationPatient, PixelSpacing, Rows and Columns of the image
 */
export function imagePlaneOf(image: ImageGeometry): ImagePlane {
  const iop = image.ImageOrientationPatient;
  const rowDirection = worldVector(iop[0], iop[1], iop[2]);
  const columnDirection = worldVector(iop[3], iop[4], iop[5]);
  return {
    origin: image.ImagePositionPatient,
    rowDirection,
    columnDirection,
    normal: cross(rowDirection, columnDirection),
    rowSpacingMm: image.PixelSpacing[0],
    columnSpacingMm: image.PixelSpacing[1],
    Rows: image.Rows,
    Columns: image.Columns,
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
  const d = displacement(plane.origin, world);
  return {
    point: imagePoint(
      dot(d, plane.rowDirection) / plane.columnSpacingMm,
      dot(d, plane.columnDirection) / plane.rowSpacingMm,
    ),
    distanceMm: dot(d, plane.normal),
  };
}

/**
 * The patient point at [column, row] of an image (on its plane).
 * @param plane - the image
 * @param point - continuous pixel coordinates; [0, 0] is the centre of the first pixel
 */
export function imageToWorld(plane: ImagePlane, point: ImagePoint): WorldPoint {
  return translate(
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
  return imagePoint((coords[0] ?? 0) - 0.5, (coords[1] ?? 0) - 0.5);
}

/**
 * The geometry of a stack of images as a case manifest lists it (a `ManifestSeries` is one): one
 * orientation and pixel grid, one ImagePositionPatient per image.
 */
export interface StackGeometry {
  readonly Rows: number;
  readonly Columns: number;
  readonly PixelSpacing: readonly [number, number];
  /** Absent for projection images, which have no patient geometry. */
  readonly ImageOrientationPatient?: ImageOrientation;
  readonly SliceThickness?: number;
  readonly sliceSpacingMm?: number;
  readonly instances: readonly { readonly ImagePositionPatient?: WorldPoint }[];
}

/**
 * The plane of one image of a cross-sectional series; `undefined` when the series has no patient geometry
 * (a projection radiograph) or the index is out of range.
 * @param series - the series as listed in the manifest
 * @param imageIndex - 0-based index in display order
 */
export function imagePlane(series: StackGeometry, imageIndex: number): ImagePlane | undefined {
  const origin = series.instances[imageIndex]?.ImagePositionPatient;
  const iop = series.ImageOrientationPatient;
  if (!origin || !iop) return undefined;
  return imagePlaneOf({
    ImagePositionPatient: origin,
    ImageOrientationPatient: iop,
    PixelSpacing: series.PixelSpacing,
    Rows: series.Rows,
    Columns: series.Columns,
  });
}

/**
 * Half the slab an image stands for, mm: half the SliceThickness, or half the spacing between slice centres
 * when the thickness is not given.
 * @param series - a cross-sectional series
 */
export function halfSliceThicknessMm(series: StackGeometry): number {
  const thickness = series.SliceThickness ?? series.sliceSpacingMm;
  if (thickness !== undefined && thickness > 0) return thickness / 2;
  const a = series.instances[0]?.ImagePositionPatient;
  const b = series.instances[1]?.ImagePositionPatient;
  return a && b ? norm(displacement(a, b)) / 2 : 0.5;
}

/**
 * The image of a series whose plane lies nearest to a point, and the point's signed distance from it.
 * @param series - a cross-sectional series
 * @param world - a patient point in the series' frame of reference
 */
export function nearestImageIndex(
  series: StackGeometry,
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
