import { describe, expect, it } from 'vitest';
import { imagePoint, worldPoint } from '../model/geometry.ts';
import type { QuizQuestion } from '../model/QuizFile.ts';
import { initialViewState, patchViewport, type ViewState } from '../model/ViewState.ts';
import { buildAnnotationIndex } from './AnnotationIndex.ts';
import { focusZoom } from './focusFinding.ts';
import {
  answerRevealView,
  clickReviewView,
  questionOpenView,
  revealedFindings,
  reviewOverlaysView,
} from './quizViewChanges.ts';
import {
  dxAnnotation,
  fileWith,
  levelOnSlice5,
  rimOnSlice5,
  syntheticManifest,
} from './syntheticCase.testutil.ts';

const cluster = dxAnnotation('cluster', 'mass', { kind: 'point', points: [[50, 40]] });
const index = buildAnnotationIndex(fileWith([levelOnSlice5, rimOnSlice5, cluster]), syntheticManifest);
const everything: ViewState = {
  ...initialViewState('demo-case', 'ct-axial', 12),
  visibleCategories: ['level', 'rim', 'mass'],
  highlightedFinding: 'rim-1',
  primaryTool: 'Length',
};

const locate: QuizQuestion = {
  id: 'find-level',
  kind: 'locate',
  prompt: 'Click the level',
  explanation: '',
  targets: ['level-1'],
  toleranceMm: 3,
  view: { viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.6' } }] },
};
const measure: QuizQuestion = {
  id: 'supernatant',
  kind: 'measure',
  prompt: 'Measure',
  explanation: '',
  seriesKey: 'ct-axial',
  statistic: 'mean',
  range: { min: 0, max: 20 },
  findings: ['rim-1'],
};

describe('questionOpenView', () => {
  it('opens a locate question on its image, its targets hidden, nothing highlighted, a click tool', () => {
    const view = questionOpenView(everything, locate, syntheticManifest, index);
    expect(view.viewports[0]?.imageIndex).toBe(5);
    expect(view.visibleCategories).toEqual(['rim', 'mass']);
    expect(view.highlightedFinding).toBeNull();
    expect(view.primaryTool).toBe('WindowLevel');
    // A click tool the learner chose stays.
    expect(
      questionOpenView({ ...everything, primaryTool: 'Zoom' }, locate, syntheticManifest, index).primaryTool,
    ).toBe('Zoom');
  });

  it('gives a measure question the ROI tool and hides its findings; a bad view is left out', () => {
    const broken = {
      ...measure,
      view: { viewports: [{ image: { seriesKey: 'nope', SOPInstanceUID: 'x' } }] },
    };
    const view = questionOpenView(everything, broken, syntheticManifest, index);
    expect(view.primaryTool).toBe('EllipticalROI');
    expect(view.visibleCategories).toEqual(['level', 'mass']);
    expect(view.viewports).toEqual(everything.viewports);
  });
});

describe('answerRevealView and reviewOverlaysView', () => {
  it('reveals the findings (a locate question without findings: its targets) and highlights the first', () => {
    const hidden = { ...everything, visibleCategories: [], highlightedFinding: null };
    expect(revealedFindings(locate)).toEqual(['level-1']);
    expect(answerRevealView(hidden, locate, index)).toMatchObject({
      visibleCategories: ['level'],
      highlightedFinding: 'level-1',
    });
    expect(answerRevealView(hidden, measure, index)).toMatchObject({
      visibleCategories: ['rim'],
      highlightedFinding: 'rim-1',
    });
    expect(reviewOverlaysView(hidden, [locate, measure], index).visibleCategories).toEqual(['level']);
  });

  it('moves an unknown case from its history to its findings (never back), when the answer shows findings', () => {
    const unknown: ViewState = { ...everything, reveal: 'history' };
    expect(answerRevealView(unknown, locate, index).reveal).toBe('findings');
    expect(answerRevealView({ ...everything, reveal: 'diagnosis' }, locate, index).reveal).toBe('diagnosis');
    const noFindings: QuizQuestion = { ...measure, findings: [] };
    expect(answerRevealView(unknown, noFindings, index).reveal).toBe('history');
  });
});

describe('clickReviewView', () => {
  it('goes to the click image of the series on screen, centred at the finding zoom', () => {
    const view = clickReviewView(
      everything,
      {
        seriesKey: 'ct-axial',
        SOPInstanceUID: '1.2.3.1.5',
        world: worldPoint(-16 + 32 * 0.5, -16 + 40 * 0.5, 12),
      },
      syntheticManifest,
      'level-1',
    );
    const vp = view.viewports[0];
    expect(vp?.imageIndex).toBe(4);
    // Column 32, row 40 of a 64 × 64 image of 0.5 mm pixels: 0 mm right, 4 mm down of the fitted centre.
    expect(vp?.camera).toEqual({ zoom: focusZoom, panMm: [0, -4] });
    expect(view.highlightedFinding).toBe('level-1');
  });

  it('keeps a closer zoom the learner had on that series', () => {
    const zoomed = patchViewport(everything, 0, { camera: { zoom: 3, panMm: [5, 5] } });
    const click = { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.5', world: worldPoint(0, 4, 12) };
    expect(clickReviewView(zoomed, click, syntheticManifest, null).viewports[0]?.camera).toEqual({
      zoom: 3,
      panMm: [0, -4],
    });
  });

  it('opens another series in its own defaults (not the CT window) in the active viewport', () => {
    const windowed = patchViewport(everything, 0, { voi: { windowCenter: 400, windowWidth: 1600 } });
    const view = clickReviewView(
      windowed,
      { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1', image: imagePoint(50, 40) },
      syntheticManifest,
      'cluster',
    );
    expect(view.viewports[0]).toMatchObject({ seriesKey: 'dx-pelvis', imageIndex: 0 });
    expect(view.viewports[0]?.voi).toBeUndefined();
    // The click is the middle of the 100 × 80 radiograph: no pan.
    expect(view.viewports[0]?.camera).toEqual({ zoom: focusZoom, panMm: [0, 0] });
  });

  it('leaves the view alone for an image the case does not have', () => {
    const click = { seriesKey: 'ct-axial', SOPInstanceUID: 'gone', world: worldPoint(0, 0, 0) };
    expect(clickReviewView(everything, click, syntheticManifest, null)).toBe(everything);
  });
});
