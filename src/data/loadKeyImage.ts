/**
 * Reads the key image of a case (where it opens) from its annotations file as the case opens, before the
 * teaching layer is loaded and validated in its worker. Never throws and never waits long: a missing, slow or
 * malformed file gives null, the case opens on its middle image, and the teaching layer's own loading
 * reports what is wrong with the file. No DOM beyond fetch.
 */
import { type KeyImage, readKeyImage } from '../model/TeachingAnnotation.ts';

/** Options for tests. */
export interface LoadKeyImageOptions {
  readonly fetchFn?: typeof fetch;
  /** Give up after this long (ms): the first image must not wait for a slow annotations server. */
  readonly timeoutMs?: number;
}

/**
 * Fetches an annotations file and reads its keyImage.
 * @param url - the annotations file, relative to the page or absolute
 * @param options - fetch and time limit
 * @returns the key image, or null when the file has none or cannot be read in time
 */
export async function loadKeyImage(url: string, options: LoadKeyImageOptions = {}): Promise<KeyImage | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 1500);
  try {
    const href = new URL(url, globalThis.location?.href ?? 'http://localhost/').href;
    const response = await (options.fetchFn ?? fetch)(href, { signal: controller.signal });
    if (!response.ok) return null;
    return readKeyImage(JSON.parse(await response.text()));
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
