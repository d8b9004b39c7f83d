/**
 * The teacher's laser pointer in a live class (issue 14). The teacher holds `.` (or the live panel's Pointer
 * button) and moves the mouse over a viewport: the point under the mouse becomes patient mm (canvasToWorld;
 * [column, row, 0] on a projection image) with the shown image's SOPInstanceUID, sent at most once per
 * frame; releasing sends null. Every browser in the room (the teacher too) draws a red dot where that point
 * is on whichever viewport shows that image, redrawn on that viewport's `display` events so it stays on the
 * anatomy through zoom, pan and resize; hidden when null, when no viewport shows the image, or after 3 s
 * without an update. No mouse listener runs unless the pointer is held. DOM; talks to the viewer through
 * ViewerController only.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest, ManifestInstance } from '../model/CaseManifest.ts';
import { type CanvasPoint, canvasPoint, imagePoint, worldPoint } from '../model/geometry.ts';
import type { LivePointer as Pointer } from '../model/liveProtocol.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { ViewState } from '../model/ViewState.ts';
import { FrameCoalescer, type FrameScheduler } from '../teaching/liveFollow.ts';
import { h } from './h.ts';
import './live.css';

/** The key the teacher holds to point. */
export const pointerKey = '.';

/** A pointer not updated for this long is hidden (ms). */
export const pointerStaleMs = 3000;

/** While held still, the teacher's pointer is sent again this often, so it does not go stale (ms). */
const keepAliveMs = 2000;

/** What the pointer is wired to. */
export interface LivePointerOptions {
  readonly viewer: Pick<
    ViewerController,
    'events' | 'worldToCanvas' | 'canvasToWorld' | 'imageToCanvas' | 'getDisplay'
  >;
  readonly manifest: CaseManifest;
  readonly store: Store<ViewState>;
  /** The element handed to the viewer for a viewport (canvas coordinates are relative to it). */
  readonly viewportElement: (viewportIndex: number) => HTMLElement | undefined;
  readonly schedule?: FrameScheduler;
}

/** The instance a viewport shows now (from its latest display report), or undefined. */
function shownInstance(
  options: LivePointerOptions,
  viewportIndex: number,
): { seriesKey: string; instance: ManifestInstance; projection: boolean } | undefined {
  const display = options.viewer.getDisplay(viewportIndex);
  if (!display) return undefined;
  const series = options.manifest.series.find((s) => s.key === display.seriesKey);
  const instance = series?.instances[display.imageIndex];
  if (!series || !instance) return undefined;
  // A projection image has no patient position or orientation: its points are [column, row, 0].
  const projection =
    instance.ImagePositionPatient === undefined || series.ImageOrientationPatient === undefined;
  return { seriesKey: display.seriesKey, instance, projection };
}

/**
 * Image [column, row] under a canvas point of a projection image, by inverting the (affine) imageToCanvas.
 */
function canvasToImagePoint(
  viewer: LivePointerOptions['viewer'],
  viewportIndex: number,
  [x, y]: CanvasPoint,
): [number, number] | null {
  const o = viewer.imageToCanvas(viewportIndex, imagePoint(0, 0));
  const c = viewer.imageToCanvas(viewportIndex, imagePoint(1, 0));
  const r = viewer.imageToCanvas(viewportIndex, imagePoint(0, 1));
  if (!o || !c || !r) return null;
  const [a, b] = [c[0] - o[0], c[1] - o[1]];
  const [d, e] = [r[0] - o[0], r[1] - o[1]];
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) return null;
  const [px, py] = [x - o[0], y - o[1]];
  return [(px * e - py * d) / det, (a * py - b * px) / det];
}

/** The laser pointer: the dot every browser draws, and the teacher's holding of it. */
export class LivePointer {
  /** The dot (fixed over the page; pointer-events none). */
  readonly dot = h('div', { class: 'live-pointer-dot', hidden: true, dataset: { testid: 'live-pointer' } });
  /** Pointer messages sent (diagnostics). */
  sent = 0;
  private current: Pointer | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly offDisplay: () => void;
  private holding: {
    readonly send: (pointer: Pointer | null) => void;
    readonly coalescer: FrameCoalescer;
    readonly keepAlive: ReturnType<typeof setInterval>;
    readonly offMove: () => void;
    client: { x: number; y: number } | null;
  } | null = null;

  constructor(private readonly options: LivePointerOptions) {
    document.body.append(this.dot);
    this.offDisplay = options.viewer.events.on('display', () => this.draw());
  }

