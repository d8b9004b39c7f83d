/**
 * What "go to this finding" does to the view: the right series in the right viewport, its image, the camera
 * panned so the finding sits in the middle, its category shown, and the finding highlighted. Pure: a
 * ViewState in, a ViewState out; no DOM, no Cornerstone.
 */
import type { ManifestSeries } from '../model/CaseManifest.ts';
import type { ImagePoint } from '../model/geometry.ts';
import { defaultViewportState, type ViewCamera, type ViewState } from '../model/ViewState.ts';
import type { FindingTarget } from './AnnotationIndex.ts';

/** Zoom (relative to the fitted image) a finding is shown at when the viewport was fitted. */
export const focusZoom = 1.5;

/**
 * The ViewState pan (mm toward screen right and down, see cameraMapping) that puts an image point in the
 * middle of the viewport. Screen right runs along the rows (column index) and screen down along the columns
 * (row index). The fitted view's focal point, from which pans count, is at [Columns / 2, Rows / 2] in this
 * project's pixel convention (first pixel centre at [0, 0]): half a pixel right of and below the centre of
 * the pixel grid. That is where Cornerstone3D 5.x fits a stack image (measured on the CT, MR and
 * radiograph of the sample case; the end-to-end test checks the finding lands within a pixel of the middle).
 * @param series - Rows, Columns and PixelSpacing ([row spacing, column spacing] mm) of the image
 * @param point - [column, row] to centre
 * @param pixelSpacingMm - the spacing the viewer measures pans in, when it differs from the manifest's (a
 *   radiograph corrected for magnification)
 */
export function panToCentre(
  series: Pick<ManifestSeries, 'Rows' | 'Columns' | 'PixelSpacing'>,
  point: ImagePoint,
  pixelSpacingMm: readonly [number, number] = series.PixelSpacing,
): readonly [number, number] {
  const [rowSpacingMm, columnSpacingMm] = pixelSpacingMm;
  const right = (point[0] - series.Columns / 2) * columnSpacingMm;
  const down = (point[1] - series.Rows / 2) * rowSpacingMm;
  // The image moves the opposite way to the offset; `|| 0` keeps -0 out of stored state.
  return [-right || 0, -down || 0];
}

/**
 * The view after following a link to a finding.
 * - Viewport: one that already shows the finding's series (the active one first), else the active one,
 *   which switches series; that viewport becomes active.
 * - Image: the one the finding was drawn on.
 * - Camera: pan centres the finding; the zoom is kept when the learner had zoomed this series, else it is
 *   {@link focusZoom} (at the fitted size, centring a finding would mostly show empty background).
 * - The finding's category is made visible if it was hidden; the finding is highlighted.
 * @param state - the current view
 * @param target - where the finding is (from resolveFindingLink)
 * @param series - the finding's series as listed in the manifest
 * @param pixelSpacingMm - the spacing the viewer measures pans in (see {@link panToCentre})
 */
export function focusFinding(
  state: ViewState,
  target: FindingTarget,
  series: ManifestSeries,
  pixelSpacingMm: readonly [number, number] = series.PixelSpacing,
): ViewState {
  const active = state.viewports[state.activeViewport];
  const showing =
    active?.seriesKey === target.seriesKey
      ? state.activeViewport
      : state.viewports.findIndex((v) => v.seriesKey === target.seriesKey);
  const index = showing >= 0 ? showing : state.activeViewport;
  const current = state.viewports[index];
  const base =
    current && current.seriesKey === target.seriesKey
      ? current
      : defaultViewportState(target.seriesKey, target.imageIndex);
  const camera: ViewCamera = {
    zoom: base.camera?.zoom ?? focusZoom,
    panMm: panToCentre(series, target.centreImage, pixelSpacingMm),
  };
  const viewports = state.viewports.slice();
  // Going to a finding stops cine there: the finding's image stays on screen.
  viewports[index] = {
    ...base,
    imageIndex: target.imageIndex,
    camera,
    cine: { ...base.cine, playing: false },
  };
  const visibleCategories = state.visibleCategories.includes(target.categoryId)
    ? state.visibleCategories
    : [...state.visibleCategories, target.categoryId];
  return {
    ...state,
    activeViewport: index,
    viewports,
    visibleCategories,
    highlightedFinding: target.annotation.id,
  };
}
