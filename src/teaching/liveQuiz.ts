/**
 * The live quiz (issue 14) as pure logic: the class's answers as the teacher keeps them (one per student,
 * replaced by a complete set), the numbers of a choose question's bar chart, which locate clicks a displayed
 * image shows (near its plane) and how many lie off it, a measure question's values against its range, and a
 * student's own answer graded with the quiz's grader. No DOM, no socket.io, no Cornerstone.
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import {
  displacement,
  dot,
  type ImagePoint,
  imagePlane,
  imagePoint,
  type WorldPoint,
  worldPoint,
} from '../model/geometry.ts';
import type { LiveAnswer, LiveAnswerEntry, LiveAnswers } from '../model/liveProtocol.ts';
import type { ChooseQuestion, MeasureQuestion, QuizQuestion } from '../model/QuizFile.ts';
import type { ImageClick } from './hitTest.ts';
import { gradeChoose, type QuizAnswer, type QuizGrader } from './QuizSession.ts';

/** The class's answers to one round, one per student (`from`), as the teacher's panel shows them. */
export class LiveAnswerTally {
  private roundNow: number | null = null;
  private readonly byStudent = new Map<string, LiveAnswer>();

  /** The round the answers belong to, or null before any. */
  get round(): number | null {
    return this.roundNow;
  }

  /** How many students answered. */
  get count(): number {
    return this.byStudent.size;
  }

  /** Every answer, in the order the students first answered. */
  get entries(): readonly LiveAnswerEntry[] {
    return [...this.byStudent].map(([from, answer]) => ({ from, answer }));
  }

  /**
   * Takes in an `answers` message: a complete set (or another round's) replaces everything; otherwise each
   * entry adds or replaces its student's answer.
   * @param answers - a validated message
   */
  take(answers: LiveAnswers): void {
    if (answers.complete || answers.round !== this.roundNow) {
      this.byStudent.clear();
      this.roundNow = answers.round;
    }
    for (const { from, answer } of answers.entries) this.byStudent.set(from, answer);
  }

  /** Forgets every answer (the question closed). */
  clear(): void {
    this.byStudent.clear();
    this.roundNow = null;
  }
}

/** One bar of a choose question's chart. */
export interface ChoiceBar {
  readonly id: string;
  readonly text: string;
  /** Students who chose the option. */
  readonly count: number;
  /** Of the students who answered, 0–100, rounded. */
  readonly percent: number;
  readonly correct: boolean;
}

/**
 * The bars of a choose question: per option, how many of the answering students chose it (a multiple-answer
 * question's percentages can add up to more than 100). Options a question no longer has are not counted.
 * @param q - the question
 * @param entries - the class's answers (other kinds are ignored)
 */
export function choiceBars(q: ChooseQuestion, entries: readonly LiveAnswerEntry[]): ChoiceBar[] {
  const chosen = entries.flatMap((e) => (e.answer.kind === 'choose' ? [new Set(e.answer.options)] : []));
  const answered = chosen.length;
  return q.options.map((o) => {
    const count = chosen.filter((set) => set.has(o.id)).length;
    return {
      id: o.id,
      text: o.text,
      count,
      percent: answered === 0 ? 0 : Math.round((100 * count) / answered),
      correct: o.correct,
    };
  });
}

/** Where a locate click is drawn on a displayed image. */
export type HeatPoint =
  | { readonly kind: 'world'; readonly world: WorldPoint }
  | { readonly kind: 'image'; readonly image: ImagePoint };

/** The clicks a displayed image shows, and how many are elsewhere. */
export interface HeatOnImage {
  readonly points: readonly HeatPoint[];
  /** Locate answers not drawn here: off this slice (beyond the tolerance), or on another image or series. */
  readonly off: number;
}

/** Through-plane slack for rounding (a click's point is on its own image's plane up to rounding), mm. */
const planeSlackMm = 0.01;

/**
 * The locate clicks to draw on one displayed image: on a cross-sectional image, those in its frame of
 * reference whose point lies within `throughPlaneMm` of its plane; on a projection image, those made on it.
 * @param entries - the class's answers (other kinds are ignored)
 * @param series - the series the viewport shows
 * @param imageIndex - the image it shows
 * @param throughPlaneMm - the question's through-plane tolerance (absent in the file: 0)
 * @param manifest - the open case (the series each click was made on)
 */