  /**
   * Shows a pointer (a message from the room, or the teacher's own), or hides it (null).
   * @param pointer - the image and point, or null
   */
  show(pointer: Pointer | null): void {
    this.current = pointer;
    clearTimeout(this.staleTimer);
    if (pointer) {
      this.staleTimer = setTimeout(() => {
        this.current = null;
        this.draw();
      }, pointerStaleMs);
    }
    this.draw();
  }

  /** Whether the teacher holds the pointer now. */
  get held(): boolean {
    return this.holding !== null;
  }

  /**
   * The teacher starts pointing: from now until {@link release}, the mouse's position over a viewport is
   * sent (at most once per frame, the latest wins) and drawn here too.
   * @param send - sends a pointer message (the live client's `point`); answers whether it was sent
   * @param client - where the mouse is now (client px), when known
   */
  hold(send: (pointer: Pointer | null) => boolean, client?: { x: number; y: number }): void {
    if (this.holding) return;
    const deliver = (pointer: Pointer | null) => {
      if (send(pointer)) this.sent += 1;
      this.show(pointer);
    };
    const coalescer = new FrameCoalescer(() => {
      const at = this.holding?.client;
      if (at) deliver(this.pointerAt(at.x, at.y));
    }, this.options.schedule ?? requestAnimationFrame.bind(window));
    const onMove = (event: PointerEvent) => {
      if (!this.holding) return;
      this.holding.client = { x: event.clientX, y: event.clientY };
      coalescer.touch();
    };
    window.addEventListener('pointermove', onMove, { passive: true });
    this.holding = {
      send: deliver,
      coalescer,
      keepAlive: setInterval(() => coalescer.touch(), keepAliveMs),
      offMove: () => window.removeEventListener('pointermove', onMove),
      client: client ?? null,
    };
    if (this.holding.client) coalescer.touch();
  }

  /** The teacher lets go: nothing more is sent but one null; the dot goes. */
  release(): void {
    const holding = this.holding;
    if (!holding) return;
    this.holding = null;
    holding.coalescer.stop();
    clearInterval(holding.keepAlive);
    holding.offMove();
    holding.send(null);
  }

  /** Removes the dot and every listener (the session ended). */
  dispose(): void {
    this.release();
    clearTimeout(this.staleTimer);
    this.offDisplay();
    this.dot.remove();
  }

  /** The pointer for a mouse position (client px): over a viewport showing an image, or null. */
  pointerAt(clientX: number, clientY: number): Pointer | null {
    const count = this.options.store.get().viewports.length;
    for (let index = 0; index < count; index++) {
      const element = this.options.viewportElement(index);
      if (!element) continue;
      const rect = element.getBoundingClientRect();
      if (clientX < rect.left || clientX > rect.right || clientY < rect.top || clientY > rect.bottom)
        continue;
      const shown = shownInstance(this.options, index);
      if (!shown) return null;
      const canvas = canvasPoint(clientX - rect.left, clientY - rect.top);
      const image = { seriesKey: shown.seriesKey, SOPInstanceUID: shown.instance.SOPInstanceUID };
      if (shown.projection) {
        const pixel = canvasToImagePoint(this.options.viewer, index, canvas);
        return pixel ? { image, point: [pixel[0], pixel[1], 0] } : null;
      }
      const world = this.options.viewer.canvasToWorld(index, canvas);
      return world ? { image, point: [world[0], world[1], world[2]] } : null;
    }
    return null;
  }

  /** Places the dot over the viewport that shows the pointer's image, or hides it. */
  private draw(): void {
    const place = this.current ? this.place(this.current) : null;
    if (!place) {
      this.dot.hidden = true;
      return;
    }
    this.dot.style.left = `${place.x}px`;
    this.dot.style.top = `${place.y}px`;
    this.dot.hidden = false;
  }

  /** Client position of a pointer on the first viewport showing its image, or null. */
  private place(pointer: Pointer): { x: number; y: number } | null {
    const count = this.options.store.get().viewports.length;
    for (let index = 0; index < count; index++) {
      const shown = shownInstance(this.options, index);
      if (shown?.instance.SOPInstanceUID !== pointer.image.SOPInstanceUID) continue;
      const element = this.options.viewportElement(index);
      if (!element) continue;
      const [x, y, z] = pointer.point;
      const canvas = shown.projection
        ? this.options.viewer.imageToCanvas(index, imagePoint(x, y))
        : this.options.viewer.worldToCanvas(index, worldPoint(x, y, z));
      if (!canvas) continue;
      const rect = element.getBoundingClientRect();
      const cx = rect.left + canvas[0];
      const cy = rect.top + canvas[1];
      if (cx < rect.left || cx > rect.right || cy < rect.top || cy > rect.bottom) continue;
      return { x: cx, y: cy };
    }
    return null;
  }
}
