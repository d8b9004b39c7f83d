/**
 * Where a patient-space point of an axial CT slice should appear in a viewport, worked out from the
 * manifest and the viewport's CSS box alone (not from the app's own coordinate maps, which are what the
 * device-pixel-ratio tests check): the image is fitted whole into the box and centred, then zoomed and
 * panned by the view state's camera. Pure geometry for end-to-end tests.
 */
import type { ManifestSeries, WorldPoint } from '../../src/model/CaseManifest.ts';

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
): [number, number] {
  const iop = series.ImageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  if (iop.join(',') !== '1,0,0,0,1,0')
    throw new Error('expectedCanvasPoint handles plain axial slices only.');
  const origin = series.instances[imageIndex]?.ImagePositionPatient;
  if (!origin) throw new Error(`The manifest has no position for image ${imageIndex} of ${series.key}.`);
  const [rowSpacing, columnSpacing] = series.PixelSpacing;
  // The middle of the image: halfway between the centres of its first and last pixels.
  const centreX = origin[0] + ((series.Columns - 1) / 2) * columnSpacing;
  const centreY = origin[1] + ((series.Rows - 1) / 2) * rowSpacing;
  const zoom = camera?.zoom ?? 1;
  const [panX, panY] = camera?.panMm ?? [0, 0];
  const scale = fittedPxPerMm(series, box) * zoom;
  return [
    box.width / 2 + (point[0] - centreX + panX) * scale,
    box.height / 2 + (point[1] - centreY + panY) * scale,
  ];
}