export function heatOnImage(
  entries: readonly LiveAnswerEntry[],
  series: ManifestSeries,
  imageIndex: number,
  throughPlaneMm: number,
  manifest: CaseManifest,
): HeatOnImage {
  const plane = imagePlane(series, imageIndex);
  const uid = series.instances[imageIndex]?.SOPInstanceUID;
  const points: HeatPoint[] = [];
  let off = 0;
  for (const { answer } of entries) {
    if (answer.kind !== 'locate') continue;
    const [x, y, z] = answer.point;
    const clickedOn = manifest.series.find((s) => s.key === answer.image.seriesKey);
    if (plane && clickedOn?.ImageOrientationPatient) {
      const world = worldPoint(x, y, z);
      const sameFrame = clickedOn.FrameOfReferenceUID === series.FrameOfReferenceUID;
      const distanceMm = Math.abs(dot(displacement(plane.origin, world), plane.normal));
      if (sameFrame && distanceMm <= throughPlaneMm + planeSlackMm) points.push({ kind: 'world', world });
      else off += 1;
    } else if (!plane && answer.image.SOPInstanceUID === uid) {
      points.push({ kind: 'image', image: imagePoint(x, y) });
    } else off += 1;
  }
  return { points, off };
}

/** A measure question's answers: the values, sorted, and how many lie in the accepted range. */
export interface MeasureSummary {
  readonly values: readonly number[];
  readonly inRange: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The values the class measured, against the question's range.
 * @param q - the question
 * @param entries - the class's answers (other kinds are ignored)
 */
export function measureSummary(q: MeasureQuestion, entries: readonly LiveAnswerEntry[]): MeasureSummary {
  const values = entries
    .flatMap((e) => (e.answer.kind === 'measure' ? [e.answer.value] : []))
    .sort((a, b) => a - b);
  return {
    values,
    inRange: values.filter((v) => v >= q.range.min && v <= q.range.max).length,
    min: q.range.min,
    max: q.range.max,
  };
}

/**
 * A student's live answer graded as the quiz panel grades one (hit test, options, range), or null when the
 * answer is of another kind than the question.
 * @param q - the question
 * @param answer - the student's answer
 * @param grader - the quiz's grader (bound to the case's annotations)
 * @param manifest - the open case
 */
export function gradeLiveAnswer(
  q: QuizQuestion,
  answer: LiveAnswer,
  grader: QuizGrader,
  manifest: CaseManifest,
): QuizAnswer | null {
  if (q.kind === 'choose' && answer.kind === 'choose') return gradeChoose(q, answer.options);
  if (q.kind === 'measure' && answer.kind === 'measure') {
    const inRange = answer.value >= q.range.min && answer.value <= q.range.max;
    return {
      kind: 'measure',
      questionId: q.id,
      roi: { seriesKey: q.seriesKey, imageIndex: 0, mean: answer.value, stdDev: 0, areaMm2: 0 },
      onSeries: true,
      inRange,
      within: null,
      correct: inRange,
    };
  }
  if (q.kind === 'locate' && answer.kind === 'locate') {
    const click = clickOf(answer, manifest);
    if (!click) return null;
    const hit = grader.locate(q, click);
    return { kind: 'locate', questionId: q.id, click, hit, correct: hit.hit };
  }
  return null;
}

/**
 * A locate answer as a quiz click: patient mm on a cross-sectional image, [column, row] on a projection.
 * @param answer - the live answer
 * @param manifest - the open case
 */
export function clickOf(
  answer: Extract<LiveAnswer, { kind: 'locate' }>,
  manifest: CaseManifest,
): ImageClick | null {
  const series = manifest.series.find((s) => s.key === answer.image.seriesKey);
  if (!series) return null;
  const [x, y, z] = answer.point;
  const base = { seriesKey: series.key, SOPInstanceUID: answer.image.SOPInstanceUID };
  return series.ImageOrientationPatient
    ? { ...base, world: worldPoint(x, y, z) }
    : { ...base, image: imagePoint(x, y) };
}

/**
 * A quiz click as a live locate answer.
 * @param click - where the student clicked
 */
export function locateAnswerOf(click: ImageClick): LiveAnswer | null {
  const image = { seriesKey: click.seriesKey, SOPInstanceUID: click.SOPInstanceUID };
  if (click.world) return { kind: 'locate', image, point: [click.world[0], click.world[1], click.world[2]] };
  if (click.image) return { kind: 'locate', image, point: [click.image[0], click.image[1], 0] };
  return null;
}
