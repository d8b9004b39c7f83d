/**
 * Turns what a failed image load rejects with (an XMLHttpRequest, an Error, a thrown string, or
 * Cornerstone's `{ error }` wrapper) into one readable sentence. No DOM access beyond duck typing.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * A short description of a load or decode failure, e.g. `HTTP 404 Not Found` or
 * `not a DICOM Part-10 file (no DICM prefix)`.
 * @param error - whatever the loader rejected with
 */
export function describeLoadError(error: unknown, depth = 0): string {
  if (depth > 3) return 'unknown error';
  if (typeof error === 'string') return tidy(error);
  if (error instanceof Error) return tidy(error.message || error.name);
  if (isRecord(error)) {
    if (typeof error.status === 'number' && 'readyState' in error) {
      if (error.status === 0) return 'network error (no response)';
      const statusText = typeof error.statusText === 'string' ? error.statusText : '';
      return `HTTP ${error.status}${statusText ? ` ${statusText}` : ''}`;
    }
    if ('error' in error && error.error !== undefined) return describeLoadError(error.error, depth + 1);
    if (typeof error.message === 'string') return tidy(error.message);
  }
  return 'unknown error';
}

/** Rewrites library messages that a learner cannot act on into plain words. */
function tidy(message: string): string {
  const text = message.replace(/^dicomParser\.\w+:\s*/, '').trim();
  if (/DICM prefix not found/i.test(text)) return 'not a DICOM Part-10 file (no DICM prefix)';
  if (
    /insufficient data|buffer overread|attempt to read past end|offset.*out of bounds|outside the bounds/i.test(
      text,
    )
  ) {
    return `file is truncated or corrupt (${text})`;
  }
  const syntax = /transfer syntax[^0-9]*([0-9.]+)/i.exec(text);
  if (syntax && /no decoder|not supported|unsupported|unknown/i.test(text)) {
    return `unsupported transfer syntax ${syntax[1]}`;
  }
  return text;
}
