/**
 * One layout cell's Cornerstone stack viewport, kept in step with its ViewportState: opens the series the
 * state names, shows the wanted slice (or the nearest loaded one until it arrives), applies window, invert
 * and camera, plays cine, and turns the learner's tool drags back into state. The facade
 * (CornerstoneViewer.ts) owns the rendering engine, the tools, the loader and resizing.
 */
import { cache, Enums, type StackViewport, type Types } from '@cornerstonejs/core';
import { setAttr } from '../lib/domWrites.ts';
import type { Emitter } from '../lib/Emitter.ts';
import type { Store } from '../lib/Store.ts';
import type { ManifestSeries } from '../model/CaseManifest.ts';
import { isFitted, sameViewCamera } from '../model/cameraMapping.ts';
import type { OrientationMarkers } from '../model/orientationMarkers.ts';
import type { RenderingPathChoice } from '../model/renderingPath.ts';
import type { ViewerEvents, ViewportDisplay } from '../model/ViewerController.ts';
import {
  clampImageIndex,
  patchViewport,
  type ViewCamera,
  type ViewportState,
  type ViewState,
  type Voi,
} from '../model/ViewState.ts';
import { voiAttribute } from '../model/windowPresets.ts';
import { CineLoop } from './CineLoop.ts';
import { worldPointFrom } from './cornerstonePoints.ts';
import {
  applyViewCamera,
  type CapturedFrame,
  captureFrame,
  frameFitsCanvas,
  restoreVoiRecord,
  sameVoi,
  viewCameraOf,
  voiOf,
  voiRangeOf,
} from './cornerstoneValues.ts';
import { sizeCanvasToDevicePixels } from './cpuDevicePixels.ts';
import { pixelValueAt } from './pixelValueAt.ts';
import type { SeriesLoader } from './SeriesLoader.ts';
import { defaultVoiOfImage, isMonochrome1, markersOfSeries } from './seriesDefaults.ts';

/** A series set on the viewport: one `setStack` call. */
interface OpenStack {
  readonly series: ManifestSeries;
  readonly imageIds: readonly string[];
}

/** The stack is set and its first image is awaited. */
interface Opening {
  readonly phase: 'opening';
  readonly stack: OpenStack;
  readonly markers: OrientationMarkers | null;
}

/**
 * The first image is on screen and the series' defaults are known. `voi`, `invert` and `camera` are what
 * the slot last applied: a Cornerstone event reporting these values is the slot's own echo.
 */
interface Showing {
  readonly phase: 'showing';
  readonly stack: OpenStack;
  readonly markers: OrientationMarkers | null;
  readonly defaultVoi: Voi;
  readonly monochrome1: boolean;
  /**
   * The fitted camera the ViewState camera is measured in, captured again after every resize; null while
   * the viewer resizes (a camera change then cannot be measured: it is the engine refitting the image).
   */
  frame: CapturedFrame | null;
  voi: Voi | null;
  invert: boolean;
  /** Absent: fitted. */
  camera: ViewCamera | undefined;
}

/** Where a slot is: no series, a series opening, or a series on screen. */
export type SlotState = { readonly phase: 'empty' } | Opening | Showing;

/** What a slot needs from the viewer. */
export interface SlotContext {
  readonly store: Store<ViewState>;
  readonly loader: SeriesLoader;
  readonly renderingPath: RenderingPathChoice;
  readonly events: Emitter<ViewerEvents>;
  /** The manifest's series and its image ids, or undefined for a key the case does not have. */
  stackOf(seriesKey: string): OpenStack | undefined;
  /** Called on every render that draws an image (the viewer marks the first). */
  imageShown(): void;
}

const ignore = (): void => undefined;

