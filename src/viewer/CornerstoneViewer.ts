/**
 * The image viewer: one Cornerstone rendering engine with a stack viewport per layout cell (each a
 * ViewportSlot, kept in step with its ViewportState), the lazily loaded tools bound to the store's primary
 * tool, loading and its progress, and load problems. Implements the ViewerController the UI uses. The only
 * module besides its siblings that imports Cornerstone.
 */
import {
  Enums as CoreEnums,
  cache,
  utilities as csUtilities,
  eventTarget,
  metaData,
  RenderingEngine,
  type StackViewport,
} from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { describeLoadError } from '../data/describeLoadError.ts';
import type { CaseImageIds } from '../data/imageIds.ts';
import { Emitter } from '../lib/Emitter.ts';
import { onDevicePixelRatioChange } from '../lib/onDevicePixelRatioChange.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest, ManifestSeries, WorldPoint } from '../model/CaseManifest.ts';
import type { Measurement } from '../model/Measurement.ts';
import type { RenderingPathChoice } from '../model/renderingPath.ts';
import { type StoredWindow, storedWindowsOf } from '../model/storedWindows.ts';
import type {
  CanvasPoint,
  ImagePoint,
  PrimaryTool,
  SeriesProgress,
  ViewerController,
  ViewerEvents,
  ViewportDisplay,
} from '../model/ViewerController.ts';
import type { ViewState } from '../model/ViewState.ts';
import { canvasPointFrom, point3Of, worldPointFrom } from './cornerstonePoints.ts';
import type { MeasurementTracker } from './MeasurementTracker.ts';
import { imagePointToWorld } from './pixelValueAt.ts';
import { SeriesLoader } from './SeriesLoader.ts';
import { type SlotContext, ViewportSlot } from './ViewportSlot.ts';

/** The lazily loaded tools module (@cornerstonejs/tools and our tools). */
type ToolsModule = typeof import('./setupTools.ts');

/** Id of the one tool group every viewport joins (same as setupTools.ts; kept here so it is not imported). */
const toolGroupId = 'casebook-tools';

/** Id of the Cornerstone rendering engine. */
export const renderingEngineId = 'casebook';

/** Cornerstone viewport id of layout cell `index` (for adapters that draw into a viewport). */
export function viewportIdOf(index: number): string {
  return `casebook-vp-${index}`;
}

/** Performance marks a benchmark can read with `performance.getEntriesByName`. */
export const performanceMarks = {
  firstImage: 'casebook:first-image',
  seriesLoaded: (seriesKey: string) => `casebook:series-loaded:${seriesKey}`,
} as const;

/** Shortest interval between two progress reports of one series to the UI (ms). */
const progressIntervalMs = 250;

/** What the viewer needs from the rest of the app. */
export interface CornerstoneViewerOptions {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  readonly imageIds: CaseImageIds;
  readonly renderingPath: RenderingPathChoice;
}

/** The Cornerstone-backed implementation of {@link ViewerController}. */
export class CornerstoneViewer implements ViewerController {
  readonly renderingPath: RenderingPathChoice;
  readonly events: Emitter<ViewerEvents>;
  private readonly emitter = new Emitter<ViewerEvents>();
  private readonly store: Store<ViewState>;
  private readonly manifest: CaseManifest;
  private readonly imageIds: CaseImageIds;
  private readonly engine: RenderingEngine;
  /** Cornerstone tools, once loaded (after the first image; see loadTools), and the tool they bind. */
  private tools: {
    module: ToolsModule;
    group: ToolTypes.IToolGroup;
    measurements: MeasurementTracker;
    bound: PrimaryTool;
  } | null = null;
  private toolsLoading: Promise<void> | null = null;
  private readonly loader: SeriesLoader;
  private readonly seriesByKey: ReadonlyMap<string, ManifestSeries>;
  private readonly slotContext: SlotContext;
  private slots: ViewportSlot[] = [];
  private firstImageMarked = false;
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;
  private readonly reportedProblems = new Set<string>();
  private readonly progressThrottle = new Map<
    string,
    { lastMs: number; timer: number; latest: SeriesProgress }
  >();

