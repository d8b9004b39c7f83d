/**
 * A quiz on a case: questions answered on the images (locate, measure) or by choosing. One record per
 * file: the type, its validator, the version constants and migrations together. Pure.
 */
import schema from '../../annotations/quizFile.schema.json';
import { type AnnotationProblem, makeProblem, type ProblemRecord } from './AnnotationProblem.ts';
import { checkStepView } from './checkStepView.ts';
import { caseIdProblem, compileSchemaLazily } from './compileSchema.ts';
import { describeSchemaErrors, type RecordArray } from './describeSchemaErrors.ts';
import {
  migrateTeachingFile,
  type TeachingFileMigrationResult,
  type TeachingFileMigrations,
} from './migrateTeachingFile.ts';
import type { StepView } from './StepView.ts';
import type { ImageReference } from './ViewDocument.ts';

/** Versions of the quiz file, oldest first. */
export const quizFileVersions = {
  /** Locate, choose and measure questions. */
  first: 1,
} as const;

/** The version this code reads and writes. */
export const currentQuizFileVersion = quizFileVersions.first;

/** Fields of every question. */
interface QuestionCommon {
  /** Unique in the file. */
  readonly id: string;
  /** The question, sanitised Markdown. */
  readonly prompt: string;
  /** The view the question opens on (absent: the view stays). */
  readonly view?: StepView;
  /** Shown after the answer, right or wrong: sanitised Markdown. */
  readonly explanation: string;
  /** Annotation ids whose overlays the feedback reveals (and highlights the first). */
  readonly findings?: readonly string[];
  /** Case-text sections the feedback links to. */
  readonly sections?: readonly string[];
}

/**
 * "Click the fluid–calcium level": a click on any image is converted to patient mm (pixel mm on a
 * radiograph) and hit-tested against the target annotations' geometry.
 */
export interface LocateQuestion extends QuestionCommon {
  readonly kind: 'locate';
  /** Annotation ids; a click on any of them scores. */
  readonly targets: readonly string[];
  /** How far from the drawn geometry (in its plane) a click still counts, mm. */
  readonly toleranceMm: number;
  /**
   * How far off the annotation's own image plane a click still counts, mm (a neighbouring slice where the
   * finding also exists). Absent: 0 (the annotation's own image only) — validators may default it.
   */
  readonly throughPlaneMm?: number;
}

/** One option of a choose question. */
export interface ChoiceOption {
  readonly id: string;
  /** Plain text (rendered as text, never HTML). */
  readonly text: string;
  readonly correct: boolean;
  /** Why this option is right or wrong: sanitised Markdown. */
  readonly feedback: string;
}

/** Single or multiple answer: diagnosis, differential, mechanism. */
export interface ChooseQuestion extends QuestionCommon {
  readonly kind: 'choose';
  /** True: every correct option and no other must be chosen. False: exactly one option is correct. */
  readonly multiple: boolean;
  readonly options: readonly ChoiceOption[];
}

/** "Measure the supernatant in HU": an elliptical ROI whose mean falls in a range. */
export interface MeasureQuestion extends QuestionCommon {
  readonly kind: 'measure';
  /** Series the ROI must be drawn on. */
  readonly seriesKey: string;
  /** The statistic checked, in the series' output units (HU on CT). */
  readonly statistic: 'mean';
  readonly range: { readonly min: number; readonly max: number };
  /** Annotation id the ROI's centre must lie on (within its tolerance), e.g. a loculus's rim. */
  readonly within?: string;
  /** Tolerance for `within`, mm. */
  readonly withinToleranceMm?: number;
  /**
   * A circular ROI that answers the question (added after the first types, optional): what review mode shows
   * as the right region, and what `npm run validate` measures against `range`.
   */
  readonly answerRoi?: AnswerRoi;
}

/** A circle on one image of a cross-sectional series, in patient mm. */
export interface AnswerRoi {
  readonly image: ImageReference;
  /** The circle's centre, patient coordinates (DICOM LPS), mm, on the image's plane. */
  readonly centreMm: readonly [x: number, y: number, z: number];
  readonly radiusMm: number;
}