/** One viewport of the grid. */
export class ViewportSlot {
  private state: SlotState = { phase: 'empty' };
  /** Slice the store asks for, clamped (may not be loaded yet); -1 before a series opens. */
  private wanted = -1;
  /** Slice the viewport was last told to show: the wanted one, or the nearest loaded one meanwhile. */
  private target = -1;
  /** Slice of the image Cornerstone last set up (STACK_NEW_IMAGE); -1 before the first of a stack. */
  private drawn = -1;
  private renderCount = 0;
  /** The last display report; its imageIndex is the slice on screen. */
  private shown: ViewportDisplay | null = null;
  /** The cine the last sync saw, to tell one carried over to another series from one set with it. */
  private seenCine: ViewportState['cine'] | null = null;
  private readonly cine: CineLoop;
  private readonly offs: Array<() => void> = [];
  /** The element Cornerstone draws into. */
  readonly element: HTMLDivElement;

  /**
   * @param index - layout cell index (= index into ViewState.viewports)
   * @param viewport - the enabled Cornerstone viewport of `element`
   * @param context - store, loader and event sink shared by every slot
   */
  constructor(
    readonly index: number,
    readonly viewport: StackViewport,
    private readonly context: SlotContext,
  ) {
    const element = viewport.element as HTMLDivElement;
    this.element = element;
    const on = (name: string, handler: (detail: never) => void) => {
      const listener = (event: Event) => handler((event as CustomEvent).detail as never);
      element.addEventListener(name, listener);
      this.offs.push(() => element.removeEventListener(name, listener));
    };
    on(Enums.Events.IMAGE_RENDERED, () => this.onRendered());
    on(Enums.Events.STACK_NEW_IMAGE, (detail: Types.EventTypes.StackNewImageEventDetail) =>
      this.onNewImage(detail),
    );
    on(Enums.Events.VOI_MODIFIED, (detail: Types.EventTypes.VoiModifiedEventDetail) =>
      this.onVoiModified(detail),
    );
    on(Enums.Events.CAMERA_MODIFIED, () => this.onCameraModified());
    const onPointerMove = (event: PointerEvent) => this.onPointerMove(event);
    element.addEventListener('pointermove', onPointerMove);
    this.offs.push(() => element.removeEventListener('pointermove', onPointerMove));
    element.oncontextmenu = (event) => event.preventDefault();
    element.dataset.renderCount = '0';
    this.cine = new CineLoop({
      fps: () => this.context.store.get().viewports[this.index]?.cine.fps ?? 0,
      ready: () =>
        this.state.phase === 'showing' &&
        this.shown?.seriesKey === this.state.stack.series.key &&
        this.shown.imageIndex === this.wanted,
      step: () => {
        const count = this.state.phase === 'showing' ? this.state.stack.imageIds.length : 1;
        const imageIndex = (this.wanted + 1) % count;
        this.context.store.update((s) => patchViewport(s, this.index, { imageIndex }), 'learner');
      },
    });
    this.sizeCanvas();
  }

  /** True once the first image of the current series is on screen (coordinate maps are valid). */
  get showing(): boolean {
    return this.state.phase === 'showing';
  }

  /** The latest display report. */
  get display(): ViewportDisplay | null {
    return this.shown;
  }

  /** Stops listening and playing (before the viewer disables the viewport). */
  dispose(): void {
    this.cine.stop();
    for (const off of this.offs) off();
    this.offs.length = 0;
  }

  // ----- store -> Cornerstone -----

  /** Brings the viewport in line with its state (called on every store change: keep it cheap). */
  sync(wanted: ViewportState): void {
    const state = this.state;
    const newSeries = state.phase === 'empty' || state.stack.series.key !== wanted.seriesKey;
    // Another series stops the cine that played on the one before (a cine set with the series plays).
    const carriedCine =
      newSeries && state.phase !== 'empty' && wanted.cine.playing && wanted.cine === this.seenCine;
    if (newSeries) this.open(wanted);
    else if (state.phase === 'showing') this.apply(state, wanted, false);
    else this.setIndexWhileLoading(state, wanted);
    this.seenCine = wanted.cine;
    if (wanted.cine.playing && !carriedCine) this.cine.start();
    else this.cine.stop();
    if (carriedCine) this.context.store.update(this.stopCine, 'app');
  }

