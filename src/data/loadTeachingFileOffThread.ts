/**
 * Loads a tour or quiz file in a worker (src/data/teachingFileWorker.ts), so fetching, parsing and validating
 * it (the schema compile above all) keep off the main thread that draws the slices; where no worker can run,
 * on the main thread. The result is the same plain record either way. No DOM beyond Worker.
 */
import type { TeachingFileLoad } from './loadTeachingFile.ts';

/** What the page asks the worker. */
export interface TeachingFileRequest {
  readonly kind: 'tour' | 'quiz';
  /** Absolute URL of the file (the worker's own location is not the page's). */
  readonly url: string;
  readonly caseId: string;
}

/**
 * Loads and validates a teaching file in a worker; falls back to `onMainThread` when workers are missing or
 * the worker cannot start. Never rejects.
 * @param request - the file kind, its URL (relative to the page or absolute) and the case
 * @param onMainThread - the same load on the main thread
 */
export function loadTeachingFileOffThread<T>(
  request: TeachingFileRequest,
  onMainThread: () => Promise<TeachingFileLoad<T>>,
): Promise<TeachingFileLoad<T>> {
  if (typeof Worker === 'undefined') return onMainThread();
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./teachingFileWorker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(onMainThread());
      return;
    }
    worker.onmessage = (event: MessageEvent<TeachingFileLoad<T>>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker.terminate();
      resolve(onMainThread());
    };
    const base = globalThis.location?.href ?? 'http://localhost/';
    worker.postMessage({ ...request, url: new URL(request.url, base).href } satisfies TeachingFileRequest);
  });
}
