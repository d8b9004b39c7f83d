import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import quizFileSchema from '../../annotations/quizFile.schema.json';
import tourFileSchema from '../../annotations/tourFile.schema.json';
import sampleQuiz from '../../annotations/tumoral-calcinosis-pubis.quiz.json';
import {
  migrateQuizFile,
  quizFileFields,
  quizOptionFields,
  quizQuestionFields,
  validateQuizFile,
} from './QuizFile.ts';

const FILE = 'annotations/x.quiz.json';
const UID = '1.2.826.0.1.3680043.8.498.10';

type Q = Record<string, unknown>;
type Raw = Record<string, unknown> & { questions: Q[] };

/** A small valid quiz: one question of each kind, and a multiple-answer one. */
function validQuiz(): Raw {
  const view = { viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: UID } }] };
  return {
    $schema: './quizFile.schema.json',
    schemaVersion: 1,
    caseId: 'demo-case',
    title: 'Demo quiz',
    questions: [
      {
        id: 'find-level',
        kind: 'locate',
        prompt: 'Click a fluid–calcium level.',
        view,
        explanation: 'The calcium settles posteriorly.',
        findings: ['level-1'],
        sections: ['findings-ct'],
        targets: ['level-1', 'level-2'],
        toleranceMm: 5,
        throughPlaneMm: 2.5,
      },
      {
        id: 'diagnosis',
        kind: 'choose',
        prompt: 'The diagnosis?',
        explanation: 'Uremic tumoral calcinosis.',
        multiple: false,
        options: [
          { id: 'tc', text: 'Tumoral calcinosis', correct: true, feedback: 'Yes.' },
          { id: 'cs', text: 'Chondrosarcoma', correct: false, feedback: 'No: the levels.' },
        ],
      },
      {
        id: 'signs',
        kind: 'choose',
        prompt: 'Which favour it?',
        explanation: 'Both.',
        multiple: true,
        options: [
          { id: 'levels', text: 'Fluid–calcium levels', correct: true, feedback: 'Yes.' },
          { id: 'dialysis', text: 'Dialysis', correct: true, feedback: 'Yes.' },
          { id: 'lysis', text: 'Osteolysis', correct: false, feedback: 'No.' },
        ],
      },
      {
        id: 'fluid-hu',
        kind: 'measure',
        prompt: 'Measure the supernatant.',
        view,
        explanation: 'Water density.',
        seriesKey: 'ct-axial',
        statistic: 'mean',
        range: { min: -10, max: 30 },
        within: 'rim-1',
        withinToleranceMm: 3,
        answerRoi: {
          image: { seriesKey: 'ct-axial', SOPInstanceUID: UID },
          centreMm: [42, -86, -27.5],
          radiusMm: 4,
        },
      },
    ],
  };
}

