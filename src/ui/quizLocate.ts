/**
 * Answering a locate question on the images: a click (not a drag) on a viewport with the W/L, pan or zoom
 * tool, or a cross-hair moved with the arrow keys (1 mm, Shift 5 mm) and Enter. The point becomes a click
 * in patient mm on the image the viewport shows (pixels on a radiograph). While active, its keys win over
 * the viewer's (slices stay on Page Up/Down and the wheel). Plain DOM; talks to the viewer through its
 * controller only.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import {
  type CanvasPoint,
  canvasPoint,
  displacement,
  type ImagePoint,
  imagePlane,
  imagePoint,
  imageToWorld,
  norm,
  scale,
  translate,
  type WorldVector,
  worldToImage,
} from '../model/geometry.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { ViewState } from '../model/ViewState.ts';
import type { ImageClick } from '../teaching/hitTest.ts';
import { clickTools } from '../teaching/quizViewChanges.ts';
import type { QuizPins } from './quizPins.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';

/** A press that moves less than this (CSS px) before it is released is a click, not a drag. */
const clickSlopPx = 4;

/** What locate mode needs. */
export interface QuizLocateOptions {
  readonly viewer: ViewerController;
  readonly manifest: CaseManifest;
  readonly store: Store<ViewState>;
  readonly shortcuts: ShortcutRegistry;
  readonly pins: QuizPins;
  /** The area holding the viewports (clicks are watched there). */
  readonly area: HTMLElement;
  /** Called with the learner's answer. */
  readonly onAnswer: (click: ImageClick) => void;
}

/** Locate mode: on while a locate question waits for its answer. */
export class QuizLocateMode {
  private active = false;
  private press: { id: number; x: number; y: number; moved: boolean } | null = null;
  private cross: ImageClick | null = null;
  private readonly unregister: Array<() => void> = [];

  constructor(private readonly options: QuizLocateOptions) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Where the cross-hair is (projected onto the image on screen), or null before the keys placed it. */
  get crosshair(): ImageClick | null {
    return this.cross ? this.projectToShown(this.cross) : null;
  }

  /** Turns locate mode on: clicks on the images and the cross-hair keys answer. */
  start(): void {
    if (this.active) return;
    this.active = true;
    const { area, shortcuts } = this.options;
    // Moves are followed only while a button is down on an image.
    area.addEventListener('pointerdown', this.onDown, { capture: true });
    const group = 'Quiz (locate)';
    const move = (dx: number, dy: number) => (event: KeyboardEvent) =>
      this.moveCross(dx, dy, event.shiftKey ? 5 : 1);
    this.unregister.push(
      shortcuts.register({
        keys: ['←'],
        description: 'Move the cross-hair 1 mm left (Shift: 5 mm)',
        group,
        match: ['ArrowLeft'],
        run: move(-1, 0),
      }),
      shortcuts.register({
        keys: ['→'],
        description: 'Move the cross-hair 1 mm right (Shift: 5 mm)',
        group,
        match: ['ArrowRight'],
        run: move(1, 0),
      }),
      shortcuts.register({
        keys: ['↑'],
        description: 'Move the cross-hair 1 mm up (Shift: 5 mm)',
        group,
        match: ['ArrowUp'],
        run: move(0, -1),
      }),
      shortcuts.register({
        keys: ['↓'],
        description: 'Move the cross-hair 1 mm down (Shift: 5 mm)',
        group,
        match: ['ArrowDown'],
        run: move(0, 1),
      }),
      shortcuts.register({
        keys: ['Enter'],
        description: 'Answer at the cross-hair',
        group,
        match: ['Enter'],
        run: () => this.answerAtCrosshair(),
      }),
    );
  }

  /** Turns locate mode off and removes the cross-hair. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    const { area } = this.options;
    area.removeEventListener('pointerdown', this.onDown, { capture: true });
    this.endPress();
    for (const off of this.unregister.splice(0)) off();
    this.cross = null;
    this.options.pins.set([]);
  }

  /** Answers at the cross-hair; places it in the middle of the active image first if it is not shown yet. */
  answerAtCrosshair(): void {
    const at = this.crosshair;
    if (!at) {
      this.moveCross(0, 0, 0);
      return;
    }
    this.options.onAnswer(at);
  }

