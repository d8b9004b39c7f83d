/**
 * Fetches a case's guided tour (`annotations/<caseId>.tour.json`), migrated and validated. A case without a
 * tour (HTTP 404) is `absent`, not an error. Never throws. No DOM, no rendering.
 */
import { type TourFile, validateTourFile } from '../model/TourFile.ts';
import { loadTeachingFile, type TeachingFileLoad, type TeachingFileLoadOptions } from './loadTeachingFile.ts';

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
  return loadTeachingFile(url, caseId, validateTourFile, options);
}