export type QuizQuestion = LocateQuestion | ChooseQuestion | MeasureQuestion;

/** A quiz file: `annotations/<caseId>.quiz.json`. */
export interface QuizFile {
  readonly $schema?: string;
  readonly schemaVersion: typeof currentQuizFileVersion;
  readonly caseId: string;
  readonly title: string;
  readonly description?: string;
  readonly questions: readonly QuizQuestion[];
}

/** Every field of each question kind and of an option, to compare with the schema's (tests). */
export const quizQuestionFields = {
  locate: {
    id: true,
    kind: true,
    prompt: true,
    view: true,
    explanation: true,
    findings: true,
    sections: true,
    targets: true,
    toleranceMm: true,
    throughPlaneMm: true,
  } satisfies Record<keyof LocateQuestion, true>,
  choose: {
    id: true,
    kind: true,
    prompt: true,
    view: true,
    explanation: true,
    findings: true,
    sections: true,
    multiple: true,
    options: true,
  } satisfies Record<keyof ChooseQuestion, true>,
  measure: {
    id: true,
    kind: true,
    prompt: true,
    view: true,
    explanation: true,
    findings: true,
    sections: true,
    seriesKey: true,
    statistic: true,
    range: true,
    within: true,
    withinToleranceMm: true,
    answerRoi: true,
  } satisfies Record<keyof MeasureQuestion, true>,
} as const;

/** Every field of an option and of the file (tests compare them with the schema's). */
export const quizOptionFields = {
  id: true,
  text: true,
  correct: true,
  feedback: true,
} as const satisfies Record<keyof ChoiceOption, true>;
export const quizFileFields = {
  $schema: true,
  schemaVersion: true,
  caseId: true,
  title: true,
  description: true,
  questions: true,
} as const satisfies Record<keyof QuizFile, true>;

/**
 * Upgrade steps keyed by the version they upgrade from (none yet: version 1 is the first). To add version 2:
 * add `second: 2` to {@link quizFileVersions}, point {@link currentQuizFileVersion} at it, write the step here
 * under key 1, update the schema and the types, and test that a version-1 file loads.
 */
export const quizFileMigrations: TeachingFileMigrations = {};

/**
 * Brings a quiz file of an older version up to the current one (unvalidated). A file without a version, or of a
 * newer version than this code reads, is refused with a sentence saying so.
 * @param raw - the parsed JSON
 * @param fileName - shown in messages
 * @param migrations - the upgrade chain (tests pass their own)
 * @param currentVersion - the version to reach (tests pass their own)
 */
export function migrateQuizFile(
  raw: unknown,
  fileName: string,
  migrations: TeachingFileMigrations = quizFileMigrations,
  currentVersion: number = currentQuizFileVersion,
): TeachingFileMigrationResult {
  return migrateTeachingFile(raw, fileName, { name: 'quiz file', migrations, currentVersion });
}

/** The outcome of {@link validateQuizFile}: a typed file with warnings, or every problem found. */
export type QuizFileValidation =
  | { readonly ok: true; readonly file: QuizFile; readonly warnings: readonly AnnotationProblem[] }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/** The schema, compiled on first use. */
const schemaValidator = compileSchemaLazily(schema);

const questionArrays: readonly RecordArray[] = [
  { path: ['questions'], type: 'question', nested: [{ path: ['options'], type: 'option' }] },
];

/** Index of the first record with each id; later ones are reported as duplicates. */
function checkUniqueIds(
  records: readonly { readonly id: string }[],
  report: (index: number, detail: string) => void,
  what: string,
): void {
  const first = new Map<string, number>();
  records.forEach((r, index) => {
    const at = first.get(r.id);
    if (at === undefined) first.set(r.id, index);
    else report(index, `id '${r.id}' is already used by the ${what} at index ${at}`);
  });
}

