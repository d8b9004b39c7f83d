/**
 * One learner's run through a quiz: the question on screen, the answers given (graded as they come), the
 * score, the review, and progress as plain JSON to keep and restore (a changed quiz file restores safely:
 * answers to questions that are gone or changed are dropped, the rest re-graded). Pure: no DOM, no storage;
 * locate answers are hit-tested through the grader it is given.
 */
import type { ImagePoint, WorldPoint } from '../model/geometry.ts';
import type {
  ChooseQuestion,
  LocateQuestion,
  MeasureQuestion,
  QuizFile,
  QuizQuestion,
} from '../model/QuizFile.ts';
import type { HitResult, ImageClick } from './hitTest.ts';

/** The statistics of the learner's elliptical ROI, as a measure answer keeps them. */
export interface RoiAnswer {
  readonly seriesKey: string;
  readonly imageIndex: number;
  readonly SOPInstanceUID?: string;
  readonly mean: number;
  readonly stdDev: number;
  readonly areaMm2: number;
  /** The ROI's centre in patient mm, when the viewer reports it (for `within`). */
  readonly centre?: WorldPoint;
}

/** A locate answer: where the learner clicked, and the hit test's verdict. */
export interface LocateAnswer {
  readonly kind: 'locate';
  readonly questionId: string;
  readonly click: ImageClick;
  readonly hit: HitResult;
  readonly correct: boolean;
}

/** A choose answer: the options chosen. */
export interface ChooseAnswer {
  readonly kind: 'choose';
  readonly questionId: string;
  readonly chosen: readonly string[];
  readonly correct: boolean;
}

/** A measure answer: the ROI's statistics and which checks passed. */
export interface MeasureAnswer {
  readonly kind: 'measure';
  readonly questionId: string;
  readonly roi: RoiAnswer;
  /** Drawn on the question's series. */
  readonly onSeries: boolean;
  readonly inRange: boolean;
  /** Whether the centre lies on the `within` annotation; null when the question sets none. */
  readonly within: boolean | null;
  readonly correct: boolean;
}

/** Any answer. */
export type QuizAnswer = LocateAnswer | ChooseAnswer | MeasureAnswer;

/** Progress as stored: JSON-safe. */
export interface QuizProgress {
  readonly version: 1;
  /** Id of the question on screen; null once the quiz is finished (the score shows). */
  readonly currentQuestionId: string | null;
  /** Answers by question id. */
  readonly answers: Readonly<Record<string, QuizAnswer>>;
  readonly finished: boolean;
}

/** The hit tests a session needs (bound to the case's annotations by its caller). */
export interface QuizGrader {
  /** The verdict on a locate click. */
  locate(question: LocateQuestion, click: ImageClick): HitResult;
  /** Whether an ROI's centre lies on the question's `within` annotation. */
  within(question: MeasureQuestion, centre: ImageClick): HitResult;
}

/** One line of the score. */
export interface QuestionScore {
  readonly question: QuizQuestion;
  readonly answer: QuizAnswer | null;
  readonly correct: boolean;
}

/** The score: right answers out of the questions. */
export interface QuizScore {
  readonly correct: number;
  readonly answered: number;
  readonly total: number;
  readonly perQuestion: readonly QuestionScore[];
}

/** A quiz in progress. */
export class QuizSession {
  private progress: QuizProgress;

  /**
   * @param file - a validated quiz file
   * @param grader - hit tests against the case's annotations
   * @param progress - where to resume (from {@link QuizSession.restore}); absent: the first question
   */
  constructor(
    readonly file: QuizFile,
    private readonly grader: QuizGrader,
    progress?: QuizProgress,
  ) {
    this.progress = progress ?? fresh(file);
  }

