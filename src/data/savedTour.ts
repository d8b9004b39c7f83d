/**
 * The teacher's own tour of a case, kept in the browser (localStorage) as it is edited, so a reload, a crash or
 * a closed tab loses nothing. What is read back is validated like a tour file; a saved tour that no longer
 * reads is kept aside under its own key, never thrown away. No DOM.
 */
import type { AnnotationProblem } from '../model/AnnotationProblem.ts';
import { type TourFile, validateTourFile } from '../model/TourFile.ts';

/** The storage a saved tour lives in (localStorage in the browser; a Map-backed fake in tests). */
export type TourStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Key of a case's saved tour. */
export const savedTourKey = (caseId: string): string => `casebook:tour:v1:${caseId}`;

/** Key a saved tour that could not be read is moved to. */
export const unreadableTourKey = (caseId: string): string => `casebook:tour:v1:${caseId}:unreadable`;

/** What reading a saved tour found. */
export type SavedTourRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'saved'; readonly tour: TourFile }
  | {
      readonly kind: 'unreadable';
      readonly problems: readonly AnnotationProblem[];
      readonly keptUnder: string;
    };

/** How messages name a saved tour. */
const savedTourName = 'your saved tour';

/**
 * Reads the case's saved tour. One that does not validate is moved to {@link unreadableTourKey} (its text
 * unchanged) and reported, so the next edit does not overwrite it.
 * @param storage - where tours are kept
 * @param caseId - the open case
 */
export function readSavedTour(storage: TourStorage, caseId: string): SavedTourRead {
  let text: string | null;
  try {
    text = storage.getItem(savedTourKey(caseId));
  } catch {
    return { kind: 'none' };
  }
  if (text === null) return { kind: 'none' };
  let problems: readonly AnnotationProblem[];
  try {
    const result = validateTourFile(JSON.parse(text), savedTourName, caseId);
    if (result.ok) return { kind: 'saved', tour: result.file };
    problems = result.problems;
  } catch (error) {
    const detail = `is not JSON (${error instanceof Error ? error.message : String(error)})`;
    problems = [{ file: savedTourName, field: '', detail, message: `${savedTourName} ${detail}` }];
  }
  const keptUnder = unreadableTourKey(caseId);
  try {
    storage.setItem(keptUnder, text);
    storage.removeItem(savedTourKey(caseId));
  } catch {
    // Storage full or refused: the unreadable text stays where it was.
  }
  return { kind: 'unreadable', problems, keptUnder };
}

/**
 * Saves (or, with null, forgets) the case's tour. Returns a sentence when the browser refused (storage full,
 * private mode), so the editor can say the work is not kept.
 * @param storage - where tours are kept
 * @param caseId - the open case
 * @param tour - the tour as edited, or null to delete it
 */
export function writeSavedTour(storage: TourStorage, caseId: string, tour: TourFile | null): string | null {
  try {
    if (tour) storage.setItem(savedTourKey(caseId), JSON.stringify(tour));
    else storage.removeItem(savedTourKey(caseId));
    return null;
  } catch (error) {
    return `The browser did not keep your tour (${error instanceof Error ? error.message : String(error)}): export it to keep it.`;
  }
}
