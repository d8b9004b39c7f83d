/**
 * The typed interface between the DOM panels (src/ui) and the image viewer (src/viewer). View state (series,
 * slice, VOI, camera, layout, cine, the left-button tool) travels through the ViewState store, which the
 * viewer reads; this interface carries what is not view state: thumbnails, measurements, coordinate
 * transforms, loading progress, what was drawn. Types only.
 */
import type { Subscribable } from '../lib/Emitter.ts';
import type { CanvasPoint, ImagePoint, WorldPoint } from './geometry.ts';
import type { Measurement } from './Measurement.ts';
import type { OrientationMarkers } from './orientationMarkers.ts';
import type { RenderingPathChoice } from './renderingPath.ts';
import type { StoredWindow } from './storedWindows.ts';
import type { Voi } from './ViewState.ts';

/** The coordinate types the transforms below take and return, from the one geometry module. */
export type { CanvasPoint, ImagePoint } from './geometry.ts';
export type { CineState, PrimaryTool } from './ViewState.ts';
export { primaryTools } from './ViewState.ts';

/** Loading progress of one series. */
export interface SeriesProgress {
  readonly seriesKey: string;
  readonly loaded: number;
  readonly failed: number;
  readonly total: number;
}

/** One image that could not be loaded or decoded. */
export interface LoadProblem {
  readonly seriesKey: string;
  readonly imageIndex: number;
  /** File path as written in the manifest. */
  readonly file: string;
  /** What went wrong, in plain words (`HTTP 404 Not Found`, `file is truncated...`). */
  readonly message: string;
}

/** What one viewport actually shows after a render. */
export interface ViewportDisplay {
  readonly viewportIndex: number;
  readonly seriesKey: string;
  readonly imageIndex: number;
  readonly imageCount: number;
  /** The VOI in effect (output units: HU on CT). */
  readonly voi: Voi | null;
  readonly invert: boolean;
  /** Zoom relative to the fitted image. */
  readonly zoom: number;
  readonly markers: OrientationMarkers | null;
  /** Number of IMAGE_RENDERED events since the viewport was enabled. */
  readonly renderCount: number;
}

/** Pixel readout under the mouse. */
export interface PointerReadout {
  readonly viewportIndex: number;
  readonly world: WorldPoint | null;
  /** Modality value (HU on CT) under the pointer, null outside the image. */
  readonly value: number | null;
}

/** Events the viewer reports. */
export interface ViewerEvents {
  progress: SeriesProgress;
  loadProblem: LoadProblem;
  measurements: readonly Measurement[];
  display: ViewportDisplay;
  pointer: PointerReadout;
}

/** What the UI may ask of the viewer. */
export interface ViewerController {
  /** The rendering path chosen at start-up and why. */
  readonly renderingPath: RenderingPathChoice;
  readonly events: Subscribable<ViewerEvents>;
  /**
   * Hands the viewer the grid's viewport elements, one per layout cell in order; the viewer enables them
   * and disables viewports whose element is gone. Call again after every layout change.
   */
  attachViewports(elements: readonly HTMLElement[]): void;
  /** Draws the series' middle image into `canvas` (a thumbnail); resolves when drawn, rejects on failure. */
  renderThumbnail(seriesKey: string, canvas: HTMLCanvasElement): Promise<void>;
  /** Canvas position of a patient-space point in a viewport, or null when the viewport is not ready. */
  worldToCanvas(viewportIndex: number, point: WorldPoint): CanvasPoint | null;
  canvasToWorld(viewportIndex: number, point: CanvasPoint): WorldPoint | null;
  /**
   * Canvas position of an image pixel (column, row; 0-based, pixel centres) of the image shown in a
   * viewport: the way to place radiograph annotations, which have no patient coordinates.
   */
  imageToCanvas(viewportIndex: number, point: ImagePoint): CanvasPoint | null;
  /** The latest display report of a viewport. */
  getDisplay(viewportIndex: number): ViewportDisplay | null;
  getProgress(seriesKey: string): SeriesProgress | null;
  /**
   * The windows stored in the file of the image a viewport shows (WindowCenter / WindowWidth pairs with their
   * explanations), in file order; empty before an image is shown.
   */
  getStoredWindows(viewportIndex: number): readonly StoredWindow[];
  /** Measurements the learner made, oldest first. */
  getMeasurements(): readonly Measurement[];
  removeMeasurement(id: string): void;
  clearMeasurements(): void;
}
