/**
 * The image viewer: one Cornerstone rendering engine with a stack viewport per layout cell, kept in step
 * with the ViewState store both ways (store -> viewports; tool drags, VOI and camera changes -> store).
 * Implements the ViewerController the UI uses. The only module besides its siblings that imports Cornerstone.
 */
import {
  Enums as CoreEnums,
  cache,
  utilities as csUtilities,
  eventTarget,
  metaData,
  RenderingEngine,
  type StackViewport,
  type Types,
} from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { describeLoadError } from '../data/describeLoadError.ts';
import type { CaseImageIds } from '../data/imageIds.ts';
import { setAttr } from '../lib/domWrites.ts';
import { Emitter } from '../lib/Emitter.ts';
import { onDevicePixelRatioChange } from '../lib/onDevicePixelRatioChange.ts';
import type { Store } from '../lib/Store.ts';
import { autoVoiFromPixels } from '../model/autoVoi.ts';
import type { CaseManifest, ManifestSeries, WorldPoint } from '../model/CaseManifest.ts';
import {
  type CameraFrame,
  isFitted,
  parallelCameraFrom,
  sameViewCamera,
  viewCameraFrom,
} from '../model/cameraMapping.ts';
import type { Measurement } from '../model/Measurement.ts';
import {
  type ImageOrientationPatient,
  markersFromImageOrientation,
  markersFromPatientOrientation,
  type OrientationMarkers,
} from '../model/orientationMarkers.ts';
import type { RenderingPathChoice } from '../model/renderingPath.ts';
import { type StoredWindow, storedWindowsOf } from '../model/storedWindows.ts';
import type {
  CanvasPoint,
  CineState,
  ImagePoint,
  PrimaryTool,
  SeriesProgress,
  ViewerController,
  ViewerEvents,
  ViewportDisplay,
} from '../model/ViewerController.ts';
import {
  clampImageIndex,
  patchViewport,
  type ViewCamera,
  type ViewportState,
  type ViewState,
  type Voi,
} from '../model/ViewState.ts';
import { voiAttribute } from '../model/windowPresets.ts';
import { sizeCanvasToDevicePixels } from './cpuDevicePixels.ts';
import type { MeasurementTracker } from './MeasurementTracker.ts';
import { imagePointToWorld, pixelValueAt, scalarData } from './pixelValueAt.ts';
import { SeriesLoader } from './SeriesLoader.ts';

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

interface Slot {
  readonly index: number;
  readonly viewportId: string;
  element: HTMLDivElement;
  /** Series whose stack is set or being set. */
  seriesKey: string | null;
  imageCount: number;
  /** Bumped on every new stack, so late results of an earlier one are dropped. */
  generation: number;
  /** True once the first image of the current stack is shown and its defaults are known. */
  initialised: boolean;
  frame: CameraFrame | null;
  defaultVoi: Voi | null;
  appliedVoi: Voi | null;
  appliedInvert: boolean;
  appliedCamera: ViewCamera | undefined;
  monochrome1: boolean;
  markers: OrientationMarkers | null;
  renderCount: number;
  /** Slice on screen (from the last render). */
  shownIndex: number;
  /** Slice the store asks for (may not be loaded yet). */
  wantedIndex: number;
  /** Slice the viewport was last told to show: the wanted one, or the nearest loaded one meanwhile. */
  displayTarget: number;
  /** Slice of the image Cornerstone last set up (STACK_NEW_IMAGE), -1 before the first. */
  drawnIndex: number;
  /** > 0 while the viewer itself changes Cornerstone state (its events must not echo into the store). */
  applying: number;
  cine: CineState;
  cineFrame: number;
  cineLast: number;
  readonly offs: Array<() => void>;
  display: ViewportDisplay | null;
}

/** What the viewer needs from the rest of the app. */
export interface CornerstoneViewerOptions {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  readonly imageIds: CaseImageIds;
  readonly renderingPath: RenderingPathChoice;
}

