/**
 * Marks drawn over the images at points in patient mm (pixels on a radiograph): the learner's clicks in a
 * quiz's review and the locate cross-hair. Each mark shows only on the image it belongs to (or, for the
 * cross-hair, on whatever image the viewport shows) and follows scroll, zoom and pan: it is placed again on
 * every `display` report, and listens to them only while it has marks. Plain DOM over the viewport cells.
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import { type CanvasPoint, imagePlane, scale, translate, worldPoint } from '../model/geometry.ts';
import type { QuizQuestion } from '../model/QuizFile.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { ImageClick } from '../teaching/hitTest.ts';
import type { QuizAnswer } from '../teaching/QuizSession.ts';
import { h } from './h.ts';

/** One mark. */
export interface Pin {
  readonly id: string;
  /** Where it is; `SOPInstanceUID` is the image it shows on unless `anyImage`. */
  readonly at: ImageClick;
  /** Show on whatever image of the series the viewport shows (the cross-hair), projected there by the caller. */
  readonly anyImage?: boolean;
  /** Short text beside it (a question number). */
  readonly label?: string;
  /** `click` (a learner's answer), `crosshair`, or `region` (the right region: a circle of `radiusMm`). */
  readonly look: 'click' | 'crosshair' | 'region';
  /** A region's radius in its image plane, mm. */
  readonly radiusMm?: number;
  /** Whether the answer was right (colours a click). */
  readonly correct?: boolean;
}

/** Where the viewport elements are: the grid's cells. */
export interface PinHost {
  /** The element handed to the viewer for viewport `index` (its stage holds the marks). */
  viewportElement(index: number): HTMLElement | undefined;
  readonly viewportCount: number;
}

/** The marks over every viewport. */
export class QuizPins {
  private pins: readonly Pin[] = [];
  private readonly layers = new Map<number, HTMLElement>();
  private offDisplay: (() => void) | null = null;

  constructor(
    private readonly viewer: ViewerController,
    private readonly manifest: CaseManifest,
    private readonly host: PinHost,
  ) {}

  /**
   * Shows these marks (replacing the previous ones); an empty list removes them and stops listening.
   * @param pins - the marks
   */
  set(pins: readonly Pin[]): void {
    this.pins = pins;
    if (pins.length > 0 && !this.offDisplay) {
      this.offDisplay = this.viewer.events.on('display', (d) => this.place(d.viewportIndex));
    } else if (pins.length === 0 && this.offDisplay) {
      this.offDisplay();
      this.offDisplay = null;
    }
    this.placeAll();
  }

  /** Places every mark again (after a layout change). */
  placeAll(): void {
    for (const [index, layer] of this.layers) {
      if (index >= this.host.viewportCount || !layer.isConnected) {
        layer.remove();
        this.layers.delete(index);
      }
    }
    for (let i = 0; i < this.host.viewportCount; i++) this.place(i);
  }

  /** Removes every mark. */
  dispose(): void {
    this.set([]);
    for (const layer of this.layers.values()) layer.remove();
    this.layers.clear();
  }

  private place(index: number): void {
    const display = this.viewer.getDisplay(index);
    const series = display ? this.manifest.series.find((s) => s.key === display.seriesKey) : undefined;
    const uid = display ? series?.instances[display.imageIndex]?.SOPInstanceUID : undefined;
    const shown = this.pins.filter(
      (p) => display && p.at.seriesKey === display.seriesKey && (p.anyImage || p.at.SOPInstanceUID === uid),
    );
    let layer = this.layers.get(index);
    if (shown.length === 0) {
      // Nothing here: no DOM write on a slice without marks (most of them while scrolling).
      if (layer?.firstChild) layer.replaceChildren();
      return;
    }
    if (!layer?.isConnected) {
      const stage = this.host.viewportElement(index)?.parentElement;
      if (!stage) return;
      layer = h('div', { class: 'quiz-pin-layer', 'aria-hidden': 'true' });
      stage.append(layer);
      this.layers.set(index, layer);
    }
    const marks: HTMLElement[] = [];
    for (const pin of shown) {
      const canvas = this.canvasOf(index, pin.at);
      if (!canvas) continue;
      const radiusPx =
        pin.look === 'region' && display && series
          ? this.radiusPx(index, pin, canvas, series, display.imageIndex)
          : 0;
      marks.push(this.mark(pin, canvas, radiusPx));
    }
    layer.replaceChildren(...marks);
  }

  private canvasOf(index: number, at: ImageClick): CanvasPoint | null {
    if (at.world) return this.viewer.worldToCanvas(index, at.world);
    if (at.image) return this.viewer.imageToCanvas(index, at.image);
    return null;
  }

  /** A region's radius on the canvas: the canvas distance to a point `radiusMm` along its image's rows. */
  private radiusPx(
    index: number,
    pin: Pin,
    centre: CanvasPoint,
    series: ManifestSeries,
    imageIndex: number,
  ): number {
    const plane = imagePlane(series, imageIndex);
    if (!plane || !pin.at.world || !pin.radiusMm) return 0;
    const edge = this.viewer.worldToCanvas(
      index,
      translate(pin.at.world, scale(plane.rowDirection, pin.radiusMm)),
    );
    return edge ? Math.hypot(edge[0] - centre[0], edge[1] - centre[1]) : 0;
  }

  private mark(pin: Pin, canvas: CanvasPoint, radiusPx: number): HTMLElement {
    const cls = `quiz-pin quiz-pin-${pin.look}${pin.correct === undefined ? '' : pin.correct ? ' right' : ' wrong'}`;
    const el = h(
      'div',
      {
        class: cls,
        dataset: {
          testid: `quiz-${pin.look === 'click' ? 'click-marker' : pin.look}`,
          pinId: pin.id,
          x: canvas[0].toFixed(2),
          y: canvas[1].toFixed(2),
        },
      },
      pin.label ? h('span', { class: 'quiz-pin-label', text: pin.label }) : null,
    );
    el.style.transform = `translate(${canvas[0]}px, ${canvas[1]}px)`;
    if (radiusPx > 0) el.style.setProperty('--quiz-region-px', `${radiusPx.toFixed(1)}px`);
    return el;
  }
}

/**
 * What review draws for one question: a locate click, or a measure ROI's centre, where the learner made it,
 * and a measure question's right region (its answer ROI).
 * @param q - the question
 * @param answer - the learner's answer (nothing is drawn for an unanswered question)
 * @param label - the question's short name, e.g. `Q3`
 */
export function reviewPinsOf(q: QuizQuestion, answer: QuizAnswer | null, label: string): Pin[] {
  const pins: Pin[] = [];
  if (!answer) return pins;
  const mark = (at: ImageClick): Pin => ({ id: q.id, at, look: 'click', label, correct: answer.correct });
  if (answer.kind === 'locate') pins.push(mark(answer.click));
  const { roi } = answer.kind === 'measure' ? answer : { roi: null };
  if (roi?.centre && roi.SOPInstanceUID) {
    pins.push(mark({ seriesKey: roi.seriesKey, SOPInstanceUID: roi.SOPInstanceUID, world: roi.centre }));
  }
  if (q.kind === 'measure' && q.answerRoi) {
    const { image, centreMm, radiusMm } = q.answerRoi;
    pins.push({
      id: `${q.id}:answer`,
      at: { ...image, world: worldPoint(centreMm[0], centreMm[1], centreMm[2]) },
      look: 'region',
      radiusMm,
      label: `${label} answer`,
    });
  }
  return pins;
}