  private readonly stopCine = (s: ViewState): ViewState => {
    const cine = s.viewports[this.index]?.cine;
    return cine?.playing ? patchViewport(s, this.index, { cine: { ...cine, playing: false } }) : s;
  };

  private open(wanted: ViewportState): void {
    const stack = this.context.stackOf(wanted.seriesKey);
    if (!stack) return;
    const ids = stack.imageIds;
    this.state = { phase: 'opening', stack, markers: markersOfSeries(stack.series, ids[0] as string) };
    const index = clampImageIndex(wanted.imageIndex, ids.length);
    this.drawn = -1;
    this.wanted = index;
    this.target = index;
    const { dataset } = this.element;
    dataset.seriesKey = wanted.seriesKey;
    dataset.imageCount = String(ids.length);
    dataset.imageIndex = String(index);
    dataset.wantedIndex = String(index);
    delete dataset.voi;
    this.viewport
      .setStack([...ids], index)
      // A failure is reported through IMAGE_LOAD_ERROR with the image id; the viewport stays usable.
      .catch(ignore)
      .finally(() => {
        // Load around the opening slice next (the loader re-centres itself on jumps: SeriesLoader.want).
        const now = this.state;
        if (now.phase !== 'empty' && now.stack === stack) this.context.loader.focus(stack.series.key, index);
      });
  }

  /** Before the first image of a stack arrives, a new slice request replaces the pending one. */
  private setIndexWhileLoading(state: Opening, wanted: ViewportState): void {
    const index = clampImageIndex(wanted.imageIndex, state.stack.imageIds.length);
    if (index === this.viewport.getTargetImageIdIndex()) return;
    this.wanted = index;
    this.target = index;
    this.element.dataset.imageIndex = String(index);
    this.element.dataset.wantedIndex = String(index);
    this.viewport.setImageIdIndex(index).catch(ignore);
  }

  /**
   * Applies slice, window, invert and camera. Each value is recorded as applied before Cornerstone is told,
   * so the event Cornerstone fires for it is recognised as an echo by its value.
   * @param force - apply every value, also those that look applied (after a new stack or a resize)
   */
  private apply(state: Showing, wanted: ViewportState, force: boolean): void {
    const viewport = this.viewport;
    const index = clampImageIndex(wanted.imageIndex, state.stack.imageIds.length);
    if (index !== this.wanted || index !== this.target) this.showIndex(state, index);
    let needsRender = false;
    const voi = wanted.voi ?? state.defaultVoi;
    if (force || !sameVoi(voi, state.voi)) {
      state.voi = voi;
      viewport.setProperties({ voiRange: voiRangeOf(voi) });
      needsRender = true;
    }
    if (force || wanted.invert !== state.invert) {
      state.invert = wanted.invert;
      // MONOCHROME1 is already shown inverted (low values white); the learner's invert flips that.
      viewport.setProperties({ invert: wanted.invert !== state.monochrome1 });
      needsRender = true;
    }
    if (state.frame && (force || !sameViewCamera(wanted.camera, state.camera))) {
      state.camera = wanted.camera;
      applyViewCamera(viewport, state.frame, wanted.camera);
      needsRender = true;
    }
    if (needsRender) viewport.render();
  }

  /**
   * Shows the slice the store asks for when it is loaded. Otherwise tells the loader (which loads towards it)
   * and shows the nearest loaded slice until it arrives ({@link onImageLoaded} swaps nearer ones in), so the
   * picture follows the wheel instead of freezing on the last loaded slice.
   */
  private showIndex(state: Showing, index: number): void {
    const seriesKey = state.stack.series.key;
    const { loader } = this.context;
    if (this.wanted !== index) {
      this.wanted = index;
      this.element.dataset.wantedIndex = String(index);
    }
    loader.want(seriesKey, index);
    if (loader.isLoaded(seriesKey, index) || cache.isLoaded(state.stack.imageIds[index] ?? '')) {
      if (this.target === index && this.drawn === index) queueMicrotask(this.reportDisplayAgain);
      else this.showSlice(index);
      return;
    }
    const near = loader.nearestLoaded(seriesKey, index, this.target);
    if (near >= 0 && near !== this.target) this.showSlice(near);
    else queueMicrotask(this.reportDisplayAgain);
  }