const sameVoi = (a: Voi | null | undefined, b: Voi | null | undefined): boolean =>
  !!a &&
  !!b &&
  Math.abs(a.windowCenter - b.windowCenter) < 0.5 &&
  Math.abs(a.windowWidth - b.windowWidth) < 0.5;

const toRange = (voi: Voi): Types.VOIRange =>
  csUtilities.windowLevel.toLowHighRange(voi.windowWidth, voi.windowCenter);

const fromRange = (range: Types.VOIRange): Voi => {
  const { windowWidth, windowCenter } = csUtilities.windowLevel.toWindowLevel(range.lower, range.upper);
  return { windowWidth, windowCenter };
};

const cross = (a: Types.Point3, b: Types.Point3): WorldPoint => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

/** The Cornerstone-backed implementation of {@link ViewerController}. */
export class CornerstoneViewer implements ViewerController {
  readonly renderingPath: RenderingPathChoice;
  readonly events: Emitter<ViewerEvents>;
  private readonly emitter = new Emitter<ViewerEvents>();
  private readonly store: Store<ViewState>;
  private readonly manifest: CaseManifest;
  private readonly imageIds: CaseImageIds;
  private readonly engine: RenderingEngine;
  /** Cornerstone tools, once loaded (after the first image; see loadTools). */
  private tools: {
    module: ToolsModule;
    group: ToolTypes.IToolGroup;
    measurements: MeasurementTracker;
  } | null = null;
  private toolsLoading: Promise<void> | null = null;
  private readonly loader: SeriesLoader;
  private readonly seriesByKey: ReadonlyMap<string, ManifestSeries>;
  private slots: Slot[] = [];
  private primaryTool: PrimaryTool = 'WindowLevel';
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
      onImageLoaded: (seriesKey, imageIndex) => this.onImageLoaded(seriesKey, imageIndex),
    });
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

  setPrimaryTool(tool: PrimaryTool): void {
    // Before the tools are loaded only the choice is kept; loadTools binds it.
    if (this.tools) this.tools.module.bindPrimaryTool(this.tools.group, this.primaryTool, tool);
    this.primaryTool = tool;
    this.emitter.emit('tool', tool);
  }

  getPrimaryTool(): PrimaryTool {
    return this.primaryTool;
  }

  setCine(viewportIndex: number, cine: Partial<CineState>): void {
    const slot = this.slots[viewportIndex];
    if (!slot) return;
    const next: CineState = {
      playing: cine.playing ?? slot.cine.playing,
      fps: Math.max(1, Math.min(60, Math.round(cine.fps ?? slot.cine.fps))),
    };
    if (next.playing === slot.cine.playing && next.fps === slot.cine.fps) return;
    slot.cine = next;
    if (next.playing && !slot.cineFrame) {
      slot.cineLast = performance.now();
      slot.cineFrame = requestAnimationFrame((t) => this.cineTick(slot, t));
    } else if (!next.playing && slot.cineFrame) {
      cancelAnimationFrame(slot.cineFrame);
      slot.cineFrame = 0;
    }
    this.emitter.emit('cine', { viewportIndex, cine: next });
  }

  getCine(viewportIndex: number): CineState {
    return this.slots[viewportIndex]?.cine ?? { playing: false, fps: 15 };
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
    const viewport = this.viewportOf(viewportIndex);
    if (!viewport || !this.slots[viewportIndex]?.initialised) return null;
    const [x, y] = viewport.worldToCanvas([point[0], point[1], point[2]]);
    return [x, y];
  }

  canvasToWorld(viewportIndex: number, point: CanvasPoint): WorldPoint | null {
    const viewport = this.viewportOf(viewportIndex);
    if (!viewport || !this.slots[viewportIndex]?.initialised) return null;
    const [x, y, z] = viewport.canvasToWorld([point[0], point[1]]);
    return [x, y, z];
  }

  imageToCanvas(viewportIndex: number, point: ImagePoint): CanvasPoint | null {
    const viewport = this.viewportOf(viewportIndex);
    if (!viewport || !this.slots[viewportIndex]?.initialised) return null;
    const world = imagePointToWorld(viewport, point);
    if (!world) return null;
    const [x, y] = viewport.worldToCanvas(world);
    return [x, y];
  }

  getDisplay(viewportIndex: number): ViewportDisplay | null {
    return this.slots[viewportIndex]?.display ?? null;
  }

  getProgress(seriesKey: string): SeriesProgress | null {
    return this.loader.progress(seriesKey);
  }

  getStoredWindows(viewportIndex: number): readonly StoredWindow[] {
    const imageId = this.viewportOf(viewportIndex)?.getCurrentImageId();
    if (!imageId) return [];
    return storedWindowsOf(metaData.get('naturalized', imageId) as Record<string, unknown> | undefined);
  }

  getMeasurements(): readonly Measurement[] {
    return this.tools?.measurements.list() ?? [];
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
    return this.viewportOf(viewportIndex);
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
   * them, so the app calls this once it is on screen; until then mouse drags on the image do nothing.
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
        this.tools = { module, group, measurements };
        for (const slot of this.slots) this.addToTools(slot);
        if (this.primaryTool !== 'WindowLevel')
          module.bindPrimaryTool(group, 'WindowLevel', this.primaryTool);
        this.engine.render();
      },
    );
    return this.toolsLoading;
  }

  private addToTools(slot: Slot): void {
    if (!this.tools) return;
    this.tools.module.adoptEnabledElement(slot.element, slot.viewportId, renderingEngineId);
    this.tools.group.addViewport(slot.viewportId, renderingEngineId);
    slot.element.dataset.tools = 'ready';
  }

  // ----- enabling and disabling -----

  private enableSlot(index: number, element: HTMLDivElement): Slot {
    const viewportId = viewportIdOf(index);
    this.engine.enableElement({
      viewportId,
      type: CoreEnums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    this.sizeCpuCanvas(this.engine.getViewport(viewportId) as StackViewport | undefined);
    element.oncontextmenu = (event) => event.preventDefault();
    const slot: Slot = {
      index,
      viewportId,
      element,
      seriesKey: null,
      imageCount: 0,
      generation: 0,
      initialised: false,
      frame: null,
      defaultVoi: null,
      appliedVoi: null,
      appliedInvert: false,
      appliedCamera: undefined,
      monochrome1: false,
      markers: null,
      renderCount: 0,
      shownIndex: -1,
      wantedIndex: -1,
      displayTarget: -1,
      drawnIndex: -1,
      applying: 0,
      cine: { playing: false, fps: 15 },
      cineFrame: 0,
      cineLast: 0,
      offs: [],
      display: null,
    };
    const on = (name: string, handler: (detail: never) => void) => {
      const listener = (event: Event) => handler((event as CustomEvent).detail as never);
      element.addEventListener(name, listener);
      slot.offs.push(() => element.removeEventListener(name, listener));
    };
    const { Events } = CoreEnums;
    on(Events.IMAGE_RENDERED, () => this.onRendered(slot));
    on(Events.STACK_NEW_IMAGE, (detail: Types.EventTypes.StackNewImageEventDetail) =>
      this.onNewImage(slot, detail),
    );
    on(Events.VOI_MODIFIED, (detail: Types.EventTypes.VoiModifiedEventDetail) =>
      this.onVoiModified(slot, detail),
    );
    on(Events.CAMERA_MODIFIED, () => this.onCameraModified(slot));
    const onPointerMove = (event: PointerEvent) => this.onPointerMove(slot, event);
    element.addEventListener('pointermove', onPointerMove);
    slot.offs.push(() => element.removeEventListener('pointermove', onPointerMove));
    this.resizeObserver.observe(element);
    element.dataset.renderCount = '0';
    this.addToTools(slot);
    return slot;
  }

  private disableSlot(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    this.setCine(index, { playing: false });
    for (const off of slot.offs) off();
    this.resizeObserver.unobserve(slot.element);
    this.tools?.group.removeViewports(renderingEngineId, slot.viewportId);
    delete slot.element.dataset.tools;
    this.engine.disableElement(slot.viewportId);
  }

  private viewportOf(index: number): StackViewport | null {
    const slot = this.slots[index];
    if (!slot) return null;
    return (this.engine.getViewport(slot.viewportId) as StackViewport | undefined) ?? null;
  }

  // ----- store -> Cornerstone -----

  private sync(state: ViewState): void {
    this.slots.forEach((slot, index) => {
      const wanted = state.viewports[index];
      if (!wanted) return;
      if (slot.seriesKey !== wanted.seriesKey) this.openSeries(slot, wanted);
      else if (slot.initialised) this.applyView(slot, wanted, false);
      else this.setIndexWhileLoading(slot, wanted);
    });
  }

  private openSeries(slot: Slot, wanted: ViewportState): void {
    const viewport = this.viewportOf(slot.index);
    const ids = this.imageIds.bySeries.get(wanted.seriesKey);
    const series = this.seriesByKey.get(wanted.seriesKey);
    if (!viewport || !ids || !series) return;
    slot.seriesKey = wanted.seriesKey;
    slot.imageCount = ids.length;
    slot.generation++;
    slot.initialised = false;
    slot.frame = null;
    slot.appliedVoi = null;
    slot.appliedCamera = undefined;
    slot.appliedInvert = false;
    slot.shownIndex = -1;
    slot.drawnIndex = -1;
    slot.markers = markersOfSeries(series, ids[0] as string);
    const index = clampImageIndex(wanted.imageIndex, ids.length);
    slot.wantedIndex = index;
    slot.displayTarget = index;
    slot.element.dataset.seriesKey = wanted.seriesKey;
    slot.element.dataset.imageCount = String(ids.length);
    slot.element.dataset.imageIndex = String(index);
    slot.element.dataset.wantedIndex = String(index);
    delete slot.element.dataset.voi;
    this.setCine(slot.index, { playing: false });
    const generation = slot.generation;
    slot.applying++;
    viewport
      .setStack([...ids], index)
      .catch(() => {
        // The failure is reported through IMAGE_LOAD_ERROR with the image id; keep the viewport usable.
      })
      .finally(() => {
        if (slot.generation === generation) this.focusLoading(slot, index);
      });
    slot.applying--;
  }

  /** Loads the series around `imageIndex` next (the loader re-centres itself on jumps: SeriesLoader.want). */
  private focusLoading(slot: Slot, imageIndex: number): void {
    if (!slot.seriesKey) return;
    this.loader.focus(slot.seriesKey, imageIndex);
  }

  /** Before the first image of a stack arrives, a new slice request replaces the pending one. */
  private setIndexWhileLoading(slot: Slot, wanted: ViewportState): void {
    const viewport = this.viewportOf(slot.index);
    if (!viewport || slot.seriesKey === null) return;
    const index = clampImageIndex(wanted.imageIndex, slot.imageCount);
    if (index !== viewport.getTargetImageIdIndex()) {
      slot.wantedIndex = index;
      slot.displayTarget = index;
      slot.element.dataset.imageIndex = String(index);
      slot.element.dataset.wantedIndex = String(index);
      viewport.setImageIdIndex(index).catch(() => undefined);
    }
  }

  /**
   * Shows the slice the store asks for when it is loaded. Otherwise tells the loader (which loads towards it)
   * and shows the nearest loaded slice until it arrives ({@link onImageLoaded} swaps nearer ones in), so the
   * picture follows the wheel instead of freezing on the last loaded slice.
   */
  private showIndex(slot: Slot, viewport: StackViewport, index: number): void {
    const seriesKey = slot.seriesKey;
    if (!seriesKey) return;
    if (slot.wantedIndex !== index) {
      slot.wantedIndex = index;
      slot.element.dataset.wantedIndex = String(index);
    }
    this.loader.want(seriesKey, index);
    if (this.loader.isLoaded(seriesKey, index) || cache.isLoaded(viewport.getImageIds()[index] ?? '')) {
      if (slot.displayTarget === index && slot.drawnIndex === index) this.reportDisplayAgain(slot);
      else this.display(slot, viewport, index);
      return;
    }
    const near = this.loader.nearestLoaded(seriesKey, index, slot.displayTarget);
    if (near >= 0 && near !== slot.displayTarget) this.display(slot, viewport, near);
    else this.reportDisplayAgain(slot);
  }

  /**
   * The picture stays while the asked slice changed: report the display again (after the store's other
   * listeners have seen the new slice), so the overlay can say which slice is on screen.
   */
  private reportDisplayAgain(slot: Slot): void {
    const generation = slot.generation;
    queueMicrotask(() => {
      if (slot.generation === generation && slot.display) this.emitter.emit('display', slot.display);
    });
  }

  private display(slot: Slot, viewport: StackViewport, index: number): void {
    if (slot.displayTarget === index && viewport.getCurrentImageIdIndex() === index) return;
    slot.displayTarget = index;
    viewport.setImageIdIndex(index).catch(() => undefined);
  }

  /** A slice arrived in the cache: swap it in if it is the wanted one or nearer to it than what is shown. */
  private onImageLoaded(seriesKey: string, imageIndex: number): void {
    for (const slot of this.slots) {
      if (slot.seriesKey !== seriesKey || !slot.initialised || slot.displayTarget === slot.wantedIndex)
        continue;
      const wanted = slot.wantedIndex;
      if (Math.abs(imageIndex - wanted) >= Math.abs(slot.displayTarget - wanted)) continue;
      const viewport = this.viewportOf(slot.index);
      if (viewport) this.display(slot, viewport, imageIndex);
    }
  }

  private applyView(slot: Slot, wanted: ViewportState, force: boolean): void {
    const viewport = this.viewportOf(slot.index);
    if (!viewport) return;
    const index = clampImageIndex(wanted.imageIndex, slot.imageCount);
    if (index !== slot.wantedIndex || index !== slot.displayTarget) this.showIndex(slot, viewport, index);
    let needsRender = false;
    slot.applying++;
    try {
      const voi = wanted.voi ?? slot.defaultVoi;
      if (voi && (force || !sameVoi(voi, slot.appliedVoi))) {
        viewport.setProperties({ voiRange: toRange(voi) });
        slot.appliedVoi = voi;
        needsRender = true;
      }
      if (force || wanted.invert !== slot.appliedInvert) {
        // MONOCHROME1 is already shown inverted (low values white); the learner's invert flips that.
        viewport.setProperties({ invert: wanted.invert !== slot.monochrome1 });
        slot.appliedInvert = wanted.invert;
        needsRender = true;
      }
      if (slot.frame && (force || !sameViewCamera(wanted.camera, slot.appliedCamera))) {
        this.applyCamera(viewport, slot.frame, wanted.camera);
        slot.appliedCamera = wanted.camera;
        needsRender = true;
      }
    } finally {
      slot.applying--;
    }
    if (needsRender) viewport.render();
  }

  private applyCamera(viewport: StackViewport, frame: CameraFrame, camera: ViewCamera | undefined): void {
    const target = parallelCameraFrom(camera, frame);
    const current = viewport.getCamera();
    const focal = current.focalPoint ?? [0, 0, 0];
    const position = current.position ?? [0, 0, 0];
    const offset: Types.Point3 = [position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]];
    const f = target.focalPoint;
    viewport.setCamera({
      parallelScale: target.parallelScale,
      focalPoint: [f[0], f[1], f[2]],
      position: [f[0] + offset[0], f[1] + offset[1], f[2] + offset[2]],
    });
  }

  /** Fits the image and records the fitted camera and screen axes (after a new stack or a resize). */
  private captureFrame(slot: Slot, viewport: StackViewport): void {
    slot.applying++;
    try {
      viewport.resetCamera();
      const camera = viewport.getCamera();
      const viewUp = camera.viewUp ?? [0, -1, 0];
      const normal = camera.viewPlaneNormal ?? [0, 0, -1];
      const focal = camera.focalPoint ?? [0, 0, 0];
      slot.frame = {
        fit: { focalPoint: [focal[0], focal[1], focal[2]], parallelScale: camera.parallelScale ?? 1 },
        right: cross(viewUp, normal),
        down: [-viewUp[0], -viewUp[1], -viewUp[2]],
      };
      slot.appliedCamera = undefined;
    } finally {
      slot.applying--;
    }
  }

  // ----- Cornerstone -> store -----

  private onNewImage(slot: Slot, detail: Types.EventTypes.StackNewImageEventDetail): void {
    const seriesKey = slot.seriesKey;
    if (!seriesKey) return;
    slot.drawnIndex = detail.imageIdIndex;
    this.loader.noteLoaded(seriesKey, detail.imageIdIndex);
    if (!slot.initialised) {
      const generation = slot.generation;
      // Runs after Cornerstone has set up the image and before the next animation frame draws it.
      queueMicrotask(() => {
        if (slot.generation === generation && !slot.initialised) this.initialiseSeries(slot, detail.image);
      });
      return;
    }
    // The CPU path resets the viewport's VOI record to the file's window on every new image (while still
    // drawing the learner's window); put it back so the W/L tool starts its drag from what is on screen.
    queueMicrotask(() => this.keepVoiRecord(slot));
    const wanted = this.store.get().viewports[slot.index];
    if (
      wanted &&
      wanted.seriesKey === seriesKey &&
      wanted.imageIndex !== detail.imageIdIndex &&
      detail.imageIdIndex !== slot.displayTarget
    ) {
      // Something other than the store moved the stack (e.g. a tool jumping to an annotation).
      const viewport = this.viewportOf(slot.index);
      if (viewport && viewport.getTargetImageIdIndex() === detail.imageIdIndex) {
        slot.displayTarget = detail.imageIdIndex;
        this.store.update((s) => patchViewport(s, slot.index, { imageIndex: detail.imageIdIndex }));
      }
    }
  }

  private keepVoiRecord(slot: Slot): void {
    const viewport = this.viewportOf(slot.index);
    const voi = slot.appliedVoi;
    if (!viewport || !voi || !slot.initialised) return;
    const recorded = viewport.getProperties().voiRange;
    if (recorded && sameVoi(fromRange(recorded), voi)) return;
    slot.applying++;
    try {
      viewport.setProperties({ voiRange: toRange(voi) }, true);
    } finally {
      slot.applying--;
    }
    if (this.renderingPath.path === 'gpu') viewport.render();
  }

  private initialiseSeries(slot: Slot, image: Types.IImage): void {
    const viewport = this.viewportOf(slot.index);
    const series = slot.seriesKey ? this.seriesByKey.get(slot.seriesKey) : undefined;
    if (!viewport || !series) return;
    // The loader marks MONOCHROME1 images with `invert` (low values white); the manifest says so too.
    slot.monochrome1 =
      image.invert === true ||
      image.photometricInterpretation === 'MONOCHROME1' ||
      series.PhotometricInterpretation === 'MONOCHROME1';
    slot.defaultVoi = defaultVoiFor(series, image, slot.monochrome1);
    slot.markers = markersOfSeries(series, image.imageId) ?? slot.markers;
    this.captureFrame(slot, viewport);
    slot.initialised = true;
    const wanted = this.store.get().viewports[slot.index];
    if (wanted && wanted.seriesKey === slot.seriesKey) this.applyView(slot, wanted, true);
  }

  private onVoiModified(slot: Slot, detail: Types.EventTypes.VoiModifiedEventDetail): void {
    if (slot.applying > 0 || !slot.initialised || !detail.range) return;
    const voi = fromRange(detail.range);
    slot.appliedVoi = voi;
    this.store.update((s) => patchViewport(s, slot.index, { voi }));
  }

  private onCameraModified(slot: Slot): void {
    if (slot.applying > 0 || !slot.initialised || !slot.frame) return;
    const viewport = this.viewportOf(slot.index);
    if (!viewport) return;
    const camera = viewport.getCamera();
    if (!camera.focalPoint || !camera.parallelScale) return;
    const f = camera.focalPoint;
    const view = viewCameraFrom(
      { focalPoint: [f[0], f[1], f[2]], parallelScale: camera.parallelScale },
      slot.frame,
    );
    const stored = isFitted(view) ? undefined : view;
    slot.appliedCamera = stored;
    this.store.update((s) => patchViewport(s, slot.index, { camera: stored }));
  }

  private onRendered(slot: Slot): void {
    const viewport = this.viewportOf(slot.index);
    if (!viewport || !slot.seriesKey) return;
    slot.renderCount++;
    // The image drawn, not the one requested (Cornerstone moves its current index before the image arrives).
    const imageIndex = slot.drawnIndex >= 0 ? slot.drawnIndex : viewport.getCurrentImageIdIndex();
    const element = slot.element;
    element.dataset.renderCount = String(slot.renderCount);
    if (slot.initialised && viewport.getCornerstoneImage()) {
      slot.shownIndex = imageIndex;
      // Written only when changed: this runs on every slice drawn while scrolling.
      setAttr(element, 'data-image-index', String(imageIndex));
      if (slot.appliedVoi) setAttr(element, 'data-voi', voiAttribute(slot.appliedVoi));
      setAttr(element, 'data-invert', String(slot.appliedInvert));
      if (!this.firstImageMarked) {
        this.firstImageMarked = true;
        performance.mark(performanceMarks.firstImage);
      }
    }
    slot.display = {
      viewportIndex: slot.index,
      seriesKey: slot.seriesKey,
      imageIndex,
      imageCount: slot.imageCount,
      voi: slot.appliedVoi,
      invert: slot.appliedInvert,
      zoom: slot.appliedCamera?.zoom ?? 1,
      markers: slot.markers,
      renderCount: slot.renderCount,
    };
    this.emitter.emit('display', slot.display);
  }

  private onPointerMove(slot: Slot, event: PointerEvent): void {
    if (!slot.initialised) return;
    const viewport = this.viewportOf(slot.index);
    if (!viewport) return;
    const rect = slot.element.getBoundingClientRect();
    const canvas: Types.Point2 = [event.clientX - rect.left, event.clientY - rect.top];
    const world = viewport.canvasToWorld(canvas);
    const value = pixelValueAt(viewport, world);
    this.emitter.emit('pointer', {
      viewportIndex: slot.index,
      world: [world[0], world[1], world[2]],
      value,
    });
  }

  // ----- resizing, cine, loading -----

  private scheduleResize(): void {
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      // Resizing moves Cornerstone's cameras; that is not the learner panning or zooming.
      for (const slot of this.slots) slot.applying++;
      try {
        this.engine.resize(true, false);
        for (const slot of this.slots) this.sizeCpuCanvas(this.viewportOf(slot.index));
      } finally {
        for (const slot of this.slots) slot.applying--;
      }
      for (const slot of this.slots) {
        const viewport = this.viewportOf(slot.index);
        if (!viewport || !slot.initialised) continue;
        this.captureFrame(slot, viewport);
        const wanted = this.store.get().viewports[slot.index];
        if (wanted) this.applyView(slot, wanted, true);
      }
    });
  }

  /**
   * On the CPU path, sizes a viewport's canvas backing store in device pixels (Cornerstone's CPU viewport
   * sizes it in CSS pixels, when enabled and on every resize, while its coordinate maps assume device
   * pixels; see cpuDevicePixels.ts). The WebGL path sizes its canvases in device pixels itself.
   */
  private sizeCpuCanvas(viewport: StackViewport | null | undefined): void {
    if (this.renderingPath.path !== 'cpu' || !viewport) return;
    if (sizeCanvasToDevicePixels(viewport.canvas)) viewport.render();
  }

  private cineTick(slot: Slot, now: number): void {
    slot.cineFrame = 0;
    if (!slot.cine.playing) return;
    const interval = 1000 / slot.cine.fps;
    const wanted = this.store.get().viewports[slot.index];
    // Advance only once the previous frame is on screen, so playback never outruns loading.
    if (wanted && now - slot.cineLast >= interval - 1 && slot.shownIndex === wanted.imageIndex) {
      slot.cineLast = now - ((now - slot.cineLast) % interval);
      const next = (wanted.imageIndex + 1) % Math.max(1, slot.imageCount);
      this.store.update((s) => patchViewport(s, slot.index, { imageIndex: next }));
    }
    slot.cineFrame = requestAnimationFrame((t) => this.cineTick(slot, t));
  }

  /** Queues every series of the case after the ones on screen (call once the first image is shown). */
  prefetchWholeCase(): void {
    for (const series of this.manifest.series) this.loader.enqueue(series.key);
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

/** Shortest interval between two progress reports of one series to the UI (ms). */
const progressIntervalMs = 250;

/** Orientation markers from the manifest, else from the file's PatientOrientation. */
function markersOfSeries(series: ManifestSeries, imageId: string): OrientationMarkers | null {
  if (series.ImageOrientationPatient) return markersFromImageOrientation(series.ImageOrientationPatient);
  const natural = metaData.get('naturalized', imageId) as
    | { ImageOrientationPatient?: number[]; PatientOrientation?: string[] | string }
    | undefined;
  const iop = natural?.ImageOrientationPatient;
  if (iop && iop.length === 6) return markersFromImageOrientation(iop as unknown as ImageOrientationPatient);
  return (
    markersFromPatientOrientation(series.PatientOrientation) ??
    markersFromPatientOrientation(natural?.PatientOrientation)
  );
}

/**
 * The window a series opens with. CT: the file's first window (else soft tissue). Projection radiographs:
 * the file's window, chosen by the modality for that exposure (else automatic). MR: automatic, a
 * percentile window of the first image shown without the air background (MR file windows are often poor).
 */
function defaultVoiFor(series: ManifestSeries, image: Types.IImage, monochrome1: boolean): Voi {
  const fileWindow = series.windows[0];
  const fromFile = fileWindow
    ? { windowCenter: fileWindow.WindowCenter, windowWidth: fileWindow.WindowWidth }
    : null;
  if (series.Modality === 'CT') return fromFile ?? { windowCenter: 40, windowWidth: 400 };
  if (series.Modality !== 'MR' && fromFile) return fromFile;
  const pixels = scalarData(image);
  const range = image.maxPixelValue - image.minPixelValue;
  const auto = pixels
    ? autoVoiFromPixels(
        pixels,
        series.Modality === 'MR'
          ? { ignoreAtOrBelow: image.minPixelValue, lowPercentile: 1, highPercentile: 99.5 }
          : // Radiograph: leave out the direct-exposure background (darkest on screen).
            monochrome1
            ? {
                ignoreAtOrAbove: image.maxPixelValue - 0.02 * range,
                lowPercentile: 0.5,
                highPercentile: 99.5,
              }
            : {
                ignoreAtOrBelow: image.minPixelValue + 0.02 * range,
                lowPercentile: 0.5,
                highPercentile: 99.5,
              },
      )
    : null;
  if (auto) return rescaleIfNeeded(auto, image);
  return fromFile ?? { windowCenter: image.windowCenter as number, windowWidth: image.windowWidth as number };
}

/** Pixel data not pre-scaled by the loader is in stored values: bring a window computed on it to output units. */
function rescaleIfNeeded(voi: Voi, image: Types.IImage): Voi {
  if (image.preScale?.scaled) return voi;
  const slope = image.slope ?? 1;
  const intercept = image.intercept ?? 0;
  return {
    windowCenter: voi.windowCenter * slope + intercept,
    windowWidth: voi.windowWidth * Math.abs(slope),
  };
}
