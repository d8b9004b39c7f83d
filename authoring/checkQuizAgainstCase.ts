/**
 * Checks a validated quiz file against its case: views, findings and sections exist; every locate target is an
 * annotation drawn on an image the manifest has, a click on it scores, and the question's view neither hides
 * its series nor shows the answer; every measure question's answer ROI lies on its image and inside its
 * `within` annotation, and the pixels under it (and under the ROI moved by a millimetre) meet the range; and no
 * title, or question before the one asking for the diagnosis, names it (an unknown case would give it away).
 * Authoring tooling for `npm run validate`; pure (the caller supplies the images).
 */
import { type AnnotationProblem, makeProblem, type ProblemRecord } from '../src/model/AnnotationProblem.ts';
import {
  halfSliceThicknessMm,
  imagePlane,
  scale,
  translate,
  worldPoint,
  worldToImage,
} from '../src/model/geometry.ts';
import type { LocateQuestion, MeasureQuestion, QuizFile } from '../src/model/QuizFile.ts';
import type { StepView } from '../src/model/StepView.ts';
import { hitTest } from '../src/teaching/hitTest.ts';
import { placeAnnotation } from '../src/teaching/placeAnnotation.ts';
import type { ImageSource } from './checkAnnotationsAgainstImages.ts';
import {
  annotationOf,
  type CaseContext,
  type CaseIssue,
  checkStepViewAgainstCase,
  sectionProblem,
  seriesOf,
  unknownAnnotation,
  unknownSeries,
  withField,
} from './checkStepViewAgainstCase.ts';
import { measureCircleRoi, type RoiStatistics } from './measureRoi.ts';
import { diagnosisWordsOf, namedDiagnosisWord } from './unknownCaseRules.ts';

/** What a measure question's answer ROI measured, for the report. */
export interface MeasuredAnswer {
  readonly questionId: string;
  readonly range: { readonly min: number; readonly max: number };
  readonly answer: RoiStatistics;
  /** Lowest and highest mean of the ROI moved by {@link ROI_SHIFT_MM} along each in-plane axis. */
  readonly shiftedMeans: readonly [number, number];
}

/** The result of checking a quiz. */
export interface QuizCaseReport {
  readonly problems: readonly AnnotationProblem[];
  readonly measured: readonly MeasuredAnswer[];
}

/** How far a learner's ROI may sit from the answer ROI and still be expected to meet the range, mm. */
export const ROI_SHIFT_MM = 1;

const seriesShown = (view: StepView | undefined, key: string): boolean =>
  !view || view.viewports.some((v) => v.image.seriesKey === key);

/** A locate question's targets: they exist, are placed on their images, can be hit, and are not given away. */
function checkLocate(
  question: LocateQuestion,
  context: CaseContext,
  report: (issue: CaseIssue) => void,
): void {
  question.targets.forEach((id, i) => {
    const field = `targets[${i}]`;
    const annotation = annotationOf(context, id);
    if (!annotation) {
      report({ field, detail: unknownAnnotation(context, id) });
      return;
    }
    const placed = placeAnnotation(annotation, context.manifest);
    if (!placed.ok) {
      const why = placed.issues.map((p) => withField(p.field, p.detail)).join('; ');
      report({ field, detail: `'${id}' is not drawn on an image of the case (${why})` });
      return;
    }
    // A click on the target's first handle, on its own image, must score.
    const image = { seriesKey: annotation.image.seriesKey, SOPInstanceUID: annotation.image.SOPInstanceUID };
    const click =
      annotation.space === 'patient'
        ? { ...image, ...(annotation.points[0] ? { world: annotation.points[0] } : {}) }
        : { ...image, ...(annotation.points[0] ? { image: annotation.points[0] } : {}) };
    const tolerance = { toleranceMm: question.toleranceMm, throughPlaneMm: question.throughPlaneMm ?? 0 };
    if (!hitTest(click, [placed.placement], tolerance, context.manifest).hit) {
      report({
        field,
        detail: `a click on '${id}' itself does not score (the hit test cannot compare it with its image)`,
      });
    }
    if (!seriesShown(question.view, annotation.image.seriesKey)) {
      report({
        field,
        detail: `'${id}' is drawn on series '${annotation.image.seriesKey}', which the question's view does not show`,
      });
    }
    if (question.view?.visibleCategories?.includes(annotation.category)) {
      report({
        field: 'view.visibleCategories',
        detail: `the view shows category '${annotation.category}', which draws the answer '${id}': hide it`,
      });
    }
  });
}