  /**
   * The picture stays while the asked slice changed: report the display again (queued as a microtask, once
   * the store's other listeners have seen the new slice), so the overlay can say which slice is on screen.
   */
  private readonly reportDisplayAgain = (): void => {
    const shown = this.shown;
    const state = this.state;
    if (shown && state.phase !== 'empty' && shown.seriesKey === state.stack.series.key) {
      this.context.events.emit('display', shown);
    }
  };

  private showSlice(index: number): void {
    if (this.target === index && this.viewport.getCurrentImageIdIndex() === index) return;
    this.target = index;
    this.viewport.setImageIdIndex(index).catch(ignore);
  }

  /** A slice of `seriesKey` arrived in the cache: swap it in if it is nearer the wanted one than the shown. */
  onImageLoaded(seriesKey: string, imageIndex: number): void {
    const state = this.state;
    if (state.phase !== 'showing' || state.stack.series.key !== seriesKey || this.target === this.wanted)
      return;
    if (Math.abs(imageIndex - this.wanted) < Math.abs(this.target - this.wanted)) this.showSlice(imageIndex);
  }

  // ----- resizing -----

  /**
   * Before the rendering engine resizes the canvases. It fits the images again, every one of them on the
   * CPU path and on the WebGL path whenever one canvas changes, so also at an unchanged size, and not always
   * where the frame's fit was: the frame is dropped until {@link afterResize} captures the new one.
   */
  beforeResize(): void {
    if (this.state.phase === 'showing') this.state.frame = null;
  }

  /** After a resize: size the CPU canvas, capture the fitted camera at the new size, re-apply the view. */
  afterResize(): void {
    this.sizeCanvas();
    const state = this.state;
    if (state.phase !== 'showing') return;
    state.frame = captureFrame(this.viewport);
    // Fitted now; the store's camera goes back on below.
    state.camera = undefined;
    const wanted = this.context.store.get().viewports[this.index];
    if (wanted && wanted.seriesKey === state.stack.series.key) this.apply(state, wanted, true);
  }

  /**
   * On the CPU path, sizes the canvas backing store in device pixels (Cornerstone's CPU viewport sizes it in
   * CSS pixels, when enabled and on every resize, while its coordinate maps assume device pixels; see
   * cpuDevicePixels.ts). The WebGL path sizes its canvases in device pixels itself.
   */
  private sizeCanvas(): void {
    if (this.context.renderingPath.path !== 'cpu') return;
    if (sizeCanvasToDevicePixels(this.viewport.canvas)) this.viewport.render();
  }

  // ----- Cornerstone -> store -----

  private onNewImage(detail: Types.EventTypes.StackNewImageEventDetail): void {
    const state = this.state;
    if (state.phase === 'empty') return;
    const seriesKey = state.stack.series.key;
    const index = detail.imageIdIndex;
    this.drawn = index;
    this.context.loader.noteLoaded(seriesKey, index);
    if (state.phase === 'opening') {
      // Runs after Cornerstone has set up the image and before the next animation frame draws it.
      queueMicrotask(() => {
        if (this.state === state) this.show(state, detail.image);
      });
      return;
    }
    // The CPU path resets the viewport's VOI record to the file's window on every new image (while still
    // drawing the learner's window); put it back so the W/L tool starts its drag from what is on screen.
    queueMicrotask(this.keepVoiRecord);
    // A new image at the slice the slot asked for is its own; another one was moved there by something
    // else (e.g. a tool jumping to an annotation): the learner's move.
    if (index === this.target) return;
    const wanted = this.context.store.get().viewports[this.index];
    if (!wanted || wanted.seriesKey !== seriesKey || wanted.imageIndex === index) return;
    if (this.viewport.getTargetImageIdIndex() !== index) return;
    this.target = index;
    this.context.store.update((s) => patchViewport(s, this.index, { imageIndex: index }), 'learner');
  }