  /**
   * Moves the cross-hair along the screen of the active viewport.
   * @param dx - screen direction right (+1) or left (−1)
   * @param dy - screen direction down (+1) or up (−1)
   * @param mm - how far
   */
  moveCross(dx: number, dy: number, mm: number): void {
    const { store } = this.options;
    const index = store.get().activeViewport;
    const current = this.cross ? this.projectToShown(this.cross) : null;
    if (!current) {
      const element = this.viewportElement(index);
      if (!element) return;
      this.cross = this.clickAt(index, canvasPoint(element.clientWidth / 2, element.clientHeight / 2));
    } else if (current.world) {
      const right = this.screenDirection(index, 1, 0);
      const down = this.screenDirection(index, 0, 1);
      if (!right || !down) return;
      const step = translate(current.world, scale(right, dx * mm));
      this.cross = { ...current, world: translate(step, scale(down, dy * mm)) };
    } else if (current.image) {
      const series = this.seriesOf(current.seriesKey);
      const toCanvas = series ? this.imageAffine(index) : null;
      if (!series || !toCanvas) return;
      // One CSS px right / down in image pixels, then scaled to `mm` with PixelSpacing.
      const [rowMm, columnMm] = series.PixelSpacing;
      const perPx = (vx: number, vy: number) => toCanvas.inverseVector(vx, vy);
      const r = perPx(1, 0);
      const d = perPx(0, 1);
      const mmOf = (v: readonly [number, number]) => Math.hypot(v[0] * columnMm, v[1] * rowMm) || 1;
      const c = current.image;
      this.cross = {
        ...current,
        image: imagePoint(
          c[0] + (dx * mm * r[0]) / mmOf(r) + (dy * mm * d[0]) / mmOf(d),
          c[1] + (dx * mm * r[1]) / mmOf(r) + (dy * mm * d[1]) / mmOf(d),
        ),
      };
    }
    this.showCross();
  }

  private showCross(): void {
    const at = this.crosshair;
    this.options.pins.set(at ? [{ id: 'crosshair', at, anyImage: true, look: 'crosshair' }] : []);
  }

  private readonly onDown = (event: PointerEvent): void => {
    if (event.button !== 0 || this.viewportIndexOf(event.target) === null) return;
    this.endPress();
    this.press = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
    window.addEventListener('pointermove', this.onMove, { capture: true });
    window.addEventListener('pointerup', this.onUp, { capture: true });
    window.addEventListener('pointercancel', this.endPress, { capture: true });
  };

  private readonly endPress = (): void => {
    this.press = null;
    window.removeEventListener('pointermove', this.onMove, { capture: true });
    window.removeEventListener('pointerup', this.onUp, { capture: true });
    window.removeEventListener('pointercancel', this.endPress, { capture: true });
  };

  private readonly onMove = (event: PointerEvent): void => {
    const p = this.press;
    if (!p || p.id !== event.pointerId) return;
    if (Math.hypot(event.clientX - p.x, event.clientY - p.y) > clickSlopPx) p.moved = true;
  };

  private readonly onUp = (event: PointerEvent): void => {
    const p = this.press;
    if (p?.id !== event.pointerId) return;
    this.endPress();
    if (p.moved) return;
    if (Math.hypot(event.clientX - p.x, event.clientY - p.y) > clickSlopPx) return;
    if (!clickTools.has(this.options.store.get().primaryTool)) return;
    const index = this.viewportIndexOf(event.target) ?? this.viewportIndexAt(p.x, p.y);
    if (index === null) return;
    const element = this.viewportElement(index);
    if (!element) return;
    const rect = element.getBoundingClientRect();
    const click = this.clickAt(index, canvasPoint(p.x - rect.left, p.y - rect.top));
    if (click) this.options.onAnswer(click);
  };

