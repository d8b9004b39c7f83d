import { describe, expect, it } from 'vitest';
import { imagePlane, type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import type { LocateQuestion, MeasureQuestion, QuizFile, QuizQuestion } from '../src/model/QuizFile.ts';
import {
  CT_FOR,
  ctAnnotation,
  ctSeries,
  dxAnnotation,
  fileWith,
  syntheticManifest,
} from '../src/teaching/syntheticCase.testutil.ts';
import type { ImageFromFile, ImageSource } from './checkAnnotationsAgainstImages.ts';
import { checkQuizAgainstCase } from './checkQuizAgainstCase.ts';
import type { CaseContext } from './checkStepViewAgainstCase.ts';
import { measureCircleRoi } from './measureRoi.ts';
import { LEVEL_Y, LOCULUS, RADIUS, RIM, SLICE, syntheticCtSlice } from './syntheticCtSlice.testutil.ts';

const FILE = 'annotations/demo-case.quiz.json';
const pixels = syntheticCtSlice();
const sliceUid = `1.2.3.1.${SLICE + 1}`;
const z = 20 - 2 * SLICE;

/** Serves the synthetic slice (fluid over calcium in one loculus) and errors for any other image. */
const images: ImageSource = (seriesKey, uid) => {
  if (seriesKey !== 'ct-axial' || uid !== sliceUid) return new Error('ENOENT: no such file');
  const file: ImageFromFile = {
    ...pixels,
    SOPInstanceUID: uid,
    Modality: 'CT',
    FrameOfReferenceUID: CT_FOR,
    ImagePositionPatient: ctSeries.instances[SLICE]?.ImagePositionPatient as WorldPoint,
  };
  return file;
};

const level = ctAnnotation('level-1', 'level', SLICE, {
  kind: 'line',
  points: [
    [LOCULUS[0] - 4, LEVEL_Y, z],
    [LOCULUS[0] + 4, LEVEL_Y, z],
  ],
});
const rim = ctAnnotation('rim-1', 'rim', SLICE, {
  kind: 'polyline',
  closed: true,
  points: Array.from({ length: 24 }, (_, i) => {
    const a = (2 * Math.PI * i) / 24;
    return worldPoint(
      LOCULUS[0] + (RADIUS - RIM / 2) * Math.cos(a),
      LOCULUS[1] + (RADIUS - RIM / 2) * Math.sin(a),
      z,
    );
  }),
});
const cluster = dxAnnotation('cluster', 'mass', { kind: 'point', points: [[50, 40]] });
const context: CaseContext = {
  manifest: syntheticManifest,
  annotations: fileWith([level, rim, cluster]),
  annotationsName: 'annotations/demo-case.json',
  sectionIds: ['findings-ct', 'findings-xr'],
  textName: 'annotations/demo-case.md',
};

const ctView = {
  viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: sliceUid } }],
  visibleCategories: [],
};
/** Fluid lies anterior to the level (y < −5): its middle is 3 mm anterior to the level. */
const FLUID_CENTRE: readonly [number, number, number] = [LOCULUS[0], LEVEL_Y - 3, z];

const locate = (extra: Partial<LocateQuestion> = {}): LocateQuestion => ({
  id: 'find-level',
  kind: 'locate',
  prompt: 'Click the level.',
  explanation: 'There.',
  view: ctView,
  targets: ['level-1'],
  toleranceMm: 2,
  throughPlaneMm: 2,
  findings: ['level-1'],
  sections: ['findings-ct'],
  ...extra,
});
const measure = (extra: Partial<MeasureQuestion> = {}): MeasureQuestion => ({
  id: 'fluid',
  kind: 'measure',
  prompt: 'Measure the fluid.',
  explanation: 'Water.',
  view: ctView,
  seriesKey: 'ct-axial',
  statistic: 'mean',
  range: { min: -20, max: 40 },
  within: 'rim-1',
  withinToleranceMm: 1,
  answerRoi: {
    image: { seriesKey: 'ct-axial', SOPInstanceUID: sliceUid },
    centreMm: FLUID_CENTRE,
    radiusMm: 1.5,
  },
  ...extra,
});
const quizOf = (...questions: QuizQuestion[]): QuizFile => ({
  schemaVersion: 1,
  caseId: 'demo-case',
  title: 'Demo',
  questions,
});
const messages = (...questions: QuizQuestion[]) =>
  checkQuizAgainstCase(quizOf(...questions), context, images, FILE).problems.map((p) => p.message);

