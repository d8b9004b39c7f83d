/**
 * Where a patient-space point of an axial CT slice should appear in a viewport, worked out from the
 * manifest and the viewport's CSS box alone (not from the app's own coordinate maps, which are what the
 * device-pixel-ratio tests check): the image is fitted whole into the box and centred, then zoomed and
 * panned by the view state's camera. Pure geometry for end-to-end tests; the patient ⇄ image maths is
 * src/model/geometry.ts's (the manifest's DICOM geometry, not the viewer's canvas maps).
 */
import type { ManifestSeries } from '../../src/model/CaseManifest.ts';
import {
  type CanvasPoint,
  canvasPoint,
  displacement,
  dot,
  imagePlane,
  imagePoint,
  imageToWorld,
  type WorldPoint,
} from '../../src/model/geometry.ts';

/** The view state's camera (zoom relative to the fitted image, pan in mm toward screen right and down). */
export interface ExpectedCamera {
  readonly zoom: number;
  readonly panMm: readonly [number, number];
}

/** A viewport's size in CSS px. */
export interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/**
 * CSS px per mm of the fitted image of a series in a box (the whole image shown, the limiting side filling).
 * @param series - an axial series with Rows, Columns and PixelSpacing
 * @param box - the viewport's CSS size
 */
export function fittedPxPerMm(series: ManifestSeries, box: BoxSize): number {
  const [rowSpacing, columnSpacing] = series.PixelSpacing;
  const widthMm = series.Columns * columnSpacing;
  const heightMm = series.Rows * rowSpacing;
  return Math.min(box.width / widthMm, box.height / heightMm);
}

/**
 * Expected canvas position (CSS px from the viewport's top-left corner) of a point of an axial slice whose
 * rows run along patient +x and columns along patient +y (ImageOrientationPatient 1,0,0,0,1,0).
 * @param series - the series shown
 * @param imageIndex - the slice shown
 * @param box - the viewport's CSS size
 * @param point - the patient-space point (mm)
 * @param camera - the view state's camera, fitted when absent
 */
export function expectedCanvasPoint(
  series: ManifestSeries,
  imageIndex: number,
  box: BoxSize,
  point: WorldPoint,
  camera?: ExpectedCamera,
): CanvasPoint {
  if (series.ImageOrientationPatient?.join(',') !== '1,0,0,0,1,0')
    throw new Error('expectedCanvasPoint handles plain axial slices only.');
  const plane = imagePlane(series, imageIndex);
  if (!plane) throw new Error(`The manifest has no position for image ${imageIndex} of ${series.key}.`);
  // The middle of the image: halfway between the centres of its first and last pixels.
  const centre = imageToWorld(plane, imagePoint((series.Columns - 1) / 2, (series.Rows - 1) / 2));
  // Screen right runs along the rows, screen down along the columns.
  const offset = displacement(centre, point);
  const rightMm = dot(offset, plane.rowDirection);
  const downMm = dot(offset, plane.columnDirection);
  const zoom = camera?.zoom ?? 1;
  const [panX, panY] = camera?.panMm ?? [0, 0];
  const scale = fittedPxPerMm(series, box) * zoom;
  return canvasPoint(box.width / 2 + (rightMm + panX) * scale, box.height / 2 + (downMm + panY) * scale);
}
