import { describe, expect, it } from 'vitest';
import { worldPoint } from '../model/geometry.ts';
import type { QuizFile } from '../model/QuizFile.ts';
import { buildAnnotationIndex } from './AnnotationIndex.ts';
import type { ImageClick } from './hitTest.ts';
import { QuizSession } from './QuizSession.ts';
import { createQuizGrader } from './quizGrader.ts';
import { fileWith, levelOnSlice5, rimOnSlice5, syntheticManifest } from './syntheticCase.testutil.ts';

/** The grader the panel builds: hit tests against the case's placed annotations. */
const grader = createQuizGrader(
  buildAnnotationIndex(fileWith([levelOnSlice5, rimOnSlice5]), syntheticManifest),
  syntheticManifest,
);

const quiz: QuizFile = {
  schemaVersion: 1,
  caseId: 'demo-case',
  title: 'Demo quiz',
  questions: [
    {
      id: 'find-level',
      kind: 'locate',
      prompt: 'Click the level',
      explanation: 'It is the line.',
      targets: ['level-1'],
      toleranceMm: 3,
      throughPlaneMm: 2.5,
      findings: ['level-1'],
    },
    {
      id: 'diagnosis',
      kind: 'choose',
      prompt: 'Diagnosis?',
      explanation: 'Tumoral calcinosis.',
      multiple: false,
      options: [
        { id: 'tc', text: 'Tumoral calcinosis', correct: true, feedback: 'Yes' },
        { id: 'os', text: 'Osteosarcoma', correct: false, feedback: 'No: no osteoid matrix' },
      ],
    },
    {
      id: 'signs',
      kind: 'choose',
      prompt: 'Which signs?',
      explanation: 'Both.',
      multiple: true,
      options: [
        { id: 'level', text: 'Level', correct: true, feedback: '' },
        { id: 'rim', text: 'Rim', correct: true, feedback: '' },
        { id: 'periosteal', text: 'Periosteal reaction', correct: false, feedback: '' },
      ],
    },
    {
      id: 'supernatant',
      kind: 'measure',
      prompt: 'Measure the supernatant',
      explanation: 'Near water.',
      seriesKey: 'ct-axial',
      statistic: 'mean',
      range: { min: -10, max: 30 },
      within: 'rim-1',
      withinToleranceMm: 1,
    },
  ],
};

const onSlice = (slice: number, x: number, y: number): ImageClick => ({
  seriesKey: 'ct-axial',
  SOPInstanceUID: `1.2.3.1.${slice + 1}`,
  world: worldPoint(x, y, 20 - 2 * slice),
});
const roi = { seriesKey: 'ct-axial', imageIndex: 5, SOPInstanceUID: '1.2.3.1.6', stdDev: 4, areaMm2: 30 };

/** Answers all four: a click on the neighbouring slice, the right diagnosis, one sign of two, an ROI. */
function takeQuiz(session: QuizSession): void {
  expect(session.answerLocate(onSlice(4, 1, 3))?.correct).toBe(true);
  session.next();
  expect(session.answerChoose(['tc'])?.correct).toBe(true);
  session.next();
  expect(session.answerChoose(['level'])?.correct).toBe(false);
  session.next();
  expect(session.answerMeasure({ ...roi, mean: 12, centre: worldPoint(0, 0, 10) })?.correct).toBe(true);
  session.next();
}

