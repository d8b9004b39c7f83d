import { describe, expect, it } from 'vitest';
import type { LiveAnswer, LiveAnswerEntry } from '../model/liveProtocol.ts';
import type { ChooseQuestion, MeasureQuestion } from '../model/QuizFile.ts';
import {
  choiceBars,
  clickOf,
  gradeLiveAnswer,
  heatOnImage,
  LiveAnswerTally,
  locateAnswerOf,
  measureSummary,
} from './liveQuiz.ts';
import type { QuizGrader } from './QuizSession.ts';
import { ctSeries, dxSeries, mrSeries, syntheticManifest } from './syntheticCase.testutil.ts';

const choose: ChooseQuestion = {
  id: 'dx',
  kind: 'choose',
  prompt: 'Which?',
  explanation: 'Because.',
  multiple: false,
  options: [
    { id: 'a', text: 'A', correct: true, feedback: 'Yes.' },
    { id: 'b', text: 'B', correct: false, feedback: 'No.' },
    { id: 'c', text: 'C', correct: false, feedback: 'No.' },
  ],
};

const measure: MeasureQuestion = {
  id: 'hu',
  kind: 'measure',
  prompt: 'Measure.',
  explanation: 'Water.',
  seriesKey: 'ct-axial',
  statistic: 'mean',
  range: { min: -10, max: 30 },
};

const entry = (from: string, answer: LiveAnswer): LiveAnswerEntry => ({ from, answer });
const chose = (...options: string[]): LiveAnswer => ({ kind: 'choose', options });
/** A click on CT slice `i` (z = 20 − 2i) at x, y, `dz` mm off the slice's plane. */
const ctClick = (i: number, x: number, y: number, dz = 0): LiveAnswer => ({
  kind: 'locate',
  image: { seriesKey: 'ct-axial', SOPInstanceUID: `1.2.3.1.${i + 1}` },
  point: [x, y, 20 - 2 * i + dz],
});

describe('LiveAnswerTally', () => {
  it('keeps one answer per student: incremental messages add or replace, a complete one replaces all', () => {
    const tally = new LiveAnswerTally();
    tally.take({ round: 1, complete: true, entries: [] });
    tally.take({ round: 1, complete: false, entries: [entry('S1', chose('a'))] });
    tally.take({ round: 1, complete: false, entries: [entry('S2', chose('b'))] });
    tally.take({ round: 1, complete: false, entries: [entry('S1', chose('c'))] });
    expect(tally.count).toBe(2);
    expect(tally.entries).toEqual([entry('S1', chose('c')), entry('S2', chose('b'))]);
    tally.take({ round: 1, complete: true, entries: [entry('S3', chose('a'))] });
    expect(tally.entries).toEqual([entry('S3', chose('a'))]);
  });

  it('starts afresh for another round, even from an incremental message', () => {
    const tally = new LiveAnswerTally();
    tally.take({ round: 1, complete: false, entries: [entry('S1', chose('a'))] });
    tally.take({ round: 2, complete: false, entries: [entry('S2', chose('b'))] });
    expect(tally.round).toBe(2);
    expect(tally.entries).toEqual([entry('S2', chose('b'))]);
    tally.clear();
    expect(tally.count).toBe(0);
    expect(tally.round).toBeNull();
  });
});

describe('choiceBars', () => {
  it('counts each option and its percent of the students who answered', () => {
    const bars = choiceBars(choose, [
      entry('S1', chose('a')),
      entry('S2', chose('a')),
      entry('S3', chose('b')),
      entry('S4', { kind: 'measure', value: 3 }),
    ]);
    expect(bars.map((b) => [b.id, b.count, b.percent, b.correct])).toEqual([
      ['a', 2, 67, true],
      ['b', 1, 33, false],
      ['c', 0, 0, false],
    ]);
  });

  it('counts an option once per student (a multiple-answer question can add up past 100 %)', () => {
    const multiple = { ...choose, multiple: true };
    const bars = choiceBars(multiple, [entry('S1', chose('a', 'b', 'a')), entry('S2', chose('a'))]);
    expect(bars.map((b) => [b.count, b.percent])).toEqual([
      [2, 100],
      [1, 50],
      [0, 0],
    ]);
  });

  it('is all zeros before anyone answered', () => {
    expect(choiceBars(choose, []).map((b) => b.percent)).toEqual([0, 0, 0]);
  });
});