/** A measure question: its series, `within` and answer ROI, and the pixels under the ROI. */
function checkMeasure(
  question: MeasureQuestion,
  context: CaseContext,
  images: ImageSource,
  report: (issue: CaseIssue) => void,
): MeasuredAnswer | undefined {
  const { manifest } = context;
  const series = seriesOf(manifest, question.seriesKey);
  if (!series)
    return void report({ field: 'seriesKey', detail: unknownSeries(manifest, question.seriesKey) });
  if (!seriesShown(question.view, series.key)) {
    report({
      field: 'seriesKey',
      detail: `the question's view does not show series '${series.key}', where the ROI is drawn`,
    });
  }
  const within = question.within === undefined ? undefined : annotationOf(context, question.within);
  if (question.within !== undefined && !within)
    report({ field: 'within', detail: unknownAnnotation(context, question.within) });
  if (within && within.image.seriesKey !== series.key) {
    report({
      field: 'within',
      detail: `'${within.id}' is drawn on series '${within.image.seriesKey}', not on '${series.key}'`,
    });
  }
  const roi = question.answerRoi;
  if (!roi) {
    return void report({
      field: 'answerRoi',
      detail:
        'a measure question needs an answer ROI here: without one its range cannot be checked against the pixels',
    });
  }
  const index = series.instances.findIndex((i) => i.SOPInstanceUID === roi.image.SOPInstanceUID);
  const plane = imagePlane(series, index);
  if (index < 0) {
    return void report({
      field: 'answerRoi.image.SOPInstanceUID',
      detail: `series '${series.key}' has no image ${roi.image.SOPInstanceUID}`,
    });
  }
  if (!plane)
    return void report({
      field: 'answerRoi',
      detail: `series '${series.key}' has no patient geometry to place an ROI in mm`,
    });
  const centre = worldPoint(...roi.centreMm);
  const offPlane = worldToImage(plane, centre).distanceMm;
  if (Math.abs(offPlane) > halfSliceThicknessMm(series) + 1e-6) {
    report({
      field: 'answerRoi.centreMm',
      detail: `the centre lies ${offPlane.toFixed(2)} mm off the plane of image ${index + 1} (at most ${halfSliceThicknessMm(series)} mm)`,
    });
  }
  if (within && within.image.seriesKey === series.key) {
    const placed = placeAnnotation(within, manifest);
    const click = { seriesKey: series.key, SOPInstanceUID: roi.image.SOPInstanceUID, world: centre };
    const tolerance = {
      toleranceMm: question.withinToleranceMm ?? 0,
      throughPlaneMm: halfSliceThicknessMm(series),
    };
    if (placed.ok && !hitTest(click, [placed.placement], tolerance, manifest).hit) {
      report({
        field: 'answerRoi.centreMm',
        detail: `the answer ROI's centre does not lie on '${within.id}' (the question's 'within')`,
      });
    }
  }
  const image = images(series.key, roi.image.SOPInstanceUID);
  if (image instanceof Error)
    return void report({ field: 'answerRoi.image', detail: `the image cannot be read (${image.message})` });
  const answer = measureCircleRoi(image, plane, centre, roi.radiusMm);
  const shifts = [plane.rowDirection, plane.columnDirection].flatMap((axis) =>
    [-ROI_SHIFT_MM, ROI_SHIFT_MM].map(
      (d) => measureCircleRoi(image, plane, translate(centre, scale(axis, d)), roi.radiusMm).mean,
    ),
  );
  const shiftedMeans: [number, number] = [Math.min(...shifts), Math.max(...shifts)];
  const { min, max } = question.range;
  const fmt = (v: number) => Math.round(v).toString();
  if (!(answer.mean >= min && answer.mean <= max)) {
    report({
      field: 'range',
      detail: `the answer ROI measures a mean of ${fmt(answer.mean)}, outside the range ${min} to ${max}`,
    });
  } else if (!(shiftedMeans[0] >= min && shiftedMeans[1] <= max)) {
    report({
      field: 'range',
      detail: `${min} to ${max} is too tight: the answer ROI moved by ${ROI_SHIFT_MM} mm measures ${fmt(shiftedMeans[0])} to ${fmt(shiftedMeans[1])}`,
    });
  }
  return { questionId: question.id, range: question.range, answer, shiftedMeans };
}

