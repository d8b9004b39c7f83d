/**
 * The teacher's heat map of a live locate question (issue 14): every student's click drawn as a soft splat
 * over each viewport that shows its image (clicks near the displayed plane only, within the question's
 * through-plane tolerance), in patient mm projected through the viewer again on every `display` report (a
 * slice, camera or size change), on a canvas that follows devicePixelRatio; a corner label counts the clicks
 * here and off this slice. DOM; talks to the viewer through ViewerController only.
 */
import { onDevicePixelRatioChange } from '../lib/onDevicePixelRatioChange.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import {
  type CanvasPoint,
  imagePlane,
  imagePoint,
  scale,
  translate,
  type WorldPoint,
} from '../model/geometry.ts';
import type { LiveAnswerEntry } from '../model/liveProtocol.ts';
import type { LocateQuestion } from '../model/QuizFile.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import { type HeatOnImage, heatOnImage } from '../teaching/liveQuiz.ts';
import { h, setText } from './h.ts';

/** What the heat map is wired to. */
export interface LiveHeatMapOptions {
  readonly viewer: Pick<ViewerController, 'events' | 'worldToCanvas' | 'imageToCanvas' | 'getDisplay'>;
  readonly manifest: CaseManifest;
  /** The element handed to the viewer for a viewport (its parent, the stage, holds the layer). */
  readonly viewportElement: (viewportIndex: number) => HTMLElement | undefined;
  /** How many viewports the layout has. */
  readonly viewportCount: () => number;
  /** Called after a viewport was drawn again (the panel's count of clicks on this slice follows). */
  readonly onDrawn?: (viewportIndex: number) => void;
}

/** Smallest splat radius on screen, CSS px (a tolerance of a few mm at a small zoom stays visible). */
const minRadiusPx = 6;

/** One viewport's layer: the canvas and its label. */
interface Layer {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly label: HTMLElement;
}

/** The heat map over every viewport. */
export class LiveHeatMap {
  private question: LocateQuestion | null = null;
  private entries: readonly LiveAnswerEntry[] = [];
  private readonly layers = new Map<number, Layer>();
  private offDisplay: (() => void) | null = null;
  /** Stops watching devicePixelRatio (a browser zoom, or the window moved to another screen). */
  private offDpr: (() => void) | null = null;
  /** What each viewport shows now (diagnostics and the panel's count). */
  private readonly shown = new Map<number, HeatOnImage>();

  constructor(private readonly options: LiveHeatMapOptions) {}

  /**
   * Shows the clicks of a locate question (replacing what was shown).
   * @param question - the open question
   * @param entries - the class's answers
   */
  show(question: LocateQuestion, entries: readonly LiveAnswerEntry[]): void {
    this.question = question;
    this.entries = entries;
    if (!this.offDisplay) {
      this.offDisplay = this.options.viewer.events.on('display', (d) => this.draw(d.viewportIndex));
    }
    // A browser zoom or another screen: the canvas keeps one device pixel per canvas pixel.
    this.offDpr ??= onDevicePixelRatioChange(() => this.drawAll());
    this.drawAll();
  }

  /** Removes every splat and stops listening. */
  clear(): void {
    this.question = null;
    this.entries = [];
    this.offDisplay?.();
    this.offDisplay = null;
    this.offDpr?.();
    this.offDpr = null;
    for (const layer of this.layers.values()) layer.root.remove();
    this.layers.clear();
    this.shown.clear();
  }

  /**
   * The clicks drawn on a viewport and those off its slice, or null when nothing is shown there.
   * @param viewportIndex - the viewport
   */
  on(viewportIndex: number): HeatOnImage | null {
    return this.shown.get(viewportIndex) ?? null;
  }

  /** Draws every viewport again. */
  drawAll(): void {
    const count = this.options.viewportCount();
    for (const [index, layer] of this.layers) {
      if (index >= count || !layer.root.isConnected) {
        layer.root.remove();
        this.layers.delete(index);
        this.shown.delete(index);
      }
    }
    for (let i = 0; i < count; i++) this.draw(i);
  }

