/**
 * The view a tour step or a quiz question sets: a partial view document (layout, images by SOPInstanceUID,
 * window, zoom/pan, overlays, highlighted finding). What it leaves out is kept from the view on screen.
 * Pure; depends on the view document only.
 */
import type { CaseManifest } from './CaseManifest.ts';
import type { ImageReference, ViewStateParse } from './ViewDocument.ts';
import { parseViewState, toViewDocument } from './ViewDocument.ts';
import type { Layout, ViewCamera, ViewState, Voi } from './ViewState.ts';
import { viewportCount } from './ViewState.ts';

/** One viewport of a step: the image, and optionally its window, invert and camera. */
export interface StepViewport {
  readonly image: ImageReference;
  /** Absent: the series' default window. */
  readonly voi?: Voi;
  /** Absent: not inverted. */
  readonly invert?: boolean;
  /** Absent: fitted. */
  readonly camera?: ViewCamera;
}

/** What a step shows. */
export interface StepView {
  /** Absent: the layout that holds `viewports` (1 -> 1x1, 2 -> 1x2, 3-4 -> 2x2). */
  readonly layout?: Layout;
  /** Absent: 0. */
  readonly activeViewport?: number;
  readonly viewports: readonly StepViewport[];
  /** Absent: the overlays on screen stay as they are. */
  readonly visibleCategories?: readonly string[];
  /** Absent: none highlighted. */
  readonly highlightedFinding?: string | null;
}

/** The layout a step with `count` viewports needs when it names none. */
export function layoutForViewportCount(count: number): Layout {
  return count <= 1 ? '1x1' : count === 2 ? '1x2' : '2x2';
}

/**
 * The view on screen once a step's view is applied, checked against the case (unknown series or images,
 * out-of-range values) the way a link is; never throws. Cine stops; the tool, the reveal stage and what
 * else the step leaves out are kept.
 * @param step - the step's view (from a validated tour or quiz file)
 * @param current - the view on screen
 * @param manifest - the open case
 */
export function applyStepView(step: StepView, current: ViewState, manifest: CaseManifest): ViewStateParse {
  const layout = step.layout ?? layoutForViewportCount(step.viewports.length);
  const base = toViewDocument(current, manifest);
  const viewports = step.viewports.slice(0, viewportCount(layout)).map((v) => ({
    image: { seriesKey: v.image.seriesKey, SOPInstanceUID: v.image.SOPInstanceUID },
    ...(v.voi ? { voi: { ...v.voi } } : {}),
    invert: v.invert ?? false,
    ...(v.camera ? { camera: { zoom: v.camera.zoom, panMm: [v.camera.panMm[0], v.camera.panMm[1]] } } : {}),
    cine: { playing: false, fps: 15 },
  }));
  return parseViewState(
    {
      ...base,
      layout,
      activeViewport: step.activeViewport ?? 0,
      viewports,
      visibleCategories: step.visibleCategories ? [...step.visibleCategories] : base.visibleCategories,
      highlightedFinding: step.highlightedFinding ?? null,
    },
    manifest,
  );
}

/**
 * The step view of what is on screen (for "Add this view as a step").
 * @param state - the view on screen
 * @param manifest - the open case
 */
export function stepViewOf(state: ViewState, manifest: CaseManifest): StepView {
  const doc = toViewDocument(state, manifest);
  return {
    layout: doc.layout,
    activeViewport: doc.activeViewport,
    viewports: doc.viewports.map((v) => ({
      image: v.image,
      ...(v.voi ? { voi: v.voi } : {}),
      ...(v.invert ? { invert: true } : {}),
      ...(v.camera ? { camera: v.camera } : {}),
    })),
    visibleCategories: doc.visibleCategories,
    highlightedFinding: doc.highlightedFinding,
  };
}
