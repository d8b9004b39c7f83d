/**
 * How much of a case is shown: an unknown case opens on its history and is revealed step by step
 * (findings, then diagnosis, then the discussion: everything). Pure; depends on nothing.
 */

/** Stages in the order they are revealed; `all` is a known case (everything shown). */
export const revealStages = ['history', 'findings', 'diagnosis', 'all'] as const;
export type RevealStage = (typeof revealStages)[number];

/** A case opened as known shows everything. */
export const knownCase: RevealStage = 'all';

/** Where an unknown case opens: the history only. */
export const unknownCaseStart: RevealStage = 'history';

/**
 * Whether what belongs to stage `needed` is shown at stage `current`.
 * @param current - the view's stage
 * @param needed - the stage at which the thing is revealed
 */
export function isRevealed(current: RevealStage, needed: RevealStage): boolean {
  return revealStages.indexOf(current) >= revealStages.indexOf(needed);
}

/** The stage after `current`, or null when everything is shown. */
export function nextRevealStage(current: RevealStage): RevealStage | null {
  return revealStages[revealStages.indexOf(current) + 1] ?? null;
}
