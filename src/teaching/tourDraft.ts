/**
 * Editing a tour as a teacher builds it in the viewer: add the view on screen as a step, retitle, recaption,
 * reorder, delete. Pure functions from one tour file to the next (the editor keeps every version it makes in
 * the browser); no DOM, no storage.
 */
import type { StepView } from '../model/StepView.ts';
import { currentTourFileVersion, type TourFile, type TourStep } from '../model/TourFile.ts';

/**
 * An empty tour of a case.
 * @param caseId - the open case
 * @param title - the tour's title
 */
export function emptyTour(caseId: string, title = 'My tour'): TourFile {
  return { schemaVersion: currentTourFileVersion, caseId, title, steps: [] };
}

/** An id not yet used by a step of `tour`: `step-1`, `step-2`, ... */
export function freshStepId(tour: TourFile): string {
  const used = new Set(tour.steps.map((s) => s.id));
  for (let n = tour.steps.length + 1; ; n++) {
    if (!used.has(`step-${n}`)) return `step-${n}`;
  }
}

/**
 * Adds the view on screen as a new step after `afterIndex` (at the end when absent).
 * @param tour - the tour being edited
 * @param view - the step's view (see stepViewOf)
 * @param title - the step's title
 * @param afterIndex - where to insert
 */
export function addStep(tour: TourFile, view: StepView, title: string, afterIndex?: number): TourFile {
  const step: TourStep = { id: freshStepId(tour), title, caption: '', view };
  const at =
    afterIndex === undefined ? tour.steps.length : Math.min(Math.max(afterIndex + 1, 0), tour.steps.length);
  return { ...tour, steps: [...tour.steps.slice(0, at), step, ...tour.steps.slice(at)] };
}

/** What an edit may change on a step. */
export type StepEdit = Partial<
  Pick<TourStep, 'title' | 'caption' | 'section' | 'view' | 'transition' | 'reveal'>
>;

/**
 * Changes one step (an empty caption is kept as '' so the editor can show it; export drops it).
 * @param tour - the tour being edited
 * @param index - the step
 * @param edit - new values
 */
export function editStep(tour: TourFile, index: number, edit: StepEdit): TourFile {
  const old = tour.steps[index];
  if (!old) return tour;
  const steps = tour.steps.slice();
  // A field edited to undefined is left out when the tour is saved or exported (JSON has no undefined).
  steps[index] = { ...old, ...edit };
  return { ...tour, steps };
}

/**
 * Moves a step by `delta` places (-1 up, +1 down); out of range leaves the tour as it is.
 * @param tour - the tour being edited
 * @param index - the step
 * @param delta - places to move
 */
export function moveStep(tour: TourFile, index: number, delta: number): TourFile {
  const to = index + delta;
  const step = tour.steps[index];
  if (!step || to < 0 || to >= tour.steps.length) return tour;
  const steps = tour.steps.slice();
  steps.splice(index, 1);
  steps.splice(to, 0, step);
  return { ...tour, steps };
}

/**
 * Removes a step.
 * @param tour - the tour being edited
 * @param index - the step
 */
export function deleteStep(tour: TourFile, index: number): TourFile {
  if (!tour.steps[index]) return tour;
  return { ...tour, steps: tour.steps.filter((_, i) => i !== index) };
}

/**
 * The tour as a file to export: steps with an empty caption get one that points to their title, so the
 * file is valid (a step needs a caption or a section); field order as the schema documents it.
 * @param tour - the tour being edited
 */
export function tourForExport(tour: TourFile): TourFile {
  return {
    $schema: 'tourFile.schema.json',
    schemaVersion: tour.schemaVersion,
    caseId: tour.caseId,
    title: tour.title,
    ...(tour.description ? { description: tour.description } : {}),
    steps: tour.steps.map((s) => {
      const caption = s.caption?.trim() ? s.caption : s.section ? undefined : s.title;
      return {
        id: s.id,
        title: s.title,
        ...(caption !== undefined ? { caption } : {}),
        ...(s.section ? { section: s.section } : {}),
        view: s.view,
        ...(s.reveal ? { reveal: s.reveal } : {}),
        ...(s.transition ? { transition: s.transition } : {}),
      };
    }),
  };
}
