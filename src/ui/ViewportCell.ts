/**
 * One cell of the viewport grid: the element Cornerstone draws into, the corner overlays and orientation
 * markers on top of it, and a bar with cine and the slice slider. Overlay text changes only when its
 * string changes, so scrolling does not relayout the page.
 */
import { onDevicePixelRatioChange } from '../lib/onDevicePixelRatioChange.ts';
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import {
  type CaseNames,
  formatImageNumberShowing,
  formatSliceLocation,
  formatZoom,
  sliceLocationMm,
} from '../model/overlayText.ts';
import type { CineState, LoadProblem, ViewportDisplay } from '../model/ViewerController.ts';
import { formatVoi } from '../model/windowPresets.ts';
import { CanvasTextLine } from './CanvasTextLine.ts';
import { caseNamesOnPage, watchCaseNames } from './caseNamesOnPage.ts';
import { h, setAttr, setText } from './h.ts';
import { thumbHalfPx } from './sliderGeometry.ts';

/** MIME type of a series dragged from the series list. */
export const seriesDragType = 'application/x-casebook-series';

/** What a cell asks of its owner. */
export interface ViewportCellHandlers {
  activate(index: number): void;
  scrollBy(delta: number, index: number): void;
  goTo(imageIndex: number, index: number): void;
  dropSeries(seriesKey: string, index: number): void;
  setCine(index: number, cine: Partial<CineState>): void;
}

/**
 * How long after the last slice change the native slider's value and the screen-reader readout are brought
 * up to date, ms: once per rest, not per slice (no relayout per notch, no chatter).
 */
const sliderSyncMs = 150;

/** Wheel movement (in pixels) that counts as one image, for touchpads that send many small deltas. */
const wheelStepPx = 50;

/** One viewport with its overlays and controls. */
export class ViewportCell {
  /** The cell, outlined when active. */
  readonly root: HTMLDivElement;
  /** The element handed to Cornerstone (carries data-series-key, data-image-index, data-voi...). */
  readonly element: HTMLDivElement;
  private readonly text: Record<
    'patient' | 'study' | 'series' | 'seriesInfo' | 'voi' | 'zoom' | 'loading',
    HTMLElement
  >;
  /** Lines that change on every slice (or pointer move), drawn into canvases: no page layout per notch. */
  private readonly lines: Record<'image' | 'location' | 'pointer', CanvasTextLine>;
  private readonly markers: Record<'top' | 'bottom' | 'left' | 'right', HTMLElement>;
  private readonly problem: HTMLElement;
  private readonly slider: HTMLInputElement;
  /** The slider's visible thumb, moved by a transform (the native input on top is transparent). */
  private readonly thumb: HTMLElement;
  private readonly sliderWrap: HTMLElement;
  /** Width of the slider track, px (read on resize, not per slice). */
  private trackWidth = 0;
  /** The native slider's value follows the visible thumb once the wheel rests (its update relays out the bar). */
  private sliderSync: ReturnType<typeof setTimeout> | null = null;
  /**
   * The corner texts for assistive technology (the image number and location are drawn on canvases, the
   * corners are hidden from it): visually hidden, never a live region, updated when the stack rests.
   */
  private readonly readout: HTMLElement;
  /** When the native slider's value is next brought up to date (performance.now() ms). */
  private sliderSyncDue = 0;
  private readonly cineButton: HTMLButtonElement;
  private readonly fpsInput: HTMLInputElement;
  /** Slider tick marks (e.g. slices with teaching annotations) go here. */
  readonly ticks: HTMLElement;
  private series: ManifestSeries | undefined;
  private wheelRemainder = 0;
  /** Image the store asks this cell to show (the problem box speaks about it). */
  private requestedIndex = -1;
  private readonly problemsByImage = new Map<number, string>();
  /** What the viewer last drew in this cell. */
  private shown: ViewportDisplay | null = null;
  /** The cine state shown (the store's, by identity). */
  private cine: CineState | null = null;