describe('QuizSession', () => {
  it('asks the questions in file order and finishes after the last', () => {
    const session = new QuizSession(quiz, grader);
    const seen: string[] = [];
    while (session.current) {
      seen.push(session.current.id);
      session.next();
    }
    expect(seen).toEqual(['find-level', 'diagnosis', 'signs', 'supernatant']);
    expect(session.finished).toBe(true);
    expect(session.currentIndex).toBe(-1);
  });

  it('scores locate answers by the hit test: the level slice and its neighbour score, 20 mm away not', () => {
    const on = new QuizSession(quiz, grader).answerLocate(onSlice(5, 0, 2));
    expect(on).toMatchObject({ correct: true, hit: { hit: true, nearest: { annotationId: 'level-1' } } });
    const far = new QuizSession(quiz, grader).answerLocate(onSlice(5, 0, 22));
    expect(far?.correct).toBe(false);
    expect(far?.hit.nearest?.inPlaneMm).toBeCloseTo(20, 6);
  });

  it('keeps the first answer to a question and ignores answers of the wrong kind', () => {
    const session = new QuizSession(quiz, grader);
    expect(session.answerChoose(['tc'])).toBeNull();
    session.answerLocate(onSlice(5, 0, 30));
    expect(session.answerLocate(onSlice(5, 0, 2))).toBeNull();
    expect(session.answerTo('find-level')?.correct).toBe(false);
  });

  it('grades single and multiple choice', () => {
    const session = new QuizSession(quiz, grader);
    session.goTo('diagnosis');
    expect(session.answerChoose(['os'])?.correct).toBe(false);
    session.goTo('signs');
    expect(session.answerChoose(['rim', 'level'])?.correct).toBe(true);
    // A single-answer question is not won by ticking everything.
    const both = new QuizSession(quiz, grader);
    both.goTo('diagnosis');
    expect(both.answerChoose(['tc', 'os'])?.correct).toBe(false);
    const extra = new QuizSession(quiz, grader);
    extra.goTo('signs');
    expect(extra.answerChoose(['rim', 'level', 'periosteal'])?.correct).toBe(false);
  });

  it('grades a measure answer by series, range and within', () => {
    const answer = (mean: number, centre = worldPoint(0, 0, 10), seriesKey = 'ct-axial') => {
      const s = new QuizSession(quiz, grader);
      s.goTo('supernatant');
      return s.answerMeasure({ ...roi, seriesKey, mean, centre });
    };
    expect(answer(12)).toMatchObject({ correct: true, inRange: true, within: true, onSeries: true });
    // Calcium: out of range.
    expect(answer(600)).toMatchObject({ correct: false, inRange: false, within: true });
    // In range but outside the rim (the fat around it).
    expect(answer(12, worldPoint(0, 20, 10))).toMatchObject({ correct: false, inRange: true, within: false });
    expect(answer(12, worldPoint(0, 0, 10), 'mr-t1')).toMatchObject({ correct: false, onSeries: false });
    // On the neighbouring slice (2 mm off the rim's plane, beyond its 1 mm tolerance).
    const s = new QuizSession(quiz, grader);
    s.goTo('supernatant');
    const off = s.answerMeasure({
      ...roi,
      imageIndex: 4,
      SOPInstanceUID: '1.2.3.1.5',
      mean: 12,
      centre: worldPoint(0, 0, 12),
    });
    expect(off).toMatchObject({ correct: false, inRange: true, within: false });
  });

  it('scores the whole quiz, per question', () => {
    const session = new QuizSession(quiz, grader);
    takeQuiz(session);
    const score = session.score();
    expect(score).toMatchObject({ correct: 3, answered: 4, total: 4 });
    expect(score.perQuestion.map((p) => p.correct)).toEqual([true, true, false, true]);
  });

  it('restores progress through JSON, re-graded, where it was', () => {
    const session = new QuizSession(quiz, grader);
    session.answerLocate(onSlice(4, 1, 3));
    session.next();
    const stored = JSON.parse(JSON.stringify(session.toProgress()));
    const { session: back, dropped } = QuizSession.restore(quiz, grader, stored);
    expect(dropped).toEqual([]);
    expect(back.current?.id).toBe('diagnosis');
    expect(back.answerTo('find-level')).toMatchObject({ correct: true, click: onSlice(4, 1, 3) });
  });

  it('restores a finished quiz as finished, with its score', () => {
    const session = new QuizSession(quiz, grader);
    takeQuiz(session);
    const { session: back } = QuizSession.restore(
      quiz,
      grader,
      JSON.parse(JSON.stringify(session.toProgress())),
    );
    expect(back.finished).toBe(true);
    expect(back.score().correct).toBe(3);
  });

  it('restores safely from a changed quiz file: gone questions, changed kinds and options are dropped', () => {
    const session = new QuizSession(quiz, grader);
    takeQuiz(session);
    const stored = JSON.parse(JSON.stringify(session.toProgress()));
    stored.answers.ghost = { kind: 'choose', questionId: 'ghost', chosen: ['x'], correct: true };
    const changed: QuizFile = {
      ...quiz,
      questions: [
        // Now a choose question: the stored locate answer does not fit.
        { ...quiz.questions[1], id: 'find-level' } as QuizFile['questions'][number],
        // Its options were renamed: the stored choice names an option that is gone.
        {
          ...(quiz.questions[1] as Extract<QuizFile['questions'][number], { kind: 'choose' }>),
          options: [{ id: 'tumoral', text: 'Tumoral calcinosis', correct: true, feedback: '' }],
        },
        // Now only the rim is right: re-graded from the stored choice.
        {
          ...(quiz.questions[2] as Extract<QuizFile['questions'][number], { kind: 'choose' }>),
          options: [
            { id: 'level', text: 'Level', correct: false, feedback: '' },
            { id: 'rim', text: 'Rim', correct: true, feedback: '' },
          ],
          multiple: false,
        },
      ],
    };
    const { session: back, dropped } = QuizSession.restore(changed, grader, stored);
    expect([...dropped].sort()).toEqual(['diagnosis', 'find-level', 'ghost', 'supernatant']);
    expect(back.finished).toBe(false);
    expect(back.current?.id).toBe('find-level');
    expect(back.answerTo('signs')?.correct).toBe(false);
  });

  it('starts afresh from unreadable progress, and after Start over', () => {
    for (const raw of [null, 'x', { version: 2, answers: {} }, { version: 1, answers: [] }]) {
      const { session } = QuizSession.restore(quiz, grader, raw);
      expect(session.current?.id).toBe('find-level');
      expect(session.score().answered).toBe(0);
    }
    const bad = {
      version: 1,
      currentQuestionId: 'signs',
      answers: {
        'find-level': { kind: 'locate', click: { seriesKey: 'ct-axial', SOPInstanceUID: '1', world: ['a'] } },
      },
    };
    const { session, dropped } = QuizSession.restore(quiz, grader, bad);
    expect(dropped).toEqual(['find-level']);
    expect(session.current?.id).toBe('signs');
    takeQuiz(new QuizSession(quiz, grader));
    session.startOver();
    expect(session.current?.id).toBe('find-level');
  });
});
