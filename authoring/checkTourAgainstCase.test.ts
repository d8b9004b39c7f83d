import { describe, expect, it } from 'vitest';
import type { StepView } from '../src/model/StepView.ts';
import type { TourFile, TourStep } from '../src/model/TourFile.ts';
import {
  ctAnnotation,
  dxAnnotation,
  fileWith,
  levelOnSlice5,
  rimOnSlice5,
  syntheticManifest,
} from '../src/teaching/syntheticCase.testutil.ts';
import { type CaseContext, checkStepViewAgainstCase, isDrawnOn } from './checkStepViewAgainstCase.ts';
import { checkTourAgainstCase } from './checkTourAgainstCase.ts';

const FILE = 'annotations/demo-case.tour.json';
const ct = (slice: number) => ({ image: { seriesKey: 'ct-axial', SOPInstanceUID: `1.2.3.1.${slice + 1}` } });
const dx = { image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' } };
const mr = (slice: number) => ({ image: { seriesKey: 'mr-t1', SOPInstanceUID: `1.2.3.2.${slice + 1}` } });

const cluster = dxAnnotation('cluster', 'mass', { kind: 'point', points: [[50, 40]] });
const context: CaseContext = {
  manifest: syntheticManifest,
  annotations: fileWith([levelOnSlice5, rimOnSlice5, cluster]),
  annotationsName: 'annotations/demo-case.json',
  sectionIds: ['history', 'findings-ct', 'findings-xr'],
  textName: 'annotations/demo-case.md',
};

const levelView: StepView = {
  viewports: [{ ...ct(5), voi: { windowCenter: 40, windowWidth: 400 }, camera: { zoom: 2, panMm: [1, 2] } }],
  visibleCategories: ['level'],
  highlightedFinding: 'level-1',
};

const step = (id: string, view: StepView, extra: Partial<TourStep> = {}): TourStep => ({
  id,
  title: id,
  caption: 'Caption.',
  view,
  ...extra,
});
const tourOf = (...steps: TourStep[]): TourFile => ({
  schemaVersion: 1,
  caseId: 'demo-case',
  title: 'Demo',
  steps,
});
const messages = (tour: TourFile) => checkTourAgainstCase(tour, context, FILE).map((p) => p.message);

describe('checkStepViewAgainstCase', () => {
  it('accepts a view whose images, categories and highlighted finding are in the case', () => {
    expect(checkStepViewAgainstCase(levelView, context)).toEqual([]);
    expect(
      checkStepViewAgainstCase(
        { layout: '1x2', viewports: [ct(5), dx], highlightedFinding: 'cluster' },
        context,
      ),
    ).toEqual([]);
  });

  it('names an unknown series and an image its series does not have', () => {
    const view: StepView = {
      layout: '1x2',
      viewports: [
        { image: { seriesKey: 'ct-coronal', SOPInstanceUID: '1.2' } },
        { image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.99' } },
      ],
    };
    expect(checkStepViewAgainstCase(view, context)).toEqual([
      {
        field: 'view.viewports[0].image.seriesKey',
        detail: "case 'demo-case' has no series 'ct-coronal' (its series: 'ct-axial', 'mr-t1', 'dx-pelvis')",
      },
      {
        field: 'view.viewports[1].image.SOPInstanceUID',
        detail:
          "series 'ct-axial' has no image 1.2.3.1.99 (regenerated images? npm run validate names the images the manifest has)",
      },
    ]);
  });

  it('names an unknown category and an unknown highlighted finding', () => {
    const view: StepView = {
      ...levelView,
      visibleCategories: ['level', 'rims'],
      highlightedFinding: 'level-9',
    };
    expect(checkStepViewAgainstCase(view, context).map((i) => `${i.field}: ${i.detail}`)).toEqual([
      "view.visibleCategories[1]: 'rims' is not a category of annotations/demo-case.json (its categories: 'level', 'rim', 'mass')",
      "view.highlightedFinding: 'level-9' is not an annotation of annotations/demo-case.json",
    ]);
  });

  it('reports a highlighted finding whose category the view hides', () => {
    const view: StepView = { ...levelView, visibleCategories: ['rim'] };
    expect(checkStepViewAgainstCase(view, context).map((i) => i.detail)).toEqual([
      "'level-1' is highlighted, but its category 'level' is not in view.visibleCategories, so it is not drawn",
    ]);
  });

  it('reports a highlighted finding drawn on an image no viewport shows', () => {
    const view: StepView = { ...levelView, viewports: [ct(6)] };
    expect(checkStepViewAgainstCase(view, context).map((i) => i.detail)).toEqual([
      "'level-1' is drawn on image 6 of 'ct-axial', which no viewport of this view shows",
    ]);
  });

  it('passes on what the view document refuses (a zoom beyond the viewer limits)', () => {
    const view: StepView = { viewports: [{ ...ct(5), camera: { zoom: 80, panMm: [0, 0] } }] };
    const issues = checkStepViewAgainstCase(view, context);
    expect(issues.map((i) => i.field)).toEqual(['view.viewports[0].camera.zoom']);
  });

  it('knows where the viewer draws an annotation: its own image, and neighbours within half a slice thickness', () => {
    const series = syntheticManifest.series[0];
    if (!series) throw new Error('no CT');
    expect([4, 5, 6].map((i) => isDrawnOn(levelOnSlice5, series, i))).toEqual([false, true, false]);
    // A finding 1 mm below slice 5 (z = 9) is within half a thickness of slice 6 (z = 8) too, as the viewer
    // draws it there (dashed).
    const lower = ctAnnotation('lower', 'level', 5, { kind: 'point', points: [[0, 0, 9]] });
    expect([4, 5, 6].map((i) => isDrawnOn(lower, series, i))).toEqual([false, true, true]);
  });
});

describe('checkTourAgainstCase', () => {
  it('accepts a tour whose every step fits the case', () => {
    const tour = tourOf(
      step('one', levelView, { section: 'findings-ct', reveal: 'findings' }),
      step('two', { ...levelView, viewports: [ct(8)], highlightedFinding: null }, { transition: 'scroll' }),
      step(
        'three',
        { viewports: [dx], highlightedFinding: 'cluster' },
        { section: 'findings-xr', transition: 'jump' },
      ),
    );
    expect(messages(tour)).toEqual([]);
  });

  it('names the step and field of each problem', () => {
    const tour = tourOf(
      step('one', levelView, { section: 'findings-mr', reveal: 'findings' }),
      step('two', { viewports: [mr(2)], visibleCategories: ['bones'] }, { transition: 'scroll' }),
    );
    expect(messages(tour)).toEqual([
      `${FILE}: step 'one' (index 0): section: 'findings-mr' is not a section of annotations/demo-case.md (its sections: 'history', 'findings-ct', 'findings-xr')`,
      `${FILE}: step 'two' (index 1): view.visibleCategories[0]: 'bones' is not a category of annotations/demo-case.json (its categories: 'level', 'rim', 'mass')`,
      `${FILE}: step 'two' (index 1): transition: 'scroll' asks for a cine through the slices between, but no viewport keeps its series from the step before (ct-axial -> mr-t1): use 'jump'`,
    ]);
  });

  it('skips the section check when the case text could not be read', () => {
    const { sectionIds: _, ...withoutText } = context;
    expect(
      checkTourAgainstCase(
        tourOf(step('one', levelView, { section: 'nowhere', reveal: 'findings' })),
        withoutText,
        FILE,
      ),
    ).toEqual([]);
  });

  it('reports a tour of another case', () => {
    expect(messages({ ...tourOf(step('one', levelView, { reveal: 'findings' })), caseId: 'other' })).toEqual([
      `${FILE}: caseId 'other' does not match the manifest's 'demo-case'`,
    ]);
  });
});

describe('checkTourAgainstCase on an unknown case', () => {
  const textSections = [
    { id: 'history', title: 'History', level: 2 as const, markdown: '' },
    { id: 'findings', title: 'Imaging findings', level: 2 as const, markdown: '' },
    { id: 'findings-ct', title: 'CT', level: 3 as const, markdown: '' },
    { id: 'diagnosis', title: 'Diagnosis: uremic tumoral calcinosis', level: 2 as const, markdown: '' },
    { id: 'differential', title: 'Differential diagnosis', level: 2 as const, markdown: '' },
  ];
  const unknown: CaseContext = { ...context, sectionIds: textSections.map((s) => s.id), textSections };
  const check = (tour: TourFile) => checkTourAgainstCase(tour, unknown, FILE).map((p) => p.message);
  const plain: StepView = { viewports: [ct(5)], visibleCategories: [], highlightedFinding: null };

  it('accepts a tour that reveals each thing at or before the step that shows it', () => {
    const tour = tourOf(
      step('history', plain, { section: 'history', caption: 'A patient on dialysis.' }),
      step('level', levelView, { section: 'findings-ct', reveal: 'findings' }),
      step('dx', plain, { section: 'diagnosis', reveal: 'diagnosis', caption: 'Tumoral calcinosis.' }),
      step('ddx', plain, { section: 'differential', reveal: 'all' }),
    );
    expect(check(tour)).toEqual([]);
  });

  it('reports a section, an overlay and the diagnosis shown before their stage', () => {
    const tour = {
      ...tourOf(
        step('level', levelView, { section: 'findings-ct', caption: 'A fluid level.' }),
        step('lysis', plain, { reveal: 'findings', caption: 'Rare in **tumoral** calcinosis.' }),
        step('dx', plain, { section: 'differential', reveal: 'diagnosis', title: 'Uremic or not?' }),
      ),
      title: 'A tour of calcinosis',
    };
    expect(check(tour)).toEqual([
      `${FILE}: title: names the diagnosis ('calcinosis'), which an unknown case hides until it is revealed`,
      `${FILE}: step 'level' (index 0): section: 'findings-ct' is shown from the 'findings' stage, but an unknown case is at 'history' here: reveal 'findings' at or before this step, or link another section`,
      `${FILE}: step 'level' (index 0): view.highlightedFinding: 'level-1' is not drawn on an unknown case before the 'findings' stage (at 'history' here): reveal 'findings' at or before this step`,
      `${FILE}: step 'lysis' (index 1): caption: names the diagnosis ('tumoral') before an unknown case reveals it (at 'findings' here)`,
      `${FILE}: step 'dx' (index 2): title: names the diagnosis ('uremic'); step titles are listed before the steps are played`,
      `${FILE}: step 'dx' (index 2): section: 'differential' is shown from the 'all' stage, but an unknown case is at 'diagnosis' here: reveal 'all' at or before this step, or link another section`,
    ]);
  });

  it('keeps the stage reached when a later step names an earlier one', () => {
    const tour = tourOf(
      step('dx', plain, { reveal: 'diagnosis', caption: 'Tumoral calcinosis.' }),
      step('again', plain, { reveal: 'findings', caption: 'Still tumoral calcinosis.' }),
    );
    expect(check(tour)).toEqual([]);
  });
});
