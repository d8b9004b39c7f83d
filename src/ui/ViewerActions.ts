/**
 * The commands toolbar buttons and keyboard shortcuts share (scroll, presets, invert, reset, layout, tools,
 * cine), written once as the learner's changes to the ViewState store (the viewer follows the store), plus
 * the measurement commands of the ViewerController. No Cornerstone.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { CineState, PrimaryTool, ViewerController } from '../model/ViewerController.ts';
import {
  cineFpsRange,
  clampImageIndex,
  type Layout,
  layouts,
  patchViewport,
  showSeries,
  type ViewState,
  withLayout,
} from '../model/ViewState.ts';
import { ctWindowPresets } from '../model/windowPresets.ts';

/** Commands on the active viewport and the layout. */
export class ViewerActions {
  private readonly imageCounts: ReadonlyMap<string, number>;
  private readonly modalities: ReadonlyMap<string, string>;
  private readonly seriesKeys: readonly string[];

  constructor(
    private readonly store: Store<ViewState>,
    private readonly viewer: ViewerController,
    manifest: CaseManifest,
    private readonly startIndexOf: (seriesKey: string) => number,
  ) {
    this.imageCounts = new Map(manifest.series.map((s) => [s.key, s.instances.length]));
    this.modalities = new Map(manifest.series.map((s) => [s.key, s.Modality]));
    this.seriesKeys = manifest.series.map((s) => s.key);
  }

  private get active(): number {
    return this.store.get().activeViewport;
  }

  /** Image count of the series in a viewport. */
  imageCount(viewportIndex = this.active): number {
    const key = this.store.get().viewports[viewportIndex]?.seriesKey;
    return key ? (this.imageCounts.get(key) ?? 0) : 0;
  }

  /** Moves the stack of a viewport by `delta` images (clamped at both ends). */
  scrollBy(delta: number, viewportIndex = this.active): void {
    const current = this.store.get().viewports[viewportIndex];
    if (!current) return;
    this.goTo(current.imageIndex + delta, viewportIndex);
  }

  /** Shows image `index` (0-based; clamped) in a viewport. */
  goTo(index: number, viewportIndex = this.active): void {
    const imageIndex = clampImageIndex(index, this.imageCount(viewportIndex));
    this.store.update((s) => patchViewport(s, viewportIndex, { imageIndex }), 'learner');
  }

  /** Goes to the last image. */
  goToEnd(viewportIndex = this.active): void {
    this.goTo(this.imageCount(viewportIndex) - 1, viewportIndex);
  }

  /**
   * Applies CT preset `key` ('1', '2', '3') or the DICOM default ('0') to the active viewport. Presets are
   * CT-only; returns false when the active series is not CT.
   */
  applyPreset(key: string): boolean {
    const index = this.active;
    const seriesKey = this.store.get().viewports[index]?.seriesKey;
    if (key === '0') {
      this.store.update((s) => patchViewport(s, index, { voi: undefined }), 'learner');
      return true;
    }
    if (!seriesKey || this.modalities.get(seriesKey) !== 'CT') return false;
    const preset = ctWindowPresets.find((p) => p.key === key);
    if (!preset) return false;
    this.store.update((s) => patchViewport(s, index, { voi: preset.voi }), 'learner');
    return true;
  }

  /** Flips grey levels of the active viewport. */
  toggleInvert(): void {
    const index = this.active;
    this.store.update((s) => patchViewport(s, index, { invert: !s.viewports[index]?.invert }), 'learner');
  }

  /** Fits the image, removes pan and zoom (W/L and invert stay). */
  fit(): void {
    const index = this.active;
    this.store.update((s) => patchViewport(s, index, { camera: undefined }), 'learner');
  }

  /** Back to how the series opened: fitted, default window, not inverted. */
  reset(): void {
    const index = this.active;
    this.store.update(
      (s) => patchViewport(s, index, { camera: undefined, voi: undefined, invert: false }),
      'learner',
    );
  }

  /** Switches the layout; new cells show series not on screen yet. */
  setLayout(layout: Layout): void {
    this.store.update(
      (s) => (s.layout === layout ? s : withLayout(s, layout, this.seriesKeys, this.startIndexOf)),
      'learner',
    );
  }

  /** Next layout in 1x1 -> 1x2 -> 2x2 order. */
  cycleLayout(): void {
    const current = layouts.indexOf(this.store.get().layout);
    this.setLayout(layouts[(current + 1) % layouts.length] ?? '1x1');
  }

  /** Makes a viewport the one keys and toolbar act on. */
  activate(viewportIndex: number): void {
    this.store.update(
      (s) =>
        s.activeViewport === viewportIndex || viewportIndex >= s.viewports.length
          ? s
          : { ...s, activeViewport: viewportIndex },
      'learner',
    );
  }

  /** Activates the next viewport of the layout. */
  cycleActiveViewport(): void {
    const state = this.store.get();
    this.activate((state.activeViewport + 1) % state.viewports.length);
  }

  /** Shows a series in a viewport (default: the active one). */
  showSeries(seriesKey: string, viewportIndex = this.active): void {
    this.store.update(
      (s) => showSeries(s, viewportIndex, seriesKey, this.startIndexOf(seriesKey)),
      'learner',
    );
    this.activate(viewportIndex);
  }

  /** Shows the next (or previous, with -1) series of the case in the active viewport. */
  stepSeries(direction: 1 | -1): void {
    const current = this.store.get().viewports[this.active]?.seriesKey;
    const at = current ? this.seriesKeys.indexOf(current) : -1;
    const next = this.seriesKeys[(at + direction + this.seriesKeys.length) % this.seriesKeys.length];
    if (next) this.showSeries(next);
  }

  /** Puts `tool` on the left mouse button of every viewport. */
  setTool(tool: PrimaryTool): void {
    this.store.update((s) => (s.primaryTool === tool ? s : { ...s, primaryTool: tool }), 'learner');
  }

  /**
   * Starts or stops cine, or changes its frame rate (rounded, clamped to {@link cineFpsRange}), in a
   * viewport (default: the active one).
   */
  setCine(patch: Partial<CineState>, viewportIndex = this.active): void {
    this.store.update((s) => {
      const current = s.viewports[viewportIndex]?.cine;
      if (!current) return s;
      const fps = Math.round(patch.fps ?? current.fps);
      const cine: CineState = {
        playing: patch.playing ?? current.playing,
        fps: Math.max(cineFpsRange.min, Math.min(cineFpsRange.max, Number.isFinite(fps) ? fps : current.fps)),
      };
      return cine.playing === current.playing && cine.fps === current.fps
        ? s
        : patchViewport(s, viewportIndex, { cine });
    }, 'learner');
  }

  /** Plays or pauses cine in the active viewport. */
  toggleCine(): void {
    const playing = this.store.get().viewports[this.active]?.cine.playing ?? false;
    this.setCine({ playing: !playing });
  }

  /** Changes the cine frame rate of the active viewport by `delta` frames per second. */
  changeFps(delta: number): void {
    const fps = this.store.get().viewports[this.active]?.cine.fps;
    if (fps !== undefined) this.setCine({ fps: fps + delta });
  }

  /** Removes the most recent measurement. */
  removeLastMeasurement(): void {
    const list = this.viewer.getMeasurements();
    const last = list[list.length - 1];
    if (last) this.viewer.removeMeasurement(last.id);
  }
}