  /** The click at a canvas point of a viewport, on the image it shows. */
  private clickAt(index: number, canvas: CanvasPoint): ImageClick | null {
    const { viewer } = this.options;
    const display = viewer.getDisplay(index);
    const series = display ? this.seriesOf(display.seriesKey) : undefined;
    const instance = display ? series?.instances[display.imageIndex] : undefined;
    if (!display || !series || !instance) return null;
    const base = { seriesKey: series.key, SOPInstanceUID: instance.SOPInstanceUID };
    if (series.ImageOrientationPatient) {
      const world = viewer.canvasToWorld(index, canvas);
      return world ? { ...base, world } : null;
    }
    const affine = this.imageAffine(index);
    const image = affine?.inverse(canvas);
    return image ? { ...base, image } : null;
  }

  /** The cross-hair moved onto the image the active viewport shows now (it keeps its place in the plane). */
  private projectToShown(at: ImageClick): ImageClick | null {
    const { store, viewer } = this.options;
    const display = viewer.getDisplay(store.get().activeViewport);
    if (!display || display.seriesKey !== at.seriesKey) return null;
    const series = this.seriesOf(display.seriesKey);
    const instance = series?.instances[display.imageIndex];
    if (!series || !instance) return null;
    const plane = imagePlane(series, display.imageIndex);
    if (at.world && plane) {
      return {
        ...at,
        SOPInstanceUID: instance.SOPInstanceUID,
        world: imageToWorld(plane, worldToImage(plane, at.world).point),
      };
    }
    return { ...at, SOPInstanceUID: instance.SOPInstanceUID };
  }

  /** The patient-space direction of one CSS px along the screen, as a unit vector. */
  private screenDirection(index: number, dx: number, dy: number): WorldVector | null {
    const { viewer } = this.options;
    const element = this.viewportElement(index);
    if (!element) return null;
    const cx = element.clientWidth / 2;
    const cy = element.clientHeight / 2;
    const a = viewer.canvasToWorld(index, canvasPoint(cx, cy));
    const b = viewer.canvasToWorld(index, canvasPoint(cx + dx * 10, cy + dy * 10));
    if (!a || !b) return null;
    const v = displacement(a, b);
    const length = norm(v);
    return length > 0 ? scale(v, 1 / length) : null;
  }

  /**
   * The image → canvas map of a viewport (an affine map: a stack viewport pans, zooms, flips and rotates),
   * from three points, with its inverse: how a canvas click becomes a pixel on a radiograph.
   */
  private imageAffine(index: number): {
    inverse: (p: CanvasPoint) => ImagePoint | null;
    inverseVector: (vx: number, vy: number) => readonly [number, number];
  } | null {
    const { viewer } = this.options;
    const o = viewer.imageToCanvas(index, imagePoint(0, 0));
    const u = viewer.imageToCanvas(index, imagePoint(100, 0));
    const v = viewer.imageToCanvas(index, imagePoint(0, 100));
    if (!o || !u || !v) return null;
    const a = (u[0] - o[0]) / 100;
    const c = (u[1] - o[1]) / 100;
    const b = (v[0] - o[0]) / 100;
    const d = (v[1] - o[1]) / 100;
    const det = a * d - b * c;
    if (det === 0) return null;
    const inverseVector = (vx: number, vy: number) =>
      [(d * vx - b * vy) / det, (-c * vx + a * vy) / det] as const;
    return {
      inverse: (p) => {
        const [col, row] = inverseVector(p[0] - o[0], p[1] - o[1]);
        return imagePoint(col, row);
      },
      inverseVector,
    };
  }

  private seriesOf(key: string): ManifestSeries | undefined {
    return this.options.manifest.series.find((s) => s.key === key);
  }

  private viewportIndexOf(target: EventTarget | null): number | null {
    const element =
      target instanceof Element
        ? target.closest<HTMLElement>('.viewport-element[data-viewport-index]')
        : null;
    const index = element ? Number(element.dataset.viewportIndex) : Number.NaN;
    return Number.isInteger(index) ? index : null;
  }

  private viewportIndexAt(x: number, y: number): number | null {
    return this.viewportIndexOf(document.elementFromPoint(x, y));
  }

  private viewportElement(index: number): HTMLElement | null {
    return this.options.area.querySelector<HTMLElement>(`.viewport-element[data-viewport-index="${index}"]`);
  }
}