  /**
   * A session resumed from stored progress, checked against the file as it is now: answers to questions
   * that are gone, or whose kind or options changed, are dropped (and named); the rest are re-graded.
   * Anything unreadable starts afresh.
   * @param file - the quiz file
   * @param grader - hit tests against the case's annotations
   * @param raw - parsed stored progress (any shape)
   */
  static restore(
    file: QuizFile,
    grader: QuizGrader,
    raw: unknown,
  ): { session: QuizSession; dropped: readonly string[] } {
    const session = new QuizSession(file, grader);
    const dropped: string[] = [];
    if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.answers)) return { session, dropped };
    const answers: Record<string, QuizAnswer> = {};
    for (const [id, stored] of Object.entries(raw.answers)) {
      const question = file.questions.find((q) => q.id === id);
      const answer = question ? session.regrade(question, stored) : null;
      if (answer) answers[id] = answer;
      else dropped.push(id);
    }
    const current = typeof raw.currentQuestionId === 'string' ? raw.currentQuestionId : null;
    const known = file.questions.some((q) => q.id === current);
    const firstOpen = file.questions.find((q) => !answers[q.id])?.id ?? null;
    const allAnswered = firstOpen === null && file.questions.length > 0;
    const finished = raw.finished === true && allAnswered;
    session.progress = {
      version: 1,
      answers,
      finished,
      currentQuestionId: finished ? null : known ? current : (firstOpen ?? file.questions[0]?.id ?? null),
    };
    return { session, dropped };
  }

  /** The questions in order. */
  get questions(): readonly QuizQuestion[] {
    return this.file.questions;
  }

  /** The question on screen, or null once finished. */
  get current(): QuizQuestion | null {
    const id = this.progress.currentQuestionId;
    return this.file.questions.find((q) => q.id === id) ?? null;
  }

  /** 0-based position of the question on screen; -1 once finished. */
  get currentIndex(): number {
    const id = this.progress.currentQuestionId;
    return this.file.questions.findIndex((q) => q.id === id);
  }

  get finished(): boolean {
    return this.progress.finished;
  }

  /** The answer given to a question, or null. */
  answerTo(questionId: string): QuizAnswer | null {
    return this.progress.answers[questionId] ?? null;
  }

  /**
   * Answers the locate question on screen with a click (the first answer counts; later ones are ignored).
   * @param click - the click on the image shown
   */
  answerLocate(click: ImageClick): LocateAnswer | null {
    const q = this.openQuestion('locate');
    if (!q) return null;
    return this.record(this.gradeLocate(q, click));
  }

  /**
   * Answers the choose question on screen.
   * @param chosen - ids of the options chosen
   */
  answerChoose(chosen: readonly string[]): ChooseAnswer | null {
    const q = this.openQuestion('choose');
    if (!q) return null;
    return this.record(gradeChoose(q, chosen));
  }

  /**
   * Answers the measure question on screen with an ROI's statistics.
   * @param roi - the learner's latest elliptical ROI
   */
  answerMeasure(roi: RoiAnswer): MeasureAnswer | null {
    const q = this.openQuestion('measure');
    if (!q) return null;
    return this.record(this.gradeMeasure(q, roi));
  }

  /** Moves to the next question, or finishes after the last. */
  next(): void {
    const at = this.currentIndex;
    const following = this.file.questions[at + 1];
    this.progress = following
      ? { ...this.progress, currentQuestionId: following.id }
      : { ...this.progress, currentQuestionId: null, finished: true };
  }

  /**
   * Shows a question (e.g. from the review); an answered one shows its feedback.
   * @param questionId - a question of the file
   */
  goTo(questionId: string): void {
    if (!this.file.questions.some((q) => q.id === questionId)) return;
    this.progress = { ...this.progress, currentQuestionId: questionId };
  }

  /** Forgets every answer and starts at the first question. */
  startOver(): void {
    this.progress = fresh(this.file);
  }

  /** The score so far (right out of all questions). */
  score(): QuizScore {
    const perQuestion = this.file.questions.map((question) => {
      const answer = this.progress.answers[question.id] ?? null;
      return { question, answer, correct: answer?.correct ?? false };
    });
    return {
      correct: perQuestion.filter((p) => p.correct).length,
      answered: perQuestion.filter((p) => p.answer).length,
      total: perQuestion.length,
      perQuestion,
    };
  }

  /** Progress to store: plain JSON. */
  toProgress(): QuizProgress {
    return structuredClone(this.progress);
  }

  private openQuestion<K extends QuizQuestion['kind']>(kind: K): Extract<QuizQuestion, { kind: K }> | null {
    const q = this.current;
    if (!q || q.kind !== kind || this.progress.answers[q.id]) return null;
    return q as Extract<QuizQuestion, { kind: K }>;
  }

  private record<A extends QuizAnswer>(answer: A): A {
    this.progress = { ...this.progress, answers: { ...this.progress.answers, [answer.questionId]: answer } };
    return answer;
  }

  private gradeLocate(q: LocateQuestion, click: ImageClick): LocateAnswer {
    const hit = this.grader.locate(q, click);
    return { kind: 'locate', questionId: q.id, click, hit, correct: hit.hit };
  }

  private gradeMeasure(q: MeasureQuestion, roi: RoiAnswer): MeasureAnswer {
    const onSeries = roi.seriesKey === q.seriesKey;
    const inRange = roi.mean >= q.range.min && roi.mean <= q.range.max;
    let within: boolean | null = null;
    if (q.within) {
      within =
        !!roi.centre &&
        !!roi.SOPInstanceUID &&
        this.grader.within(q, {
          seriesKey: roi.seriesKey,
          SOPInstanceUID: roi.SOPInstanceUID,
          world: roi.centre,
        }).hit;
    }
    const correct = onSeries && inRange && within !== false;
    return { kind: 'measure', questionId: q.id, roi, onSeries, inRange, within, correct };
  }

  /** A stored answer checked against the question as it is now, re-graded; null when it no longer fits. */
  private regrade(q: QuizQuestion, stored: unknown): QuizAnswer | null {
    if (!isRecord(stored) || stored.kind !== q.kind) return null;
    switch (q.kind) {
      case 'locate': {
        const click = readClick(stored.click);
        return click ? this.gradeLocate(q, click) : null;
      }
      case 'choose': {
        const chosen = stored.chosen;
        if (!Array.isArray(chosen) || !chosen.every((id) => typeof id === 'string')) return null;
        if (!chosen.every((id) => q.options.some((o) => o.id === id))) return null;
        return gradeChoose(q, chosen);
      }
      case 'measure': {
        const roi = readRoi(stored.roi);
        return roi ? this.gradeMeasure(q, roi) : null;
      }
    }
  }
}