describe('measureCircleRoi', () => {
  const plane = imagePlane(ctSeries, SLICE);
  if (!plane) throw new Error('no plane');
  it('measures fluid above the level and calcium below it (the synthetic 10 and 600 HU, noise ±15)', () => {
    const fluid = measureCircleRoi(pixels, plane, worldPoint(...FLUID_CENTRE), 1.5);
    const calcium = measureCircleRoi(pixels, plane, worldPoint(LOCULUS[0], LEVEL_Y + 2.5, z), 1.5);
    expect(fluid.mean).toBeGreaterThan(0);
    expect(fluid.mean).toBeLessThan(20);
    expect(calcium.mean).toBeGreaterThan(590);
    expect(calcium.mean).toBeLessThan(610);
    expect(fluid.standardDeviation).toBeGreaterThan(3);
    expect(fluid.standardDeviation).toBeLessThan(15);
  });

  it('counts the pixel centres inside the circle (0.5 mm pixels: about π r² / 0.25)', () => {
    const roi = measureCircleRoi(pixels, plane, worldPoint(...FLUID_CENTRE), 1.5);
    expect(roi.pixels).toBeGreaterThanOrEqual(25);
    expect(roi.pixels).toBeLessThanOrEqual(32);
  });
});

describe('checkQuizAgainstCase', () => {
  it('accepts questions that fit the case and reports what the answer ROI measured', () => {
    const locateXr = locate({
      id: 'xr',
      targets: ['cluster'],
      view: { viewports: [{ image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' } }] },
    });
    const report = checkQuizAgainstCase(quizOf(locate(), locateXr, measure()), context, images, FILE);
    expect(report.problems.map((p) => p.message)).toEqual([]);
    expect(report.measured.map((m) => m.questionId)).toEqual(['fluid']);
    const [fluid] = report.measured;
    expect(fluid?.answer.mean).toBeGreaterThan(0);
    expect(fluid?.answer.mean).toBeLessThan(20);
    expect(fluid?.shiftedMeans[0]).toBeLessThanOrEqual(fluid?.shiftedMeans[1] ?? 0);
  });

  it('names unknown findings, sections and targets', () => {
    expect(
      messages(locate({ targets: ['level-1', 'level-2'], findings: ['level-3'], sections: ['findings-mr'] })),
    ).toEqual([
      `${FILE}: question 'find-level' (index 0): findings[0]: 'level-3' is not an annotation of annotations/demo-case.json`,
      `${FILE}: question 'find-level' (index 0): sections[0]: 'findings-mr' is not a section of annotations/demo-case.md (its sections: 'findings-ct', 'findings-xr')`,
      `${FILE}: question 'find-level' (index 0): targets[1]: 'level-2' is not an annotation of annotations/demo-case.json`,
    ]);
  });

  it('reports a target drawn on a series the view does not show, and a view that shows the answer', () => {
    expect(
      messages(
        locate({ targets: ['cluster'] }),
        locate({ id: 'given-away', view: { ...ctView, visibleCategories: ['level'] } }),
      ),
    ).toEqual([
      `${FILE}: question 'find-level' (index 0): targets[0]: 'cluster' is drawn on series 'dx-pelvis', which the question's view does not show`,
      `${FILE}: question 'given-away' (index 1): view.visibleCategories: the view shows category 'level', which draws the answer 'level-1': hide it`,
    ]);
  });

  it('reports a target that is not placed on an image of the case', () => {
    const lost = ctAnnotation('lost', 'level', 30, { kind: 'point', points: [[0, 0, -40]] });
    const withLost = { ...context, annotations: fileWith([level, rim, cluster, lost]) };
    const report = checkQuizAgainstCase(quizOf(locate({ targets: ['lost'] })), withLost, images, FILE);
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${FILE}: question 'find-level' \\(index 0\\): targets\\[0\\]: 'lost' is not drawn on an image of the case \\(image.SOPInstanceUID 1.2.3.1.31 is not an image of series 'ct-axial'\\)$`,
        ),
      ),
    ]);
  });

  it('reports a range the answer ROI does not meet, and one too tight for a ROI moved by a millimetre', () => {
    const plane = imagePlane(ctSeries, SLICE);
    if (!plane) throw new Error('no plane');
    const mean = measureCircleRoi(pixels, plane, worldPoint(...FLUID_CENTRE), 1.5).mean;
    const problems = messages(
      measure({ range: { min: 400, max: 800 } }),
      measure({ id: 'tight', range: { min: Math.floor(mean) - 0.5, max: Math.ceil(mean) + 0.5 } }),
    );
    expect(problems).toEqual([
      `${FILE}: question 'fluid' (index 0): range: the answer ROI measures a mean of ${Math.round(mean)}, outside the range 400 to 800`,
      expect.stringMatching(
        /^.*question 'tight' \(index 1\): range: -?[\d.]+ to -?[\d.]+ is too tight: the answer ROI moved by 1 mm measures -?\d+ to -?\d+$/,
      ),
    ]);
  });

  it('reports an answer ROI outside its within annotation, off its image plane, or missing', () => {
    const outside = {
      ...measure().answerRoi,
      centreMm: [LOCULUS[0] + RADIUS + 3, LOCULUS[1], z] as const,
    } as MeasureQuestion['answerRoi'];
    const offPlane = {
      ...measure().answerRoi,
      centreMm: [FLUID_CENTRE[0], FLUID_CENTRE[1], z + 1.5] as const,
    } as MeasureQuestion['answerRoi'];
    const { answerRoi: _, ...noRoi } = measure({ id: 'no-roi' });
    expect(
      messages(
        measure({ answerRoi: outside, range: { min: -200, max: 200 } }),
        measure({ id: 'off', answerRoi: offPlane }),
        noRoi,
      ),
    ).toEqual([
      `${FILE}: question 'fluid' (index 0): answerRoi.centreMm: the answer ROI's centre does not lie on 'rim-1' (the question's 'within')`,
      `${FILE}: question 'off' (index 1): answerRoi.centreMm: the centre lies 1.50 mm off the plane of image 6 (at most 1 mm)`,
      `${FILE}: question 'no-roi' (index 2): answerRoi: a measure question needs an answer ROI here: without one its range cannot be checked against the pixels`,
    ]);
  });

  it('reports an unknown series, a within on another series, and an image it cannot read', () => {
    const unreadable = {
      ...measure().answerRoi,
      image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.2' },
      centreMm: [0, 0, 18] as const,
    } as MeasureQuestion['answerRoi'];
    expect(
      messages(
        measure({ seriesKey: 'ct-sagittal', view: undefined }),
        measure({ id: 'xr-within', within: 'cluster' }),
        measure({
          id: 'unreadable',
          answerRoi: unreadable,
          within: undefined,
          withinToleranceMm: undefined,
          view: undefined,
        }),
      ),
    ).toEqual([
      `${FILE}: question 'fluid' (index 0): seriesKey: case 'demo-case' has no series 'ct-sagittal' (its series: 'ct-axial', 'mr-t1', 'dx-pelvis')`,
      `${FILE}: question 'xr-within' (index 1): within: 'cluster' is drawn on series 'dx-pelvis', not on 'ct-axial'`,
      `${FILE}: question 'unreadable' (index 2): answerRoi.image: the image cannot be read (ENOENT: no such file)`,
    ]);
  });

  it('reports a quiz title that names the diagnosis (the quiz panel shows it on an unknown case)', () => {
    const textSections = [
      { id: 'diagnosis', title: 'Diagnosis: uremic tumoral calcinosis', level: 2 as const, markdown: '' },
    ];
    const quiz = { ...quizOf(locate()), title: 'Tumoral calcinosis quiz', description: 'A pelvic mass.' };
    expect(
      checkQuizAgainstCase(quiz, { ...context, textSections }, images, FILE).problems.map((p) => p.message),
    ).toEqual([
      `${FILE}: title: names the diagnosis ('tumoral'), which an unknown case hides until it is revealed`,
    ]);
  });

  it('reports a question that names the diagnosis before the one asking for it', () => {
    const textSections = [
      { id: 'diagnosis', title: 'Diagnosis: uremic tumoral calcinosis', level: 2 as const, markdown: '' },
    ];
    const dx = (id: string, prompt: string): QuizQuestion => ({
      id,
      kind: 'choose',
      prompt,
      explanation: 'Tumoral calcinosis, as the levels say.',
      multiple: false,
      options: [
        { id: 'tc', text: 'Tumoral calcinosis', correct: true, feedback: 'Yes.' },
        { id: 'cs', text: 'Chondrosarcoma', correct: false, feedback: 'No: tumoral calcinosis has levels.' },
      ],
    });
    const early = locate({ explanation: 'The levels: typical of tumoral calcinosis.' });
    const quiz = quizOf(early, dx('dx', 'Is this uremic?'), dx('after', 'Why tumoral calcinosis?'));
    const found = checkQuizAgainstCase(quiz, { ...context, textSections }, images, FILE).problems;
    expect(found.map((p) => p.message)).toEqual([
      `${FILE}: question 'find-level' (index 0): explanation: names the diagnosis ('tumoral') before question 'dx' asks for it`,
      `${FILE}: question 'dx' (index 1): prompt: names the diagnosis ('uremic') before question 'dx' asks for it`,
    ]);
  });
});
