/**
 * The whole view as one plain, serialisable object: what the UI shows, what a deep link carries and
 * what a tour step sets. Pure types and helpers; no DOM, no Cornerstone.
 */

export const layouts = ['1x1', '1x2', '2x2'] as const;
export type Layout = (typeof layouts)[number];

/** Window/level in output units (HU on CT). */
export interface Voi {
  readonly windowCenter: number;
  readonly windowWidth: number;
}

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
}

/** The view: layout, every viewport, and the teaching layer's visible state. */
export interface ViewState {
  readonly caseId: string;
  readonly layout: Layout;
  /** Index into `viewports` of the viewport that keyboard and toolbar act on. */
  readonly activeViewport: number;
  readonly viewports: readonly ViewportState[];
  /** Category ids whose overlays are drawn. */
  readonly visibleCategories: readonly string[];
  /** Annotation id highlighted in image and text, or null. */
  readonly highlightedFinding: string | null;
}

/** Number of viewports a layout shows. */
export function viewportCount(layout: Layout): number {
  return layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4;
}
