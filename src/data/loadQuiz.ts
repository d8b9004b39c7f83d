/**
 * Fetches a case's quiz (`annotations/<caseId>.quiz.json`), migrated and validated in a worker (the
 * schema compile stays off the main thread). A case without a quiz (HTTP 404) is `absent`, not an error.
 * Never throws. No DOM, no rendering.
 */
import { type QuizFile, validateQuizFile } from '../model/QuizFile.ts';
import { loadTeachingFile, type TeachingFileLoad, type TeachingFileLoadOptions } from './loadTeachingFile.ts';
import { loadTeachingFileOffThread } from './loadTeachingFileOffThread.ts';

/**
 * Loads a quiz file.
 * @param url - URL of the quiz JSON, e.g. `annotations/tumoral-calcinosis-pubis.quiz.json`
 * @param caseId - the open case; a quiz of another case is `invalid`
 * @param options - fetch and display name (tests)
 */
export function loadQuiz(
  url: string,
  caseId: string,
  options: TeachingFileLoadOptions = {},
): Promise<TeachingFileLoad<QuizFile>> {
  const onMainThread = () => loadTeachingFile(url, caseId, validateQuizFile, options);
  // A test's own fetch (or display name) runs here; the page's load runs in a worker.
  if (options.fetchFn || options.displayName) return onMainThread();
  return loadTeachingFileOffThread({ kind: 'quiz', url, caseId }, onMainThread);
}