  private draw(index: number): void {
    const q = this.question;
    const element = this.options.viewportElement(index);
    const display = this.options.viewer.getDisplay(index);
    const series = display
      ? this.options.manifest.series.find((s) => s.key === display.seriesKey)
      : undefined;
    if (!q || !element || !display || !series) {
      this.layers.get(index)?.root.remove();
      this.layers.delete(index);
      this.shown.delete(index);
      return;
    }
    const heat = heatOnImage(
      this.entries,
      series,
      display.imageIndex,
      q.throughPlaneMm ?? 0,
      this.options.manifest,
    );
    this.shown.set(index, heat);
    const layer = this.layerOf(index, element);
    if (!layer) return;
    const width = element.clientWidth;
    const height = element.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    const { canvas } = layer;
    canvas.style.left = `${element.offsetLeft}px`;
    canvas.style.top = `${element.offsetTop}px`;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const pixelWidth = Math.round(width * dpr);
    const pixelHeight = Math.round(height * dpr);
    if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
    if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
    canvas.dataset.dpr = String(dpr);
    canvas.dataset.on = String(heat.points.length);
    canvas.dataset.off = String(heat.off);
    const context = canvas.getContext('2d');
    if (context) {
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.setTransform(dpr, 0, 0, dpr, 0, 0);
      const plane = imagePlane(series, display.imageIndex);
      for (const point of heat.points) {
        const at =
          point.kind === 'world'
            ? this.options.viewer.worldToCanvas(index, point.world)
            : this.options.viewer.imageToCanvas(index, point.image);
        if (!at) continue;
        // The splat's radius: the question's tolerance in the image plane, on screen.
        let edge: CanvasPoint | null = null;
        if (point.kind === 'world' && plane) {
          edge = this.options.viewer.worldToCanvas(
            index,
            translate(point.world, scale(plane.rowDirection, q.toleranceMm)) as WorldPoint,
          );
        } else if (point.kind === 'image') {
          const columns = q.toleranceMm / (series.PixelSpacing[1] || 1);
          edge = this.options.viewer.imageToCanvas(
            index,
            imagePoint(point.image[0] + columns, point.image[1]),
          );
        }
        const radius = Math.max(minRadiusPx, edge ? Math.hypot(edge[0] - at[0], edge[1] - at[1]) : 0);
        splat(context, at, radius);
      }
    }
    const here = heat.points.length;
    setText(layer.label, here + heat.off === 0 ? '' : `${here} here · ${heat.off} off this slice`);
    this.options.onDrawn?.(index);
  }

  private layerOf(index: number, element: HTMLElement): Layer | null {
    const existing = this.layers.get(index);
    if (existing?.root.isConnected) return existing;
    const stage = element.parentElement;
    if (!stage) return null;
    const canvas = h('canvas', {
      class: 'live-heat-canvas',
      dataset: { testid: `live-heat-map-${index}` },
    });
    const label = h('span', { class: 'live-heat-label', dataset: { testid: `live-heat-label-${index}` } });
    const root = h('div', { class: 'live-heat-layer', 'aria-hidden': 'true' }, canvas, label);
    stage.append(root);
    const layer = { root, canvas, label };
    this.layers.set(index, layer);
    return layer;
  }
}

/** One soft splat: a warm core fading out to nothing at `radius` (CSS px). */
function splat(context: CanvasRenderingContext2D, [x, y]: CanvasPoint, radius: number): void {
  const gradient = context.createRadialGradient(x, y, 0, x, y, radius);
  gradient.addColorStop(0, 'rgb(255 235 60 / 85%)');
  gradient.addColorStop(0.45, 'rgb(255 110 20 / 60%)');
  gradient.addColorStop(1, 'rgb(255 30 0 / 0%)');
  context.fillStyle = gradient;
  context.beginPath();
  context.arc(x, y, radius, 0, 2 * Math.PI);
  context.fill();
}