describe('heatOnImage', () => {
  const entries = [
    entry('S1', ctClick(5, 1, 2)),
    entry('S2', ctClick(5, -3, 4, 0.9)),
    entry('S3', ctClick(6, 0, 0)),
    entry('S4', chose('a')),
    entry('S5', {
      kind: 'locate',
      image: { seriesKey: 'mr-t1', SOPInstanceUID: '1.2.3.2.1' },
      point: [10, 0, 12],
    }),
  ];

  it('draws the clicks within the through-plane tolerance of the shown slice, and counts the rest as off it', () => {
    const heat = heatOnImage(entries, ctSeries, 5, 1, syntheticManifest);
    expect(heat.points).toEqual([
      { kind: 'world', world: [1, 2, 10] },
      { kind: 'world', world: [-3, 4, 10.9] },
    ]);
    // The next slice (2 mm away) and the MR click (another frame of reference); the choose answer is no click.
    expect(heat.off).toBe(2);
  });

  it('with no through-plane tolerance, draws only the clicks on the shown slice itself', () => {
    const heat = heatOnImage(entries, ctSeries, 5, 0, syntheticManifest);
    expect(heat.points).toEqual([{ kind: 'world', world: [1, 2, 10] }]);
    expect(heat.off).toBe(3);
    expect(heatOnImage(entries, ctSeries, 6, 0, syntheticManifest).points).toEqual([
      { kind: 'world', world: [0, 0, 8] },
    ]);
  });

  it('on a series of another frame of reference, draws none of the CT clicks', () => {
    const heat = heatOnImage(entries, mrSeries, 0, 100, syntheticManifest);
    expect(heat.points).toEqual([{ kind: 'world', world: [10, 0, 12] }]);
    expect(heat.off).toBe(3);
  });

  it('on a projection image, draws the clicks made on that image in pixels', () => {
    const dx: LiveAnswer = {
      kind: 'locate',
      image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' },
      point: [40, 30, 0],
    };
    const heat = heatOnImage([...entries, entry('S6', dx)], dxSeries, 0, 0, syntheticManifest);
    expect(heat.points).toEqual([{ kind: 'image', image: [40, 30] }]);
    expect(heat.off).toBe(4);
  });
});

describe('measureSummary', () => {
  it('sorts the values and counts those in the range', () => {
    const summary = measureSummary(measure, [
      entry('S1', { kind: 'measure', value: 45 }),
      entry('S2', { kind: 'measure', value: 12 }),
      entry('S3', { kind: 'measure', value: -10 }),
      entry('S4', chose('a')),
    ]);
    expect(summary).toEqual({ values: [-10, 12, 45], inRange: 2, min: -10, max: 30 });
  });
});

describe('gradeLiveAnswer', () => {
  const grader: QuizGrader = {
    locate: (_q, click) => ({
      hit: (click.world?.[0] ?? 99) < 2,
      nearest: null,
      distances: [],
    }),
    within: () => ({ hit: false, nearest: null, distances: [] }),
  };

  it('grades a choose answer by its options and a measure answer by the range', () => {
    expect(gradeLiveAnswer(choose, chose('a'), grader, syntheticManifest)?.correct).toBe(true);
    expect(gradeLiveAnswer(choose, chose('b'), grader, syntheticManifest)?.correct).toBe(false);
    expect(gradeLiveAnswer(measure, { kind: 'measure', value: 20 }, grader, syntheticManifest)?.correct).toBe(
      true,
    );
    expect(gradeLiveAnswer(measure, { kind: 'measure', value: 31 }, grader, syntheticManifest)?.correct).toBe(
      false,
    );
    expect(gradeLiveAnswer(measure, chose('a'), grader, syntheticManifest)).toBeNull();
  });

  it('grades a locate click through the hit test, as a click in patient mm on its image', () => {
    const locate = {
      id: 'find',
      kind: 'locate' as const,
      prompt: 'Find it.',
      explanation: 'There.',
      targets: ['level-1'],
      toleranceMm: 3,
    };
    const graded = gradeLiveAnswer(locate, ctClick(5, 1, 2), grader, syntheticManifest);
    expect(graded?.correct).toBe(true);
    expect(graded?.kind === 'locate' && graded.click).toEqual({
      seriesKey: 'ct-axial',
      SOPInstanceUID: '1.2.3.1.6',
      world: [1, 2, 10],
    });
    expect(gradeLiveAnswer(locate, ctClick(5, 5, 2), grader, syntheticManifest)?.correct).toBe(false);
  });

  it('turns a click into a live answer and back (pixels on a projection image)', () => {
    const click = { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1', image: [40, 30] as const };
    const answer = locateAnswerOf(click as never);
    expect(answer).toEqual({
      kind: 'locate',
      image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' },
      point: [40, 30, 0],
    });
    expect(answer?.kind === 'locate' && clickOf(answer, syntheticManifest)).toEqual(click);
  });
});