/** Rules of one question the schema cannot state. */
function questionProblems(question: QuizQuestion, report: (field: string, detail: string) => void): void {
  if (question.view) for (const issue of checkStepView(question.view)) report(issue.field, issue.detail);
  switch (question.kind) {
    case 'choose': {
      const correct = question.options.filter((o) => o.correct).length;
      if (!question.multiple && correct !== 1) {
        report(
          'options',
          `a single-answer question (multiple: false) needs exactly 1 correct option, has ${correct}`,
        );
      }
      if (question.multiple && correct === 0) {
        report(
          'options',
          'a multiple-answer question (multiple: true) needs at least 1 correct option, has 0',
        );
      }
      break;
    }
    case 'measure':
      if (question.range.min > question.range.max) {
        report(
          'range',
          `range.min (${question.range.min}) is greater than range.max (${question.range.max})`,
        );
      }
      if (question.answerRoi && question.answerRoi.image.seriesKey !== question.seriesKey) {
        report(
          'answerRoi.image.seriesKey',
          `the answer ROI is on series '${question.answerRoi.image.seriesKey}', but the question measures on '${question.seriesKey}'`,
        );
      }
      if (question.withinToleranceMm !== undefined && question.within === undefined) {
        report(
          'withinToleranceMm',
          "withinToleranceMm is given without 'within' (the annotation it applies to)",
        );
      }
      break;
    case 'locate':
      break;
  }
}

/** Rules across fields and questions the schema cannot state. */
function crossFieldProblems(
  file: QuizFile,
  fileName: string,
): { problems: AnnotationProblem[]; warnings: AnnotationProblem[] } {
  const problems: AnnotationProblem[] = [];
  const warnings: AnnotationProblem[] = [];
  const recordAt = (index: number): ProblemRecord => ({
    type: 'question',
    id: file.questions[index]?.id ?? '',
    index,
  });
  checkUniqueIds(
    file.questions,
    (index, detail) => problems.push(makeProblem(fileName, recordAt(index), 'id', detail)),
    'question',
  );
  file.questions.forEach((question, index) => {
    const record = recordAt(index);
    questionProblems(question, (field, detail) =>
      problems.push(makeProblem(fileName, record, field, detail)),
    );
    if (question.kind === 'choose') {
      checkUniqueIds(
        question.options,
        (optionIndex, detail) =>
          problems.push(
            makeProblem(
              fileName,
              {
                type: 'option',
                id: question.options[optionIndex]?.id ?? '',
                index: optionIndex,
                within: record,
              },
              'id',
              detail,
            ),
          ),
        'option',
      );
      if (question.multiple && question.options.every((o) => o.correct)) {
        warnings.push(
          makeProblem(
            fileName,
            record,
            'options',
            'every option is correct: choosing them all scores without thought',
          ),
        );
      }
    }
  });
  return { problems, warnings };
}

/**
 * Validates parsed JSON as a quiz file, migrating older versions first: the JSON Schema, then the rules it
 * cannot state (unique question and option ids, the number of correct options, a range whose min is not above
 * its max, as many viewports as a view's layout shows). Text fields are Markdown kept as data: rendering and
 * sanitising is the viewer's job. Never throws.
 * @param raw - the parsed JSON
 * @param fileName - how messages name the file, e.g. `annotations/tumoral-calcinosis-pubis.quiz.json`
 * @param expectedCaseId - when given, the file's caseId must equal it
 */
export function validateQuizFile(
  raw: unknown,
  fileName: string,
  expectedCaseId?: string,
): QuizFileValidation {
  const migrated = migrateQuizFile(raw, fileName);
  if (!migrated.ok) return migrated;
  const validate = schemaValidator();
  if (!validate(migrated.value)) {
    return {
      ok: false,
      problems: describeSchemaErrors(validate.errors ?? [], migrated.value, fileName, questionArrays),
    };
  }
  // The trust boundary of quiz files: the schema has checked every field's type and each kind's fields.
  const file = migrated.value as unknown as QuizFile;
  const { problems, warnings } = crossFieldProblems(file, fileName);
  const wrongCase = caseIdProblem(fileName, file.caseId, expectedCaseId);
  if (wrongCase) problems.unshift(wrongCase);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file, warnings };
}
