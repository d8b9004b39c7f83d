/**
 * Maps a point of the CT (phantom) frame onto the pixel grid of the projection radiograph, using the point
 * source geometry the generator recorded in truth.json. Pure maths; used when authoring and validating
 * annotations and by the end-to-end tests, never by the app.
 */
import type { TruthProjection } from '../generator/CaseTruth.ts';
import { type ImagePoint, imagePoint, type WorldPoint } from '../src/model/geometry.ts';

/**
 * Where the ray from the X-ray source through `world` meets the detector, as [column, row].
 * The detector is the plane y = detectorYMm; pixel [0, 0]'s centre is at detectorOriginXZMm.
 * @param projection - the radiograph's geometry from truth.json
 * @param world - a point in the CT frame, mm
 */
export function projectToRadiograph(projection: TruthProjection, world: WorldPoint): ImagePoint {
  const [sx, sy, sz] = projection.sourceMm;
  const t = (projection.detectorYMm - sy) / (world[1] - sy);
  const x = sx + t * (world[0] - sx);
  const z = sz + t * (world[2] - sz);
  const [rowSpacing, columnSpacing] = projection.imagerPixelSpacingMm;
  const [originX, originZ] = projection.detectorOriginXZMm;
  return imagePoint(
    ((x - originX) / columnSpacing) * projection.columnSignX,
    ((z - originZ) / rowSpacing) * projection.rowSignZ,
  );
}

/**
 * The magnification of an object at depth `y` (detector distance over source distance).
 * @param projection - the radiograph's geometry
 * @param yMm - the object's y coordinate in the CT frame
 */
export function radiographMagnification(projection: TruthProjection, yMm: number): number {
  return (projection.detectorYMm - projection.sourceMm[1]) / (yMm - projection.sourceMm[1]);
}
