/**
 * The statistics of a circular ROI on one image, as the viewer's elliptical ROI measures them: the pixels whose
 * centres lie inside the circle, in output units (HU on CT). Authoring tooling (Node side) for the quiz's
 * measure questions: `npm run validate` measures each question's answer ROI and checks its range. Pure maths
 * on a pixel array.
 */
import {
  displacement,
  type ImagePlane,
  imagePoint,
  imageToWorld,
  norm,
  type WorldPoint,
  worldToImage,
} from '../src/model/geometry.ts';
import type { PixelImage } from './checkFindingPixels.ts';

/** What an ROI measured. */
export interface RoiStatistics {
  readonly mean: number;
  readonly standardDeviation: number;
  readonly min: number;
  readonly max: number;
  /** How many pixel centres fell inside. */
  readonly pixels: number;
}

/**
 * Mean, spread and extremes of the pixels inside a circle on an image's plane.
 * @param image - the pixels (HU on CT)
 * @param plane - the image's plane
 * @param centre - the circle's centre, patient mm (projected onto the plane)
 * @param radiusMm - the circle's radius, mm
 */
export function measureCircleRoi(
  image: PixelImage,
  plane: ImagePlane,
  centre: WorldPoint,
  radiusMm: number,
): RoiStatistics {
  const onPlane = imageToWorld(plane, worldToImage(plane, centre).point);
  const [c, r] = worldToImage(plane, onPlane).point;
  const spanColumns = Math.ceil(radiusMm / plane.columnSpacingMm) + 1;
  const spanRows = Math.ceil(radiusMm / plane.rowSpacingMm) + 1;
  let sum = 0;
  let sumSquares = 0;
  let pixels = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (
    let row = Math.max(0, Math.floor(r - spanRows));
    row <= Math.min(image.Rows - 1, Math.ceil(r + spanRows));
    row++
  ) {
    for (
      let column = Math.max(0, Math.floor(c - spanColumns));
      column <= Math.min(image.Columns - 1, Math.ceil(c + spanColumns));
      column++
    ) {
      if (norm(displacement(onPlane, imageToWorld(plane, imagePoint(column, row)))) > radiusMm) continue;
      const value = image.values[row * image.Columns + column] ?? Number.NaN;
      sum += value;
      sumSquares += value * value;
      pixels++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  const mean = pixels > 0 ? sum / pixels : Number.NaN;
  const variance = pixels > 1 ? Math.max(0, (sumSquares - pixels * mean * mean) / (pixels - 1)) : 0;
  return { mean, standardDeviation: Math.sqrt(variance), min, max, pixels };
}
