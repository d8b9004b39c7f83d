/**
 * Web worker that loads a case's tour or quiz (src/data/loadTeachingFile.ts): fetches, migrates and validates
 * the file. Validation compiles the file kind's JSON Schema (ajv), some 40–60 ms on first use that would
 * otherwise run on the main thread while the learner scrolls. No DOM, no Cornerstone.
 */
import { validateQuizFile } from '../model/QuizFile.ts';
import { validateTourFile } from '../model/TourFile.ts';
import { loadTeachingFile } from './loadTeachingFile.ts';
import type { TeachingFileRequest } from './loadTeachingFileOffThread.ts';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TeachingFileRequest>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  const { kind, url, caseId } = event.data;
  const loading =
    kind === 'tour'
      ? loadTeachingFile(url, caseId, validateTourFile)
      : loadTeachingFile(url, caseId, validateQuizFile);
  void loading.then((result) => scope.postMessage(result));
};
