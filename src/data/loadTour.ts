/**
 * Fetches a case's guided tour (`annotations/<caseId>.tour.json`), migrated and validated in a worker (the
 * schema compile stays off the main thread). A case without a tour (HTTP 404) is `absent`, not an error.
 * Never throws. No DOM, no rendering.
 */
import { type TourFile, validateTourFile } from '../model/TourFile.ts';
import { loadTeachingFile, type TeachingFileLoad, type TeachingFileLoadOptions } from './loadTeachingFile.ts';
import { loadTeachingFileOffThread } from './loadTeachingFileOffThread.ts';

export type { TeachingFileLoad, TeachingFileLoadOptions } from './loadTeachingFile.ts';

/**
 * Loads a tour file.
 * @param url - URL of the tour JSON, e.g. `annotations/tumoral-calcinosis-pubis.tour.json`
 * @param caseId - the open case; a tour of another case is `invalid`
 * @param options - fetch and display name (tests)
 */
export function loadTour(
  url: string,
  caseId: string,
  options: TeachingFileLoadOptions = {},
): Promise<TeachingFileLoad<TourFile>> {
  const onMainThread = () => loadTeachingFile(url, caseId, validateTourFile, options);
  // A test's own fetch (or display name) runs here; the page's load runs in a worker.
  if (options.fetchFn || options.displayName) return onMainThread();
  return loadTeachingFileOffThread({ kind: 'tour', url, caseId }, onMainThread);
}
