/**
 * The windows an image file stores itself: WindowCenter (0028,1050) and WindowWidth (0028,1051), multi-valued
 * in pairs, each pair explained by the matching value of WindowCenterWidthExplanation (0028,1055), e.g. a CT
 * with `40\450` / `400\1800` / `SOFT TISSUE\BONE`. Read from an image's naturalized attributes (DICOM
 * keywords to values; one value may come as a scalar). Pure; no DOM, no Cornerstone.
 */
import type { Voi } from './ViewState.ts';

/** One window stored in the file, in output units (HU on CT). */
export interface StoredWindow {
  readonly voi: Voi;
  /** The file's explanation, or '' when it gives none. */
  readonly explanation: string;
}

/** The values of a multi-valued attribute, however it was naturalized (scalar, array, or `a\b` text). */
function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split('\\');
  return [value];
}

const numberOf = (value: unknown): number =>
  typeof value === 'number' ? value : Number(String(value).trim());

/**
 * The stored windows of an image, in file order, each pair once. A pair whose width is not a positive
 * number, or whose centre is not a number, is left out (the standard requires WindowWidth >= 1).
 * @param naturalized - the image's attributes by DICOM keyword
 */
export function storedWindowsOf(naturalized: Readonly<Record<string, unknown>> | undefined): StoredWindow[] {
  if (!naturalized) return [];
  const centres = valuesOf(naturalized.WindowCenter);
  const widths = valuesOf(naturalized.WindowWidth);
  const explanations = valuesOf(naturalized.WindowCenterWidthExplanation);
  const out: StoredWindow[] = [];
  for (let i = 0; i < Math.min(centres.length, widths.length); i++) {
    const windowCenter = numberOf(centres[i]);
    const windowWidth = numberOf(widths[i]);
    if (!Number.isFinite(windowCenter) || !Number.isFinite(windowWidth) || windowWidth <= 0) continue;
    if (out.some((w) => w.voi.windowCenter === windowCenter && w.voi.windowWidth === windowWidth)) continue;
    const explanation = explanations[i];
    out.push({
      voi: { windowCenter, windowWidth },
      explanation: typeof explanation === 'string' ? explanation.trim() : '',
    });
  }
  return out;
}

/**
 * How a stored window is named on a button: its explanation in sentence case (`BONE` -> `Bone`), or its
 * numbers when the file explains nothing.
 * @param window - a stored window
 */
export function storedWindowName(window: StoredWindow): string {
  const text = window.explanation.toLowerCase();
  if (!text) return `${Math.round(window.voi.windowWidth)}/${Math.round(window.voi.windowCenter)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
