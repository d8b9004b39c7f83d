/**
 * Loads a case's teaching layer in a worker (src/data/teachingLayerWorker.ts), so fetching, parsing and
 * validating the annotations file keep off the main thread that draws the slices. The result is the same
 * plain record loadTeachingLayer returns. No DOM beyond Worker.
 */
import type { LoadTeachingResult } from './loadAnnotations.ts';

/** What the page asks the worker. */
export interface TeachingLayerRequest {
  /** Absolute URL of the annotations file (the worker's own location is not the page's). */
  readonly url: string;
  readonly expectedCaseId: string;
}

/**
 * Loads and validates the teaching layer off the main thread.
 * @param url - the annotations file, relative to the page or absolute
 * @param expectedCaseId - the case the file must belong to
 * @returns the result, with problems for a bad file; rejects only when the worker itself cannot run
 */
export function loadTeachingLayerOffThread(url: string, expectedCaseId: string): Promise<LoadTeachingResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./teachingLayerWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<LoadTeachingResult>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the annotations worker could not start'));
    };
    const request: TeachingLayerRequest = { url: new URL(url, location.href).href, expectedCaseId };
    worker.postMessage(request);
  });
}
