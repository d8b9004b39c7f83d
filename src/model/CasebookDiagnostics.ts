/**
 * The read-only diagnostics the app puts on `window.__casebook` for the end-to-end tests and the benchmark:
 * one type, written by src/main.ts and read by e2e/ (a test that reads a field the app no longer has fails to
 * compile instead of reading `undefined`).
 */
import type { WorldPoint } from './CaseManifest.ts';
import type { Measurement } from './Measurement.ts';
import type { RenderingPathChoice } from './renderingPath.ts';
import type { CanvasPoint, ImagePoint, SeriesProgress, ViewportDisplay } from './ViewerController.ts';
import type { ViewState } from './ViewState.ts';

/** What `window.__casebook` holds once the viewer is up. */
export interface CasebookDiagnostics {
  readonly caseId: string;
  readonly renderingPath: RenderingPathChoice['path'];
  readonly renderingReason: string;
  readonly renderer: string;
  /** A copy of the store's state. */
  getViewState(): ViewState;
  getDisplay(viewportIndex: number): ViewportDisplay | null;
  getProgress(seriesKey: string): SeriesProgress | null;
  getMeasurements(): readonly Measurement[];
  /** Bytes in Cornerstone's image cache. */
  getCacheBytes(): number;
  worldToCanvas(viewportIndex: number, point: WorldPoint): CanvasPoint | null;
  canvasToWorld(viewportIndex: number, point: CanvasPoint): WorldPoint | null;
  imageToCanvas(viewportIndex: number, point: ImagePoint): CanvasPoint | null;
}

/** `window` as a test sees it: `(window as unknown as CasebookWindow).__casebook`. */
export interface CasebookWindow {
  readonly __casebook: CasebookDiagnostics;
}
