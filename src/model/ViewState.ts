import { knownCase, type RevealStage } from './RevealStage.ts';

export const layouts = ['1x1', '1x2', '2x2'] as const;
export type Layout = (typeof layouts)[number];

/** Window/level in output units (HU on CT). */
export interface Voi {
  readonly windowCenter: number;
  readonly windowWidth: number;
}

/** Tools the left mouse button can hold (one choice for every viewport, as the toolbar shows). */
export const primaryTools = ['WindowLevel', 'Pan', 'Zoom', 'Probe', 'Length', 'EllipticalROI'] as const;
export type PrimaryTool = (typeof primaryTools)[number];

/** Cine playback of one viewport. */
export interface CineState {
  readonly playing: boolean;
  /** Frames per second, 1..60. */
  readonly fps: number;
}

/** Cine of a viewport that has not been played: stopped, 15 frames per second. */
export const stoppedCine: CineState = { playing: false, fps: 15 };

/** Slowest and fastest cine rate, frames per second. */
export const cineFpsRange = { min: 1, max: 60 } as const;

/** Camera of a 2-D viewport, independent of canvas size: zoom 1 = image fits; pan in image mm. */
export interface ViewCamera {
  readonly zoom: number;
  readonly panMm: readonly [number, number];
}

/** What one viewport shows. */
export interface ViewportState {
  readonly seriesKey: string;
  /** 0-based index into the series' instances in display order. */
  readonly imageIndex: number;
  /** Absent: the series' default VOI. */
  readonly voi?: Voi;
  readonly invert: boolean;
  /** Absent: fit to the viewport. */
  readonly camera?: ViewCamera;
  readonly cine: CineState;
}

/** The view: layout, every viewport, and the teaching layer's visible state. */
export interface ViewState {
  readonly caseId: string;
  readonly layout: Layout;
  /** Index into `viewports` of the viewport that keyboard and toolbar act on. */
  readonly activeViewport: number;
  readonly viewports: readonly ViewportState[];
  /** Tool on the left mouse button of every viewport. */
  readonly primaryTool: PrimaryTool;
  /** Category ids whose overlays are drawn. */
  readonly visibleCategories: readonly string[];
  /** Annotation id highlighted in image and text, or null. */
  readonly highlightedFinding: string | null;
  /** How much of the case is shown: `all` for a known case, an earlier stage for an unknown one. */
  readonly reveal: RevealStage;
}

/** Number of viewports a layout shows. */
export function viewportCount(layout: Layout): number {
  return layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4;
}

/** The state of a viewport that shows `seriesKey` as the series opens: given slice, default VOI, fitted. */
export function defaultViewportState(seriesKey: string, imageIndex = 0): ViewportState {
  return { seriesKey, imageIndex, invert: false, cine: stoppedCine };
}

/**
 * The view a case opens on: one viewport showing `firstSeriesKey` (usually the CT) at `imageIndex`.
 * @param caseId - the manifest's case id
 * @param firstSeriesKey - series shown in the first viewport
 * @param imageIndex - slice to open on (e.g. the middle of the stack)
 */
export function initialViewState(caseId: string, firstSeriesKey: string, imageIndex = 0): ViewState {
  return {
    caseId,
    layout: '1x1',
    activeViewport: 0,
    viewports: [defaultViewportState(firstSeriesKey, imageIndex)],
    primaryTool: 'WindowLevel',
    visibleCategories: [],
    highlightedFinding: null,
    reveal: knownCase,
  };
}

/**
 * Switches the layout. Viewports that stay keep their state; new ones show series not yet on screen
 * (in `seriesKeys` order, repeating when there are fewer series than cells); the active index is clamped.
 * @param state - current view
 * @param layout - the new layout
 * @param seriesKeys - every series of the case, in list order
 * @param startIndexOf - slice a newly shown series opens on
 */
export function withLayout(
  state: ViewState,
  layout: Layout,
  seriesKeys: readonly string[],
  startIndexOf: (seriesKey: string) => number = () => 0,
): ViewState {
  const count = viewportCount(layout);
  const viewports = state.viewports.slice(0, count);
  const unused = seriesKeys.filter((key) => !viewports.some((v) => v.seriesKey === key));
  let fallback = 0;
  while (viewports.length < count && seriesKeys.length > 0) {
    const key = unused.shift() ?? seriesKeys[fallback++ % seriesKeys.length];
    if (key === undefined) break;
    viewports.push(defaultViewportState(key, startIndexOf(key)));
  }
  return {
    ...state,
    layout,
    viewports,
    activeViewport: Math.min(state.activeViewport, viewports.length - 1),
  };
}

/**
 * Returns `state` with viewport `index` changed by `patch`, or `state` itself when nothing changes
 * (so the store does not notify).
 */
export function patchViewport(state: ViewState, index: number, patch: Partial<ViewportState>): ViewState {
  const current = state.viewports[index];
  if (!current) return state;
  const keys = Object.keys(patch) as (keyof ViewportState)[];
  if (keys.every((key) => sameValue(current[key], patch[key]))) return state;
  const next: ViewportState = { ...current, ...patch };
  // A key set to undefined means "back to default": drop it so the object stays minimal and serialisable.
  for (const key of keys) if (patch[key] === undefined) delete (next as Partial<ViewportState>)[key];
  const viewports = state.viewports.slice();
  viewports[index] = next;
  return { ...state, viewports };
}

/** Shows `seriesKey` in viewport `index` from `imageIndex`, with default VOI and camera. */
export function showSeries(
  state: ViewState,
  index: number,
  seriesKey: string,
  imageIndex: number,
): ViewState {
  const current = state.viewports[index];
  if (!current) return state;
  if (current.seriesKey === seriesKey) return state;
  const viewports = state.viewports.slice();
  viewports[index] = defaultViewportState(seriesKey, imageIndex);
  return { ...state, viewports };
}

/** Clamps an image index into `[0, imageCount - 1]`. */
export function clampImageIndex(index: number, imageCount: number): number {
  if (imageCount <= 0) return 0;
  return Math.max(0, Math.min(imageCount - 1, Math.round(index)));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