  private readonly keepVoiRecord = (): void => {
    const state = this.state;
    if (state.phase !== 'showing' || !state.voi || !restoreVoiRecord(this.viewport, state.voi)) return;
    if (this.context.renderingPath.path === 'gpu') this.viewport.render();
  };

  /** The first image of the stack is set up: read the series' defaults, fit it, apply the wanted view. */
  private show(opening: Opening, image: Types.IImage): void {
    const { series } = opening.stack;
    const monochrome1 = isMonochrome1(series, image);
    // While the phase is still 'opening', the fitting's CAMERA_MODIFIED is not taken for the learner's.
    const frame = captureFrame(this.viewport);
    const showing: Showing = {
      phase: 'showing',
      stack: opening.stack,
      markers: markersOfSeries(series, image.imageId) ?? opening.markers,
      defaultVoi: defaultVoiOfImage(series, image, monochrome1),
      monochrome1,
      frame,
      voi: null,
      invert: false,
      camera: undefined,
    };
    this.state = showing;
    const wanted = this.context.store.get().viewports[this.index];
    if (wanted && wanted.seriesKey === series.key) this.apply(showing, wanted, true);
  }

  private onVoiModified(detail: Types.EventTypes.VoiModifiedEventDetail): void {
    const state = this.state;
    if (state.phase !== 'showing' || !detail.range) return;
    const voi = voiOf(detail.range);
    // The value the slot applied (a window, or an invert that reports the window with it): an echo.
    if (sameVoi(voi, state.voi)) return;
    state.voi = voi;
    this.context.store.update((s) => patchViewport(s, this.index, { voi }), 'learner');
  }

  private onCameraModified(): void {
    const state = this.state;
    if (state.phase !== 'showing') return;
    // No frame, or another canvas size than the frame's: a resize (the viewer re-applies the view after).
    if (!state.frame || !frameFitsCanvas(state.frame, this.viewport)) return;
    const view = viewCameraOf(this.viewport, state.frame);
    if (!view) return;
    const camera = isFitted(view) ? undefined : view;
    if (sameViewCamera(camera, state.camera)) return;
    state.camera = camera;
    this.context.store.update((s) => patchViewport(s, this.index, { camera }), 'learner');
  }

  private onRendered(): void {
    const state = this.state;
    if (state.phase === 'empty') return;
    const viewport = this.viewport;
    const element = this.element;
    this.renderCount++;
    // The image drawn, not the one requested (Cornerstone moves its current index before the image arrives).
    const imageIndex = this.drawn >= 0 ? this.drawn : viewport.getCurrentImageIdIndex();
    element.dataset.renderCount = String(this.renderCount);
    const showing = state.phase === 'showing' ? state : null;
    if (showing && viewport.getCornerstoneImage()) {
      // Written only when changed: this runs on every slice drawn while scrolling.
      setAttr(element, 'data-image-index', String(imageIndex));
      if (showing.voi) setAttr(element, 'data-voi', voiAttribute(showing.voi));
      setAttr(element, 'data-invert', String(showing.invert));
      this.context.imageShown();
    }
    this.shown = {
      viewportIndex: this.index,
      seriesKey: state.stack.series.key,
      imageIndex,
      imageCount: state.stack.imageIds.length,
      voi: showing?.voi ?? null,
      invert: showing?.invert ?? false,
      zoom: showing?.camera?.zoom ?? 1,
      markers: state.markers,
      renderCount: this.renderCount,
    };
    this.context.events.emit('display', this.shown);
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.state.phase !== 'showing') return;
    const rect = this.element.getBoundingClientRect();
    const world = this.viewport.canvasToWorld([event.clientX - rect.left, event.clientY - rect.top]);
    const value = pixelValueAt(this.viewport, world);
    this.context.events.emit('pointer', {
      viewportIndex: this.index,
      world: worldPointFrom(world),
      value,
    });
  }
}
