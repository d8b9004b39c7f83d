/**
 * An overlay line whose text changes on every slice (image number, slice location, value under the pointer),
 * drawn into a small canvas of its own. A changed DOM text costs the page a style, layout and paint pass on
 * every wheel notch (measured: ~2 ms of the main thread per notch here, with the slider); a canvas redraw costs
 * none of them. The text is also the canvas's fallback content, so the DOM (assistive technology, tests) holds
 * exactly what is drawn. Font, colour and alignment come from the stylesheet, read when the line is resized.
 */
import { h, setText } from './h.ts';

/** How a line is drawn, read from its computed style. */
interface LineStyle {
  readonly font: string;
  readonly color: string;
  readonly alignRight: boolean;
  /** CSS px. */
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

const ellipsis = '…';

/**
 * The longest prefix of `text` (plus an ellipsis) that fits `maxWidth`, or `text` when it fits.
 * @param measure - width of a string in the same units as `maxWidth`
 */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid) + ellipsis) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low > 0 ? text.slice(0, low) + ellipsis : '';
}

/** One overlay line drawn into a canvas. */
export class CanvasTextLine {
  /** The canvas (class `overlay-line <name>`); its text content is the line. */
  readonly element: HTMLCanvasElement;
  private text = '';
  private style: LineStyle | null = null;

  /** @param name - class naming the line (e.g. `image-number`) */
  constructor(name: string) {
    this.element = h('canvas', { class: `overlay-line canvas-line ${name}`, width: 0, height: 0 });
  }

  /** Shows `text` (no work when it is what is shown). */
  set(text: string): void {
    if (text === this.text) return;
    this.text = text;
    setText(this.element, text);
    this.draw();
  }

  /** Reads the line's size and style again (call when its box may have changed) and redraws. */
  resize(): void {
    const css = getComputedStyle(this.element);
    const pixelRatio = window.devicePixelRatio || 1;
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    this.style = {
      font: `${css.fontStyle} ${css.fontWeight} ${css.fontSize} ${css.fontFamily}`,
      color: css.color,
      alignRight: css.textAlign === 'right' || css.textAlign === 'end',
      width,
      height,
      pixelRatio,
    };
    const pixelWidth = Math.round(width * pixelRatio);
    const pixelHeight = Math.round(height * pixelRatio);
    if (this.element.width !== pixelWidth) this.element.width = pixelWidth;
    if (this.element.height !== pixelHeight) this.element.height = pixelHeight;
    // The drawing state is set here, once (a new canvas size resets it); a per-slice draw only draws text.
    const context = this.element.getContext('2d');
    if (context) {
      context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
      context.font = this.style.font;
      context.textBaseline = 'middle';
      context.textAlign = this.style.alignRight ? 'right' : 'left';
      // A dark outline, as the stylesheet's text-shadow gives the other overlay lines: legible on bone and on
      // air (a stroke costs less than a blurred shadow on this per-slice path).
      context.lineJoin = 'round';
      context.lineWidth = 3;
      context.strokeStyle = 'rgba(0, 0, 0, 0.85)';
      context.fillStyle = this.style.color;
    }
    this.draw();
  }

  private draw(): void {
    const style = this.style;
    const context = style ? this.element.getContext('2d') : null;
    if (!style || !context) return;
    context.clearRect(0, 0, style.width, style.height);
    if (!this.text) return;
    // Room for the halo on either side (the stylesheet widens the canvas by as much).
    const pad = 3;
    const shown = fitText(this.text, style.width - 2 * pad, (s) => context.measureText(s).width);
    const x = style.alignRight ? style.width - pad : pad;
    const y = style.height / 2;
    context.strokeText(shown, x, y);
    context.fillText(shown, x, y);
  }
}