  constructor(options: CornerstoneViewerOptions) {
    this.events = this.emitter;
    this.store = options.store;
    this.manifest = options.manifest;
    this.imageIds = options.imageIds;
    this.renderingPath = options.renderingPath;
    this.seriesByKey = new Map(options.manifest.series.map((s) => [s.key, s]));
    this.engine = new RenderingEngine(renderingEngineId);
    this.loader = new SeriesLoader(options.imageIds.bySeries, {
      onProgress: (progress) => this.onProgress(progress),
      onImageFailed: (seriesKey, imageIndex, error) => this.reportProblem(seriesKey, imageIndex, error),
      onImageLoaded: (seriesKey, imageIndex) => {
        for (const slot of this.slots) slot.onImageLoaded(seriesKey, imageIndex);
      },
    });
    this.slotContext = {
      store: this.store,
      loader: this.loader,
      renderingPath: this.renderingPath,
      events: this.emitter,
      stackOf: (seriesKey) => {
        const series = this.seriesByKey.get(seriesKey);
        const imageIds = this.imageIds.bySeries.get(seriesKey);
        return series && imageIds ? { series, imageIds } : undefined;
      },
      imageShown: () => {
        if (this.firstImageMarked) return;
        this.firstImageMarked = true;
        performance.mark(performanceMarks.firstImage);
      },
    };
    this.resizeObserver = new ResizeObserver(() => this.scheduleResize());
    // A new ratio with the same CSS sizes (a window moved to another display) needs new backing stores too.
    onDevicePixelRatioChange(() => this.scheduleResize());
    const onLoadError = (event: Event) => {
      const detail = (event as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
      const source = detail?.imageId ? this.imageIds.source.get(detail.imageId) : undefined;
      if (source) this.reportProblem(source.seriesKey, source.imageIndex, detail?.error);
    };
    eventTarget.addEventListener(CoreEnums.Events.IMAGE_LOAD_ERROR, onLoadError);
    this.store.subscribe((state) => this.sync(state));
  }

  // ----- ViewerController -----

  attachViewports(elements: readonly HTMLElement[]): void {
    for (let i = this.slots.length - 1; i >= elements.length; i--) this.disableSlot(i);
    this.slots.length = Math.min(this.slots.length, elements.length);
    elements.forEach((element, index) => {
      const slot = this.slots[index];
      if (slot && slot.element === element) return;
      if (slot) this.disableSlot(index);
      this.slots[index] = this.enableSlot(index, element as HTMLDivElement);
    });
    this.sync(this.store.get());
  }

  async renderThumbnail(seriesKey: string, canvas: HTMLCanvasElement): Promise<void> {
    const series = this.seriesByKey.get(seriesKey);
    const ids = this.imageIds.bySeries.get(seriesKey);
    if (!series || !ids || ids.length === 0) throw new Error(`Unknown series ${seriesKey}`);
    const index = Math.floor((ids.length - 1) / 2);
    const imageId = ids[index] as string;
    try {
      await csUtilities.loadImageToCanvas({ canvas, imageId, useCPURendering: true });
      this.loader.noteLoaded(seriesKey, index);
    } catch (error) {
      this.reportProblem(seriesKey, index, error);
      throw new Error(describeLoadError(error));
    }
  }

  worldToCanvas(viewportIndex: number, point: WorldPoint): CanvasPoint | null {
    const viewport = this.showingViewport(viewportIndex);
    if (!viewport) return null;
    return canvasPointFrom(viewport.worldToCanvas(point3Of(point)));
  }

  canvasToWorld(viewportIndex: number, point: CanvasPoint): WorldPoint | null {
    const viewport = this.showingViewport(viewportIndex);
    if (!viewport) return null;
    return worldPointFrom(viewport.canvasToWorld([point[0], point[1]]));
  }

  imageToCanvas(viewportIndex: number, point: ImagePoint): CanvasPoint | null {
    const viewport = this.showingViewport(viewportIndex);
    const world = viewport ? imagePointToWorld(viewport, point) : null;
    if (!viewport || !world) return null;
    return canvasPointFrom(viewport.worldToCanvas(world));
  }

  getDisplay(viewportIndex: number): ViewportDisplay | null {
    return this.slots[viewportIndex]?.display ?? null;
  }

  getProgress(seriesKey: string): SeriesProgress | null {
    return this.loader.progress(seriesKey);
  }

  getStoredWindows(viewportIndex: number): readonly StoredWindow[] {
    const imageId = this.slots[viewportIndex]?.viewport.getCurrentImageId();
    if (!imageId) return [];
    return storedWindowsOf(metaData.get('naturalized', imageId) as Record<string, unknown> | undefined);
  }

  getMeasurements(): readonly Measurement[] {
    return this.tools?.measurements.list() ?? [];
  }

  /**
   * Patient-space centre of a measurement the learner drew (the mean of its handles: an ellipse's four
   * extreme points, a probe's point), or null when there is none; what a quiz's measure question checks
   * `within` against.
   * @param id - a measurement id from {@link getMeasurements}
   */
  async measurementCentre(id: string): Promise<WorldPoint | null> {
    if (!this.tools) return null;
    // Already loaded with the tools: this import resolves from the module cache.
    const { annotation } = await import('@cornerstonejs/tools');
    const points = annotation.state.getAnnotation(id)?.data.handles?.points;
    if (!points || points.length === 0) return null;
    const mean = (axis: 0 | 1 | 2) => points.reduce((sum, p) => sum + p[axis], 0) / points.length;
    return worldPointFrom([mean(0), mean(1), mean(2)]);
  }

  removeMeasurement(id: string): void {
    this.tools?.measurements.remove(id);
    this.engine.render();
  }

  clearMeasurements(): void {
    this.tools?.measurements.clear();
    this.engine.render();
  }

  /** Bytes of decoded images in Cornerstone's cache (for the benchmark's memory figures). */
  cacheBytes(): number {
    return cache.getCacheSize();
  }

  /** The Cornerstone stack viewport of a cell, for viewer-side adapters (e.g. teaching overlays). */
  getStackViewport(viewportIndex: number): StackViewport | null {
    return this.slots[viewportIndex]?.viewport ?? null;
  }

  /** Id of the tool group every viewport belongs to (for adapters that add read-only tools; see loadTools). */
  get cornerstoneToolGroupId(): string {
    return toolGroupId;
  }

  /** True once the Cornerstone tools (W/L, zoom, pan, measurements) are loaded and bound. */
  get toolsReady(): boolean {
    return this.tools !== null;
  }

  /**
   * Loads Cornerstone tools and binds them to every viewport (idempotent). The first image does not need
   * them, so the app calls this once it is on screen; until then mouse drags on the image do nothing and
   * the store's primary tool is only remembered there.
   */
  loadTools(): Promise<void> {
    this.toolsLoading ??= Promise.all([import('./setupTools.ts'), import('./MeasurementTracker.ts')]).then(
      ([module, tracking]) => {
        const group = module.setupTools();
        const measurements = new tracking.MeasurementTracker(
          (imageId) => {
            const source = this.imageIds.source.get(imageId);
            const series = source ? this.seriesByKey.get(source.seriesKey) : undefined;
            return source && series ? { ...source, Modality: series.Modality } : undefined;
          },
          (list) => this.emitter.emit('measurements', list),
        );
        // setupTools puts the W/L tool on the left button.
        this.tools = { module, group, measurements, bound: 'WindowLevel' };
        for (const slot of this.slots) this.addToTools(slot);
        this.bindPrimaryTool(this.store.get().primaryTool);
        this.engine.render();
      },
    );
    return this.toolsLoading;
  }

  /** Queues every series of the case after the ones on screen (call once the first image is shown). */
  prefetchWholeCase(): void {
    for (const series of this.manifest.series) this.loader.enqueue(series.key);
  }

  // ----- store -> viewports and tools -----

  private sync(state: ViewState): void {
    for (const slot of this.slots) {
      const wanted = state.viewports[slot.index];
      if (wanted) slot.sync(wanted);
    }
    this.bindPrimaryTool(state.primaryTool);
  }

  /** Puts `tool` on the left mouse button once the tools are loaded (until then loadTools binds it). */
  private bindPrimaryTool(tool: PrimaryTool): void {
    const tools = this.tools;
    if (!tools || tools.bound === tool) return;
    tools.module.bindPrimaryTool(tools.group, tools.bound, tool);
    tools.bound = tool;
  }

  // ----- enabling and disabling -----

  private enableSlot(index: number, element: HTMLDivElement): ViewportSlot {
    const viewportId = viewportIdOf(index);
    this.engine.enableElement({
      viewportId,
      type: CoreEnums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    const viewport = this.engine.getViewport(viewportId) as StackViewport;
    const slot = new ViewportSlot(index, viewport, this.slotContext);
    this.resizeObserver.observe(element);
    this.addToTools(slot);
    return slot;
  }

  private addToTools(slot: ViewportSlot): void {
    if (!this.tools) return;
    this.tools.module.adoptEnabledElement(slot.element, slot.viewport.id, renderingEngineId);
    this.tools.group.addViewport(slot.viewport.id, renderingEngineId);
    slot.element.dataset.tools = 'ready';
  }

  private disableSlot(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    const viewportId = slot.viewport.id;
    slot.dispose();
    this.resizeObserver.unobserve(slot.element);
    this.tools?.group.removeViewports(renderingEngineId, viewportId);
    delete slot.element.dataset.tools;
    this.engine.disableElement(viewportId);
  }

  /** The viewport of a cell once its first image is on screen (its coordinate maps are valid). */
  private showingViewport(index: number): StackViewport | null {
    const slot = this.slots[index];
    return slot?.showing ? slot.viewport : null;
  }

  // ----- resizing, loading, problems -----

  private scheduleResize(): void {
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      // The engine fits every image again at its new size; each slot then captures its new fitted camera
      // and re-applies its view. Meanwhile the slots have no frame, so Cornerstone's camera events are not
      // taken for the learner's.
      for (const slot of this.slots) slot.beforeResize();
      this.engine.resize(true, false);
      for (const slot of this.slots) slot.afterResize();
    });
  }

  /**
   * Passes loading progress on to the UI at most every `progressIntervalMs` per series (and at once when a
   * series completes): each report repaints progress bars, and with software compositing a repaint per
   * image cost more than reading the image.
   */
  private onProgress(progress: SeriesProgress): void {
    const key = progress.seriesKey;
    const complete = progress.loaded + progress.failed === progress.total;
    if (complete) performance.mark(performanceMarks.seriesLoaded(key));
    const throttle = this.progressThrottle.get(key) ?? {
      lastMs: Number.NEGATIVE_INFINITY,
      timer: 0,
      latest: progress,
    };
    this.progressThrottle.set(key, throttle);
    throttle.latest = progress;
    const now = performance.now();
    const emit = () => {
      throttle.timer = 0;
      throttle.lastMs = performance.now();
      this.emitter.emit('progress', throttle.latest);
    };
    if (complete || now - throttle.lastMs >= progressIntervalMs) {
      if (throttle.timer) clearTimeout(throttle.timer);
      emit();
    } else if (!throttle.timer) {
      throttle.timer = window.setTimeout(emit, progressIntervalMs - (now - throttle.lastMs));
    }
  }

  private reportProblem(seriesKey: string, imageIndex: number, error: unknown): void {
    const key = `${seriesKey}#${imageIndex}`;
    if (this.reportedProblems.has(key)) return;
    this.reportedProblems.add(key);
    const file = this.seriesByKey.get(seriesKey)?.instances[imageIndex]?.file ?? `image ${imageIndex + 1}`;
    this.emitter.emit('loadProblem', { seriesKey, imageIndex, file, message: describeLoadError(error) });
  }
}
