/**
 * The names the page shows for the open case (title bar, tab title, the patient and study lines on every
 * image) at the view's reveal stage, shared by the parts that show them: RevealControl sets the stage, the
 * viewport cells (made and dropped with the layout) read and follow it. Keyed by the case's manifest, so
 * two cases on a page (tests) do not meet. No DOM, no Cornerstone.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import { type CaseNames, caseNamesAt } from '../model/overlayText.ts';
import type { RevealStage } from '../model/RevealStage.ts';

interface Entry {
  names: CaseNames;
  readonly listeners: Set<(names: CaseNames) => void>;
}

const entries = new WeakMap<CaseManifest, Entry>();

function entryOf(manifest: CaseManifest): Entry {
  let entry = entries.get(manifest);
  if (!entry) {
    // Until a stage is set the case is known, as a view without one is.
    entry = { names: caseNamesAt(manifest, 'all'), listeners: new Set() };
    entries.set(manifest, entry);
  }
  return entry;
}

/**
 * The names shown now.
 * @param manifest - the open case
 */
export function caseNamesOnPage(manifest: CaseManifest): CaseNames {
  return entryOf(manifest).names;
}

/**
 * Calls `listener` whenever the names change; returns the function that stops it.
 * @param manifest - the open case
 * @param listener - gets the new names
 */
export function watchCaseNames(manifest: CaseManifest, listener: (names: CaseNames) => void): () => void {
  const { listeners } = entryOf(manifest);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Shows the names of a reveal stage (tells the listeners when they change).
 * @param manifest - the open case
 * @param stage - the view's reveal stage
 */
export function showCaseNamesAt(manifest: CaseManifest, stage: RevealStage): void {
  const entry = entryOf(manifest);
  const names = caseNamesAt(manifest, stage);
  const old = entry.names;
  if (
    old.title === names.title &&
    old.patientLine === names.patientLine &&
    old.studyLine === names.studyLine &&
    old.documentTitle === names.documentTitle
  )
    return;
  entry.names = names;
  for (const listener of [...entry.listeners]) listener(names);
}
