/**
 * Web worker that loads a case's teaching layer (src/data/loadAnnotations.ts): fetches, migrates and
 * validates the annotations file and its text. Validation compiles the JSON Schema (ajv), ~100–200 ms that
 * would otherwise run on the main thread while the learner scrolls. No DOM, no Cornerstone.
 */
import { loadTeachingLayer } from './loadAnnotations.ts';
import type { TeachingLayerRequest } from './loadTeachingLayerOffThread.ts';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TeachingLayerRequest>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  const { url, expectedCaseId } = event.data;
  void loadTeachingLayer(url, { expectedCaseId }).then((result) => scope.postMessage(result));
};
