/**
 * Playing a guided tour, as pure logic: which view a step sets (through the view document, so a step that
 * does not fit the case is reported, not thrown) and the slices a scroll transition passes through on the
 * way, so a class sees where the finding lies in the stack. No DOM, no timers, no Cornerstone.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import { isRevealed } from '../model/RevealStage.ts';
import { applyStepView } from '../model/StepView.ts';
import type { TourFile, TourStep } from '../model/TourFile.ts';
import type { ViewStateProblem } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';

/** At most this many in-between images in a scroll transition (longer runs are sampled evenly). */
export const maxTransitionFrames = 24;

/** Time per in-between image of a scroll transition, ms (24 frames: about a second). */
export const transitionFrameMs = 40;

/** How to show one step: the views to pass through (maybe none), then the step's own view. */
export interface StepPlan {
  /** Index of the step in the tour. */
  readonly index: number;
  readonly step: TourStep;
  /** In-between views, in order; empty for a jump. */
  readonly frames: readonly ViewState[];
  /** The view the step sets. */
  readonly target: ViewState;
}

/** The outcome of {@link planStep}. */
export type StepPlanResult =
  | { readonly ok: true; readonly plan: StepPlan }
  | { readonly ok: false; readonly index: number; readonly problems: readonly ViewStateProblem[] };

/**
 * Plans the move from the view on screen to step `index` of `tour`.
 * Scrolls (unless the step says `jump`) when the step's active viewport shows the series it already shows:
 * first the step's window, zoom and overlays on the current image, then image by image to the step's.
 * A step's `reveal` moves an unknown case on to that stage, never back.
 * @param tour - a validated tour file
 * @param index - step to show (clamped into the tour)
 * @param current - the view on screen
 * @param manifest - the open case
 */
export function planStep(
  tour: TourFile,
  index: number,
  current: ViewState,
  manifest: CaseManifest,
): StepPlanResult {
  const at = clampStep(index, tour.steps.length);
  const step = tour.steps[at];
  if (!step) return { ok: false, index: at, problems: [] };
  const applied = applyStepView(step.view, current, manifest);
  if (!applied.ok) return { ok: false, index: at, problems: applied.problems };
  // A step reveals up to its stage and never hides again what the class has seen.
  const reveal = step.reveal;
  const target = reveal && !isRevealed(current.reveal, reveal) ? { ...applied.view, reveal } : applied.view;
  return { ok: true, plan: { index: at, step, frames: transitionFrames(step, current, target), target } };
}

/**
 * The in-between views of a scroll transition from `current` to `target` (none for a jump, or when the
 * active viewport changes series or is already there).
 * @param step - the step being shown
 * @param current - the view on screen
 * @param target - the step's view
 */
export function transitionFrames(step: TourStep, current: ViewState, target: ViewState): ViewState[] {
  if (step.transition === 'jump') return [];
  const slot = target.activeViewport;
  const from = current.viewports[slot];
  const to = target.viewports[slot];
  if (!from || !to || from.seriesKey !== to.seriesKey) return [];
  const distance = to.imageIndex - from.imageIndex;
  const steps = Math.abs(distance);
  if (steps <= 1) return [];
  const count = Math.min(steps - 1, maxTransitionFrames);
  const frames: ViewState[] = [];
  for (let i = 0; i <= count; i++) {
    // i = 0 is the current image in the step's window; then evenly spaced images short of the target.
    const imageIndex = from.imageIndex + Math.round((distance * i) / (count + 1));
    frames.push({
      ...target,
      viewports: target.viewports.map((v, n) => (n === slot ? { ...v, imageIndex } : v)),
    });
  }
  return frames;
}

/**
 * A step index kept inside the tour (0 for an empty tour).
 * @param index - wanted step
 * @param count - number of steps
 */
export function clampStep(index: number, count: number): number {
  if (count <= 0 || !Number.isFinite(index)) return 0;
  return Math.min(Math.max(Math.trunc(index), 0), count - 1);
}

/** "3 / 9": the position as the tour bar shows it (1-based). */
export function stepPositionText(index: number, count: number): string {
  return `${count === 0 ? 0 : clampStep(index, count) + 1} / ${count}`;
}