  constructor(
    readonly index: number,
    private readonly manifest: CaseManifest,
    private readonly handlers: ViewportCellHandlers,
  ) {
    const line = (name: string) => h('div', { class: `overlay-line ${name}` });
    this.text = {
      patient: line('patient'),
      study: line('study'),
      series: line('series'),
      seriesInfo: line('series-info'),
      voi: line('voi'),
      zoom: line('zoom'),
      loading: line('loading'),
    };
    this.lines = {
      image: new CanvasTextLine('image-number'),
      location: new CanvasTextLine('slice-location'),
      pointer: new CanvasTextLine('pointer-value'),
    };
    const marker = (side: string) =>
      h('div', { class: `orientation-marker marker-${side}`, dataset: { testid: `marker-${side}` } });
    this.markers = {
      top: marker('top'),
      bottom: marker('bottom'),
      left: marker('left'),
      right: marker('right'),
    };
    this.problem = h('div', { class: 'viewport-problem', hidden: true, role: 'alert' });
    this.element = h('div', {
      class: 'viewport-element',
      dataset: { testid: `viewport-element-${index}`, viewportIndex: String(index) },
    });
    this.cineButton = h('button', {
      class: 'cine-button',
      type: 'button',
      title: 'Cine play / pause (Space)',
      'aria-label': 'Play cine',
      text: '▶',
      onclick: () => this.handlers.setCine(this.index, { playing: !this.cine?.playing }),
    });
    this.fpsInput = h('input', {
      class: 'fps-input',
      type: 'number',
      min: '1',
      max: '60',
      step: '1',
      value: '15',
      title: 'Cine frames per second',
      'aria-label': 'Cine frames per second',
      onchange: () => this.handlers.setCine(this.index, { fps: Number(this.fpsInput.value) || 15 }),
    });
    // Its scale is the image number (1-based, as the overlay writes it), so it announces "Image 23 of 46".
    this.slider = h('input', {
      class: 'slice-slider',
      type: 'range',
      min: '1',
      max: '1',
      step: '1',
      value: '1',
      'aria-label': 'Image',
      oninput: () => this.handlers.goTo(Number(this.slider.value) - 1, this.index),
    });
    this.readout = h('p', {
      class: 'visually-hidden viewport-readout',
      dataset: { testid: `viewport-readout-${index}` },
    });
    this.ticks = h('div', { class: 'slider-ticks', 'aria-hidden': 'true' });
    this.thumb = h('div', { class: 'slider-thumb', 'aria-hidden': 'true' });
    this.sliderWrap = h(
      'div',
      { class: 'slider-wrap' },
      h('div', { class: 'slider-track', 'aria-hidden': 'true' }, this.thumb),
      this.ticks,
      this.slider,
    );
    const corners = h(
      'div',
      { class: 'viewport-overlay', 'aria-hidden': 'true' },
      h('div', { class: 'corner top-left' }, this.text.patient, this.text.study),
      h('div', { class: 'corner top-right' }, this.text.series, this.text.seriesInfo, this.text.loading),
      h(
        'div',
        { class: 'corner bottom-left' },
        this.lines.image.element,
        this.lines.location.element,
        this.lines.pointer.element,
      ),
      h('div', { class: 'corner bottom-right' }, this.text.voi, this.text.zoom),
      this.markers.top,
      this.markers.bottom,
      this.markers.left,
      this.markers.right,
    );
    const stage = h('div', { class: 'viewport-stage' }, this.element, corners, this.readout, this.problem);
    this.root = h(
      'div',
      {
        class: 'viewport-cell',
        role: 'group',
        'aria-label': `Viewport ${index + 1}`,
        dataset: { viewportIndex: String(index), testid: `viewport-${index}` },
      },
      stage,
      h(
        'div',
        { class: 'viewport-bar' },
        this.cineButton,
        this.fpsInput,
        h('span', { class: 'fps-label', text: 'fps' }),
        this.sliderWrap,
      ),
    );
    // The case's names at the reveal stage: an unknown case shows its teaching-safe name, never the
    // patient name or study description (which may name the diagnosis). A cell the layout dropped stops.
    const showNames = (names: CaseNames) => {
      setText(this.text.patient, names.patientLine);
      setText(this.text.study, names.studyLine);
    };
    showNames(caseNamesOnPage(manifest));
    const stopWatchingNames = watchCaseNames(manifest, (names) => {
      if (this.root.isConnected) showNames(names);
      else stopWatchingNames();
    });
    this.root.addEventListener('pointerdown', () => this.handlers.activate(this.index), { capture: true });
    // Keys act on the active viewport: focusing this cell's slider or buttons (Tab) makes it the one.
    this.root.addEventListener('focusin', () => this.handlers.activate(this.index));
    // On the stage, in the capture phase, and stopped there: Cornerstone tools' own wheel listener on the
    // viewport element turns every notch into canvas points with getBoundingClientRect (a forced layout per
    // notch, ~15 % of the main thread while scrolling) for wheel tools this viewer never binds.
    stage.addEventListener('wheel', (event) => this.onWheel(event), { passive: false, capture: true });
    this.root.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes(seriesDragType)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        this.root.classList.add('drop-target');
      }
    });
    this.root.addEventListener('dragleave', () => this.root.classList.remove('drop-target'));
    this.root.addEventListener('drop', (event) => {
      this.root.classList.remove('drop-target');
      const key = event.dataTransfer?.getData(seriesDragType);
      if (key) {
        event.preventDefault();
        this.handlers.dropSeries(key, this.index);
      }
    });
    this.element.addEventListener('pointerleave', () => this.lines.pointer.set(''));
    // Sizes are read here, when the cell's layout changes, never on the per-slice path.
    new ResizeObserver(() => {
      for (const line of Object.values(this.lines)) line.resize();
      this.trackWidth = this.sliderWrap.clientWidth;
      this.placeThumb();
    }).observe(this.root);
    // The text lines' backing stores are in device pixels: a new ratio at the same CSS size redraws them
    // (a cell the layout dropped stops listening).
    const stopWatchingRatio = onDevicePixelRatioChange(() => {
      if (!this.root.isConnected) return stopWatchingRatio();
      for (const line of Object.values(this.lines)) line.resize();
    });
  }

  /** Marks the cell as the one keys act on. */
  setActive(active: boolean): void {
    this.root.classList.toggle('active', active);
    setAttr(this.root, 'aria-current', active ? 'true' : 'false');
  }

  /**
   * Shows which series and image the store asks for (before it is drawn).
   * @returns true when the series changed
   */
  setRequested(seriesKey: string, imageIndex: number): boolean {
    const changed = this.series?.key !== seriesKey;
    if (changed) {
      this.series = this.manifest.series.find((s) => s.key === seriesKey);
      const count = this.series?.instances.length ?? 1;
      this.slider.max = String(Math.max(1, count));
      this.slider.disabled = count <= 1;
      setText(this.text.series, this.series?.SeriesDescription ?? seriesKey);
      setText(
        this.text.seriesInfo,
        this.series ? `${this.series.Modality} · Se ${this.series.SeriesNumber} · ${count} images` : '',
      );
      for (const side of ['top', 'bottom', 'left', 'right'] as const) setText(this.markers[side], '');
      setText(this.text.voi, '');
      setText(this.text.zoom, '');
      this.problemsByImage.clear();
    }
    if (changed || imageIndex !== this.requestedIndex) {
      this.requestedIndex = imageIndex;
      this.placeThumb();
      this.syncWhenCalm();
      this.showProblem();
      // The image line follows the viewer's next display report (a render, or a report that the picture
      // stays while the asked slice loads): one text change per drawn frame.
    }
    return changed;
  }

  /** Updates overlays from what the viewer reports it drew. */
  setDisplay(display: ViewportDisplay): void {
    const series = this.series;
    if (!series || display.seriesKey !== series.key) return;
    this.shown = display;
    this.showImageLine();
    const position = series.instances[display.imageIndex]?.ImagePositionPatient;
    const iop = series.ImageOrientationPatient;
    this.lines.location.set(position && iop ? formatSliceLocation(sliceLocationMm(position, iop)) : '');
    setText(this.text.voi, display.voi ? formatVoi(display.voi) + (display.invert ? ' · inverted' : '') : '');
    setText(this.text.zoom, formatZoom(display.zoom));
    const m = display.markers;
    setText(this.markers.top, m?.top ?? '');
    setText(this.markers.bottom, m?.bottom ?? '');
    setText(this.markers.left, m?.left ?? '');
    setText(this.markers.right, m?.right ?? '');
    this.syncWhenCalm();
  }

  /** Shows loading progress of the series on screen; hidden once complete. */
  setProgress(loaded: number, failed: number, total: number): void {
    const done = loaded + failed >= total;
    setText(
      this.text.loading,
      done ? (failed ? `${failed} image(s) failed` : '') : `Loading ${loaded}/${total}`,
    );
  }

  /** Pixel value under the mouse (HU on CT). */
  setPointerValue(value: number | null, unit: string): void {
    this.lines.pointer.set(value === null ? '' : `${unit ? `${unit} ` : 'Value '}${Math.round(value)}`);
  }

  /** Remembers that an image of this cell's series failed, and shows it while that image is asked for. */
  addProblem(problem: LoadProblem): void {
    if (problem.seriesKey !== this.series?.key) return;
    this.problemsByImage.set(problem.imageIndex, `${problem.file}: ${problem.message}`);
    this.showProblem();
    this.showImageLine();
  }

  /** Shows a viewport's cine state (called on every store change: does nothing while it is unchanged). */
  setCine(cine: CineState): void {
    if (cine === this.cine) return;
    this.cine = cine;
    this.cineButton.dataset.playing = String(cine.playing);
    setText(this.cineButton, cine.playing ? '❚❚' : '▶');
    this.cineButton.setAttribute('aria-label', cine.playing ? 'Pause cine' : 'Play cine');
    if (document.activeElement !== this.fpsInput) this.fpsInput.value = String(cine.fps);
  }

  /** `Im 120/200`, or `Im 120/200 (showing 118, loading)` while the asked slice is not on screen. */
  private showImageLine(): void {
    const shown = this.shown;
    if (!shown || shown.seriesKey !== this.series?.key) return;
    const wanted = this.requestedIndex >= 0 ? this.requestedIndex : shown.imageIndex;
    this.lines.image.set(
      formatImageNumberShowing(wanted, shown.imageIndex, shown.imageCount, this.problemsByImage.has(wanted)),
    );
  }

  /** Asks for {@link syncSlider} once no change came for `sliderSyncMs`. */
  private syncWhenCalm(): void {
    this.sliderSyncDue = performance.now() + sliderSyncMs;
    this.sliderSync ??= setTimeout(() => this.syncSlider(), sliderSyncMs);
  }

  /**
   * Brings the native slider's value, its spoken value and the readout up to date once no slice (or window)
   * change came for `sliderSyncMs`.
   */
  private syncSlider(): void {
    const wait = this.sliderSyncDue - performance.now();
    if (wait > 1) {
      // Re-armed here, not on every notch: scrolling costs no timer churn.
      this.sliderSync = setTimeout(() => this.syncSlider(), wait);
      return;
    }
    this.sliderSync = null;
    const count = this.series?.instances.length ?? 0;
    const image = this.requestedIndex + 1;
    const value = String(image);
    if (this.slider.value !== value) this.slider.value = value;
    setAttr(this.slider, 'aria-valuetext', count > 0 ? `Image ${image} of ${count}` : 'No images');
    setText(this.readout, this.readoutText(image, count));
  }

  /** The corner texts in one sentence: series, image, location, window, zoom. */
  private readoutText(image: number, count: number): string {
    const series = this.series;
    if (!series) return '';
    const parts = [`${series.SeriesDescription} (${series.Modality})`, `image ${image} of ${count}`];
    const shown = this.shown;
    if (shown && shown.seriesKey === series.key) {
      if (shown.imageIndex !== this.requestedIndex) parts.push(`showing image ${shown.imageIndex + 1}`);
      const position = series.instances[this.requestedIndex]?.ImagePositionPatient;
      const iop = series.ImageOrientationPatient;
      if (position && iop) parts.push(formatSliceLocation(sliceLocationMm(position, iop)));
      if (shown.voi) parts.push(formatVoi(shown.voi) + (shown.invert ? ', inverted' : ''));
      parts.push(formatZoom(shown.zoom));
    }
    return `${parts.join(', ')}.`;
  }

  /** Moves the visible thumb to the requested image (a transform: no layout, no paint). */
  private placeThumb(): void {
    const last = (this.series?.instances.length ?? 1) - 1;
    const fraction = last > 0 && this.requestedIndex > 0 ? Math.min(1, this.requestedIndex / last) : 0;
    const x = fraction * Math.max(0, this.trackWidth - 2 * thumbHalfPx);
    this.thumb.style.transform = `translateX(${x.toFixed(1)}px)`;
  }

  private showProblem(): void {
    const message = this.problemsByImage.get(this.requestedIndex);
    if (this.problem.hidden !== !message) this.problem.hidden = !message;
    setText(this.problem, message ? `Image ${this.requestedIndex + 1} could not be shown — ${message}` : '');
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    event.stopPropagation();
    const px =
      event.deltaMode === 1 ? event.deltaY * 33 : event.deltaMode === 2 ? event.deltaY * 800 : event.deltaY;
    let steps: number;
    if (Math.abs(px) >= wheelStepPx) {
      // A mouse wheel notch: one image per event, whatever the platform's notch size.
      steps = Math.sign(px);
      this.wheelRemainder = 0;
    } else {
      this.wheelRemainder += px;
      steps = Math.trunc(this.wheelRemainder / wheelStepPx);
      this.wheelRemainder -= steps * wheelStepPx;
    }
    if (steps !== 0) this.handlers.scrollBy(steps, this.index);
  }
}
