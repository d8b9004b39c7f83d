/**
 * A guided tour of a case: ordered steps, each a title, a caption and the view it sets. One record per
 * file: the type, its validator, the version constants and migrations together. Pure.
 */
import type { RevealStage } from './RevealStage.ts';
import type { StepView } from './StepView.ts';

/** Versions of the tour file, oldest first. */
export const tourFileVersions = {
  /** Steps with title, caption or section, view, reveal and transition. */
  first: 1,
} as const;

/** The version this code reads and writes. */
export const currentTourFileVersion = tourFileVersions.first;

/** How the viewer moves to a step: through the slices between (a short cine) or at once. */
export type StepTransition = 'scroll' | 'jump';

/** One step of a tour. */
export interface TourStep {
  /** Unique in the file. */
  readonly id: string;
  readonly title: string;
  /** Sanitised Markdown shown under the title. A step has a caption, a section, or both. */
  readonly caption?: string;
  /** Id of a case-text section the step links to (shown beside or instead of the caption). */
  readonly section?: string;
  readonly view: StepView;
  /** The reveal stage this step reaches in an unknown case (never goes back). */
  readonly reveal?: RevealStage;
  /** Absent: `scroll` when the step stays on a series already on screen, else `jump`. */
  readonly transition?: StepTransition;
}

/** A tour file: `annotations/<caseId>.tour.json`. */
export interface TourFile {
  readonly $schema?: string;
  readonly schemaVersion: typeof currentTourFileVersion;
  readonly caseId: string;
  readonly title: string;
  readonly description?: string;
  readonly steps: readonly TourStep[];
}
