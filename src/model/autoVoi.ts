/**
 * Automatic window for images whose files carry none (MR, radiographs): a percentile window from the
 * pixel histogram, so a few very bright or dark pixels do not flatten the picture. Pure; no DOM.
 */
import type { Voi } from './ViewState.ts';

/** Options of {@link autoVoiFromPixels}. */
export interface AutoVoiOptions {
  /** Lower and upper percentiles kept inside the window, 0–100. */
  readonly lowPercentile?: number;
  readonly highPercentile?: number;
  /** Pixels equal to or below this value (e.g. air outside the body on MR) are left out. */
  readonly ignoreAtOrBelow?: number;
  /** Pixels equal to or above this value (e.g. direct exposure on a MONOCHROME1 radiograph) are left out. */
  readonly ignoreAtOrAbove?: number;
  /** Read at most about this many pixels (evenly strided) so a large radiograph stays cheap. */
  readonly maxSamples?: number;
}

const bins = 1024;

/**
 * A window covering the `lowPercentile`–`highPercentile` range of the sampled pixel values.
 * Returns null when no pixel qualifies.
 * @param pixels - stored or modality-rescaled values of one image
 * @param options - percentiles, background cut-off and sampling budget
 */
export function autoVoiFromPixels(pixels: ArrayLike<number>, options: AutoVoiOptions = {}): Voi | null {
  const low = options.lowPercentile ?? 1;
  const high = options.highPercentile ?? 99.5;
  const floor = options.ignoreAtOrBelow ?? Number.NEGATIVE_INFINITY;
  const ceiling = options.ignoreAtOrAbove ?? Number.POSITIVE_INFINITY;
  const stride = Math.max(1, Math.floor(pixels.length / (options.maxSamples ?? 65536)));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels.length; i += stride) {
    const value = pixels[i] as number;
    if (value <= floor || value >= ceiling) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min)) return null;
  if (max === min) return { windowCenter: min, windowWidth: 1 };
  const histogram = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  let count = 0;
  for (let i = 0; i < pixels.length; i += stride) {
    const value = pixels[i] as number;
    if (value <= floor || value >= ceiling) continue;
    const bin = Math.floor((value - min) * scale);
    histogram[bin] = (histogram[bin] as number) + 1;
    count++;
  }
  const lowCount = (count * low) / 100;
  const highCount = (count * high) / 100;
  let cumulative = 0;
  let lowValue = min;
  let highValue = max;
  let lowFound = false;
  for (let bin = 0; bin < bins; bin++) {
    cumulative += histogram[bin] as number;
    if (!lowFound && cumulative >= lowCount) {
      lowValue = min + bin / scale;
      lowFound = true;
    }
    if (cumulative >= highCount) {
      highValue = min + (bin + 1) / scale;
      break;
    }
  }
  const windowWidth = Math.max(1, highValue - lowValue);
  return { windowCenter: lowValue + windowWidth / 2, windowWidth };
}