/**
 * Grades a choose answer: a single-answer question wants exactly its correct option; a multiple-answer one
 * every correct option and no other.
 * @param q - the question
 * @param chosen - ids of the options chosen
 */
export function gradeChoose(q: ChooseQuestion, chosen: readonly string[]): ChooseAnswer {
  const set = new Set(chosen);
  const right = q.options.filter((o) => o.correct).map((o) => o.id);
  const correct = q.multiple
    ? set.size === right.length && right.every((id) => set.has(id))
    : set.size === 1 && right.some((id) => set.has(id));
  return { kind: 'choose', questionId: q.id, chosen: [...set], correct };
}

function fresh(file: QuizFile): QuizProgress {
  return { version: 1, currentQuestionId: file.questions[0]?.id ?? null, answers: {}, finished: false };
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function readPoint(value: unknown, length: number): readonly number[] | null {
  return Array.isArray(value) && value.length === length && value.every(isFiniteNumber) ? value : null;
}

/** A stored click, or null when it is not one. Stored JSON is trusted as far as its shape is checked. */
function readClick(value: unknown): ImageClick | null {
  if (!isRecord(value) || typeof value.seriesKey !== 'string' || typeof value.SOPInstanceUID !== 'string') {
    return null;
  }
  const world = value.world === undefined ? undefined : readPoint(value.world, 3);
  const image = value.image === undefined ? undefined : readPoint(value.image, 2);
  if (world === null || image === null || (!world && !image)) return null;
  return {
    seriesKey: value.seriesKey,
    SOPInstanceUID: value.SOPInstanceUID,
    ...(world ? { world: world as WorldPoint } : {}),
    ...(image ? { image: image as ImagePoint } : {}),
  };
}

function readRoi(value: unknown): RoiAnswer | null {
  if (!isRecord(value) || typeof value.seriesKey !== 'string') return null;
  const { imageIndex, mean, stdDev, areaMm2 } = value;
  if (
    !isFiniteNumber(imageIndex) ||
    !isFiniteNumber(mean) ||
    !isFiniteNumber(stdDev) ||
    !isFiniteNumber(areaMm2)
  ) {
    return null;
  }
  const centre = value.centre === undefined ? undefined : readPoint(value.centre, 3);
  if (centre === null) return null;
  return {
    seriesKey: value.seriesKey,
    imageIndex,
    mean,
    stdDev,
    areaMm2,
    ...(typeof value.SOPInstanceUID === 'string' ? { SOPInstanceUID: value.SOPInstanceUID } : {}),
    ...(centre ? { centre: centre as WorldPoint } : {}),
  };
}