/**
 * Texts of the questions before the one that asks for the diagnosis (the first with a correct option naming
 * it) that name it anyway, and that question's own prompt: on an unknown case they would give the answer.
 * @param quiz - the quiz
 * @param words - the words naming the diagnosis
 */
function diagnosisGivenAway(quiz: QuizFile, words: readonly string[]): { index: number; issue: CaseIssue }[] {
  const asks = quiz.questions.findIndex(
    (q) => q.kind === 'choose' && q.options.some((o) => o.correct && namedDiagnosisWord(o.text, words)),
  );
  if (asks < 0) return [];
  const asking = quiz.questions[asks]?.id ?? '';
  const out: { index: number; issue: CaseIssue }[] = [];
  quiz.questions.slice(0, asks + 1).forEach((q, index) => {
    const texts: [string, string][] = [['prompt', q.prompt]];
    if (index < asks) {
      texts.push(['explanation', q.explanation]);
      if (q.kind === 'choose') {
        q.options.forEach((o, i) => {
          texts.push([`options[${i}].text`, o.text], [`options[${i}].feedback`, o.feedback]);
        });
      }
    }
    for (const [field, text] of texts) {
      const word = namedDiagnosisWord(text, words);
      if (word) {
        const detail = `names the diagnosis ('${word}') before question '${asking}' asks for it`;
        out.push({ index, issue: { field, detail } });
      }
    }
  });
  return out;
}

/**
 * Every problem of a quiz against its case, and what its answer ROIs measured.
 * @param quiz - a validated quiz file
 * @param context - the case: manifest, annotations, section ids
 * @param images - reads an image's pixels (HU on CT)
 * @param fileName - how messages name the quiz file
 */
export function checkQuizAgainstCase(
  quiz: QuizFile,
  context: CaseContext,
  images: ImageSource,
  fileName: string,
): QuizCaseReport {
  const problems: AnnotationProblem[] = [];
  const measured: MeasuredAnswer[] = [];
  if (quiz.caseId !== context.manifest.caseId) {
    problems.push(
      makeProblem(
        fileName,
        undefined,
        'caseId',
        `caseId '${quiz.caseId}' does not match the manifest's '${context.manifest.caseId}'`,
      ),
    );
  }
  const words = diagnosisWordsOf(context.textSections ?? []);
  for (const field of ['title', 'description'] as const) {
    const word = namedDiagnosisWord(quiz[field] ?? '', words);
    if (word) {
      const detail = `names the diagnosis ('${word}'), which an unknown case hides until it is revealed`;
      problems.push(makeProblem(fileName, undefined, field, withField(field, detail)));
    }
  }
  const givenAway = diagnosisGivenAway(quiz, words);
  quiz.questions.forEach((question, index) => {
    const record: ProblemRecord = { type: 'question', id: question.id, index };
    const report = ({ field, detail }: CaseIssue) =>
      problems.push(makeProblem(fileName, record, field, withField(field, detail)));
    for (const given of givenAway) if (given.index === index) report(given.issue);
    if (question.view) for (const issue of checkStepViewAgainstCase(question.view, context)) report(issue);
    question.findings?.forEach((id, i) => {
      if (!annotationOf(context, id))
        report({ field: `findings[${i}]`, detail: unknownAnnotation(context, id) });
    });
    question.sections?.forEach((id, i) => {
      const problem = sectionProblem(context, id);
      if (problem) report({ field: `sections[${i}]`, detail: problem });
    });
    if (question.kind === 'locate') checkLocate(question, context, report);
    if (question.kind === 'measure') {
      const result = checkMeasure(question, context, images, report);
      if (result) measured.push(result);
    }
  });
  return { problems, measured };
}
