import { describe, expect, it } from 'vitest';
import type { StepView } from '../model/StepView.ts';
import {
  addStep,
  deleteStep,
  editStep,
  emptyTour,
  freshStepId,
  moveStep,
  tourForExport,
} from './tourDraft.ts';

const view = (uid: string): StepView => ({
  viewports: [{ image: { seriesKey: 'ct', SOPInstanceUID: uid } }],
  visibleCategories: [],
  highlightedFinding: null,
});

describe('tour drafts', () => {
  it('adds the view as a step at the end or after a step, with fresh ids', () => {
    let tour = addStep(emptyTour('case'), view('1'), 'One');
    tour = addStep(tour, view('2'), 'Two');
    tour = addStep(tour, view('3'), 'Between', 0);
    expect(tour.steps.map((s) => s.title)).toEqual(['One', 'Between', 'Two']);
    expect(new Set(tour.steps.map((s) => s.id)).size).toBe(3);
    expect(tour.steps[1]?.view.viewports[0]?.image.SOPInstanceUID).toBe('3');
  });

  it('never reuses an id after a delete', () => {
    let tour = addStep(addStep(emptyTour('case'), view('1'), 'A'), view('2'), 'B');
    tour = deleteStep(tour, 0);
    expect(freshStepId(tour)).not.toBe(tour.steps[0]?.id);
  });

  it('edits, moves and deletes without touching the other steps', () => {
    let tour = addStep(addStep(addStep(emptyTour('case'), view('1'), 'A'), view('2'), 'B'), view('3'), 'C');
    const before = tour;
    tour = editStep(tour, 1, { caption: 'The **level**' });
    expect(tour.steps[1]?.caption).toBe('The **level**');
    expect(before.steps[1]?.caption).toBe('');
    tour = moveStep(tour, 2, -1);
    expect(tour.steps.map((s) => s.title)).toEqual(['A', 'C', 'B']);
    expect(moveStep(tour, 0, -1)).toBe(tour);
    expect(moveStep(tour, 2, 1)).toBe(tour);
    tour = deleteStep(tour, 0);
    expect(tour.steps.map((s) => s.title)).toEqual(['C', 'B']);
    expect(deleteStep(tour, 5)).toBe(tour);
  });

  it("sets and clears a step's section, reveal and transition; export leaves cleared ones out", () => {
    let tour = addStep(emptyTour('case'), view('1'), 'A');
    tour = editStep(tour, 0, { section: 'findings-ct', reveal: 'findings', transition: 'jump' });
    expect(tourForExport(tour).steps[0]).toMatchObject({
      section: 'findings-ct',
      reveal: 'findings',
      transition: 'jump',
    });
    tour = editStep(tour, 0, { section: undefined, reveal: undefined, transition: undefined });
    const out = JSON.parse(JSON.stringify(tourForExport(tour))) as { steps: Record<string, unknown>[] };
    expect(Object.keys(out.steps[0] ?? {}).sort()).toEqual(['caption', 'id', 'title', 'view']);
  });

  it('exports every step with a caption or a section', () => {
    const tour = editStep(addStep(addStep(emptyTour('case'), view('1'), 'A'), view('2'), 'B'), 1, {
      caption: 'Said',
    });
    const out = tourForExport(tour);
    expect(out.steps.map((s) => s.caption)).toEqual(['A', 'Said']);
    expect(out.schemaVersion).toBe(1);
    expect(out.caseId).toBe('case');
  });
});
