/**
 * Keeps image-load failures from escaping as unhandled promise rejections. Cornerstone 5.14's
 * `imageLoader.loadAndCacheImage` calls `cache.putImageLoadObject(...)` and drops the promise it returns,
 * whose `.catch` rethrows the load's error: every failed load through the cache (a missing file, a file cut
 * short, not DICOM) also rejects a promise nobody holds, though the caller of `loadAndCacheImage` gets and
 * reports the same error (the problem list, the viewport's message). The loader marks each error it rejects
 * with; a window listener marks a rejection with a marked error as handled. Other rejections are left alone.
 */

/** Errors our image loader rejected with (and whose callers report them). */
const loadErrors = new WeakSet<Error>();

/**
 * Marks an error of our image loader (anything not an Error becomes one, with the same text).
 * @param error - what a load rejected with
 * @returns the Error to reject with
 */
export function markLoadError(error: unknown): Error {
  const marked =
    error instanceof Error
      ? error
      : new Error(typeof error === 'string' ? error : describeUnknown(error), { cause: error });
  loadErrors.add(marked);
  return marked;
}

/** Whether `reason` is an error our image loader rejected with. */
export function isMarkedLoadError(reason: unknown): boolean {
  return reason instanceof Error && loadErrors.has(reason);
}

/**
 * Listens for unhandled rejections on `target` and marks those of image loads as handled.
 * @param target - the window
 * @returns the listener's removal
 */
export function guardLoadRejections(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): () => void {
  const listener = (event: PromiseRejectionEvent) => {
    if (isMarkedLoadError(event.reason)) event.preventDefault();
  };
  target.addEventListener('unhandledrejection', listener);
  return () => target.removeEventListener('unhandledrejection', listener);
}

function describeUnknown(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const inner =
      (error as { error?: unknown; message?: unknown }).error ?? (error as { message?: unknown }).message;
    if (inner instanceof Error) return inner.message;
    if (typeof inner === 'string') return inner;
  }
  return String(error);
}