function messages(raw: unknown, expectedCaseId?: string): string[] {
  const result = validateQuizFile(raw, FILE, expectedCaseId);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

function edited(edit: (quiz: Raw, q: (i: number) => Q) => void): Raw {
  const quiz = validQuiz();
  edit(quiz, (i) => quiz.questions[i] as Q);
  return quiz;
}

const option = (question: Q, i: number) => (question.options as Q[])[i] as Q;

describe('validateQuizFile', () => {
  it('is a valid draft 2020-12 JSON Schema (the app compiles it without this check)', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: false });
    expect(ajv.validateSchema(quizFileSchema)).toBe(true);
  });

  it('lists in the schema exactly the fields the types declare', () => {
    expect(Object.keys(quizFileSchema.properties).sort()).toEqual(Object.keys(quizFileFields).sort());
    expect(Object.keys(quizFileSchema.$defs.option.properties).sort()).toEqual(
      Object.keys(quizOptionFields).sort(),
    );
    const all = new Set(Object.values(quizQuestionFields).flatMap((fields) => Object.keys(fields)));
    expect(Object.keys(quizFileSchema.$defs.question.properties).sort()).toEqual([...all].sort());
  });

  it('shares the step view with the tour schema, word for word', () => {
    for (const name of ['id', 'uid', 'markdown', 'stepView', 'stepViewport'] as const) {
      expect(quizFileSchema.$defs[name]).toEqual(tourFileSchema.$defs[name]);
    }
  });

  it("accepts the sample case's quiz without warnings", () => {
    const result = validateQuizFile(
      sampleQuiz,
      'annotations/tumoral-calcinosis-pubis.quiz.json',
      'tumoral-calcinosis-pubis',
    );
    expect(result.ok ? result.warnings : result.problems.map((p) => p.message)).toEqual([]);
  });

  it('accepts a valid quiz and returns it typed, without warnings', () => {
    const result = validateQuizFile(validQuiz(), FILE, 'demo-case');
    expect(result.ok && result.file.questions.map((q) => q.kind)).toEqual([
      'locate',
      'choose',
      'choose',
      'measure',
    ]);
    expect(result.ok && result.warnings).toEqual([]);
  });

  const single: [string, (quiz: Raw, q: (i: number) => Q) => void, string][] = [
    [
      'a missing prompt',
      (_, q) => {
        delete q(0).prompt;
      },
      `${FILE}: question 'find-level' (index 0): missing required field 'prompt'`,
    ],
    [
      'an empty explanation',
      (_, q) => {
        q(1).explanation = '';
      },
      `${FILE}: question 'diagnosis' (index 1): explanation must not be empty`,
    ],
    [
      'an unknown kind',
      (_, q) => {
        q(1).kind = 'essay';
      },
      `${FILE}: question 'diagnosis' (index 1): kind must be one of 'locate', 'choose', 'measure' (got "essay")`,
    ],
    [
      'a locate question without targets',
      (_, q) => {
        delete q(0).targets;
      },
      `${FILE}: question 'find-level' (index 0): missing required field 'targets'`,
    ],
    [
      'an empty target list',
      (_, q) => {
        q(0).targets = [];
      },
      `${FILE}: question 'find-level' (index 0): targets must have at least 1 item, has 0`,
    ],
    [
      'a zero tolerance',
      (_, q) => {
        q(0).toleranceMm = 0;
      },
      `${FILE}: question 'find-level' (index 0): toleranceMm must be more than 0 (got 0)`,
    ],
    [
      'a negative through-plane distance',
      (_, q) => {
        q(0).throughPlaneMm = -1;
      },
      `${FILE}: question 'find-level' (index 0): throughPlaneMm must be at least 0 (got -1)`,
    ],
    [
      'a field of another kind',
      (_, q) => {
        q(0).options = [];
      },
      `${FILE}: question 'find-level' (index 0): field 'options' is not allowed on a locate question`,
    ],
    [
      'a choose question with one option',
      (_, q) => {
        q(1).options = [option(q(1), 0)];
      },
      `${FILE}: question 'diagnosis' (index 1): options must have at least 2 items, has 1`,
    ],
    [
      'an option without feedback',
      (_, q) => {
        delete option(q(2), 1).feedback;
      },
      `${FILE}: question 'signs' (index 2), option 'dialysis' (index 1): missing required field 'feedback'`,
    ],
    [
      'an option whose correct is a string',
      (_, q) => {
        option(q(1), 0).correct = 'true';
      },
      `${FILE}: question 'diagnosis' (index 1), option 'tc' (index 0): correct must be a boolean`,
    ],
    [
      'an option with an empty text',
      (_, q) => {
        option(q(1), 1).text = '';
      },
      `${FILE}: question 'diagnosis' (index 1), option 'cs' (index 1): text must not be empty`,
    ],
    [
      'a statistic other than mean',
      (_, q) => {
        q(3).statistic = 'max';
      },
      `${FILE}: question 'fluid-hu' (index 3): statistic must be "mean" (got "max")`,
    ],
    [
      'a range without max',
      (_, q) => {
        q(3).range = { min: 0 };
      },
      `${FILE}: question 'fluid-hu' (index 3): range: missing required field 'max'`,
    ],
    [
      'a series key that is not an id',
      (_, q) => {
        q(3).seriesKey = 'CT Axial';
      },
      `${FILE}: question 'fluid-hu' (index 3): seriesKey 'CT Axial' is not an id (lower-case letters, digits and hyphens)`,
    ],
    [
      'a finding listed twice',
      (_, q) => {
        q(0).findings = ['level-1', 'level-1'];
      },
      `${FILE}: question 'find-level' (index 0): findings lists the same value twice (items 0 and 1)`,
    ],
    [
      'a view image without a UID',
      (_, q) => {
        q(3).view = { viewports: [{ image: { seriesKey: 'ct-axial' } }] };
      },
      `${FILE}: question 'fluid-hu' (index 3): view.viewports[0].image: missing required field 'SOPInstanceUID'`,
    ],
    [
      'two questions with one id',
      (_, q) => {
        q(3).id = 'diagnosis';
      },
      `${FILE}: question 'diagnosis' (index 3): id 'diagnosis' is already used by the question at index 1`,
    ],
    [
      'two options with one id',
      (_, q) => {
        option(q(2), 2).id = 'levels';
      },
      `${FILE}: question 'signs' (index 2), option 'levels' (index 2): id 'levels' is already used by the option at index 0`,
    ],
    [
      'a single-answer question with two correct options',
      (_, q) => {
        option(q(1), 1).correct = true;
      },
      `${FILE}: question 'diagnosis' (index 1): a single-answer question (multiple: false) needs exactly 1 correct option, has 2`,
    ],
    [
      'a single-answer question with no correct option',
      (_, q) => {
        option(q(1), 0).correct = false;
      },
      `${FILE}: question 'diagnosis' (index 1): a single-answer question (multiple: false) needs exactly 1 correct option, has 0`,
    ],
    [
      'a multiple-answer question with no correct option',
      (_, q) => {
        for (const o of q(2).options as Q[]) o.correct = false;
      },
      `${FILE}: question 'signs' (index 2): a multiple-answer question (multiple: true) needs at least 1 correct option, has 0`,
    ],
    [
      'a range upside down',
      (_, q) => {
        q(3).range = { min: 30, max: -10 };
      },
      `${FILE}: question 'fluid-hu' (index 3): range.min (30) is greater than range.max (-10)`,
    ],
    [
      'a within tolerance without within',
      (_, q) => {
        delete q(3).within;
      },
      `${FILE}: question 'fluid-hu' (index 3): withinToleranceMm is given without 'within' (the annotation it applies to)`,
    ],
    [
      'a view whose layout needs more viewports',
      (_, q) => {
        q(0).view = { layout: '2x2', viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: UID } }] };
      },
      `${FILE}: question 'find-level' (index 0): layout '2x2' shows 4 viewports, but view.viewports lists 1`,
    ],
    [
      'an answer ROI centre with two numbers',
      (_, q) => {
        (q(3).answerRoi as Q).centreMm = [42, -86];
      },
      `${FILE}: question 'fluid-hu' (index 3): answerRoi.centreMm must have at least 3 numbers, has 2`,
    ],
    [
      'an answer ROI on another series than the one measured',
      (_, q) => {
        (q(3).answerRoi as Q).image = { seriesKey: 'mr-t2', SOPInstanceUID: UID };
      },
      `${FILE}: question 'fluid-hu' (index 3): the answer ROI is on series 'mr-t2', but the question measures on 'ct-axial'`,
    ],
    [
      'a quiz without questions',
      (quiz) => {
        quiz.questions = [];
      },
      `${FILE}: questions must have at least 1 item, has 0`,
    ],
  ];
  it.each(single)('names %s precisely', (_, edit, expected) => {
    expect(messages(edited(edit))).toEqual([expected]);
  });

  it('names a question by index when its id is unusable', () => {
    expect(messages(edited((_, q) => void Object.assign(q(1), { id: '' })))).toEqual([
      `${FILE}: question at index 1: id '' is not an id (lower-case letters, digits and hyphens)`,
    ]);
  });

  it('rejects a quiz of another case', () => {
    expect(messages(validQuiz(), 'other-case')).toEqual([
      `${FILE}: caseId 'demo-case' does not match the case 'other-case'`,
    ]);
  });

  it('warns when every option of a multiple-answer question is correct', () => {
    const quiz = edited((_, q) => {
      option(q(2), 2).correct = true;
    });
    const result = validateQuizFile(quiz, FILE);
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual([
      `${FILE}: question 'signs' (index 2): every option is correct: choosing them all scores without thought`,
    ]);
  });

  it('keeps HTML in prompts, feedback and option text as plain data (the viewer sanitises it)', () => {
    const attack = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const quiz = edited((_, q) => {
      q(1).prompt = attack;
      option(q(1), 0).feedback = attack;
      option(q(1), 1).text = '<a href="javascript:alert(3)">x</a>';
    });
    const result = validateQuizFile(quiz, FILE);
    const question = result.ok ? result.file.questions[1] : undefined;
    expect(question?.prompt).toBe(attack);
    expect(question?.kind === 'choose' && question.options.map((o) => [o.feedback, o.text])).toEqual([
      [attack, 'Tumoral calcinosis'],
      ['No: the levels.', '<a href="javascript:alert(3)">x</a>'],
    ]);
  });
});

describe('migrateQuizFile', () => {
  it('refuses a file without a version', () => {
    const { schemaVersion: _, ...quiz } = validQuiz();
    expect(messages(quiz)).toEqual([
      `${FILE}: missing required field 'schemaVersion' (the version of the quiz file format; this viewer reads 1)`,
    ]);
  });

  it('refuses a file from a newer version and asks for a reload', () => {
    expect(messages({ ...validQuiz(), schemaVersion: 7 })).toEqual([
      `${FILE}: this quiz file was made by a newer version of DICOM Casebook (quiz file version 7; this one reads up to 1): reload the page to update it`,
    ]);
  });

  it('runs an upgrade chain to the version asked for', () => {
    const chain = {
      1: (file: Readonly<Record<string, unknown>>) => ({ ...file, schemaVersion: 2, added: true }),
    };
    expect(migrateQuizFile({ schemaVersion: 1 }, FILE, chain, 2)).toEqual({
      ok: true,
      value: { schemaVersion: 2, added: true },
      fromVersion: 1,
    });
  });
});
