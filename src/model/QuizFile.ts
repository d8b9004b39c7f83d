/**
 * A quiz on a case: questions answered on the images (locate, measure) or by choosing. One record per
 * file: the type, its validator, the version constants and migrations together. Pure.
 */
import type { StepView } from './StepView.ts';

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
