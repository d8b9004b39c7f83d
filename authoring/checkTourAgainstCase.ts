/**
 * Checks a validated tour file against its case: every step's view (images in the manifest, categories and
 * highlighted finding in the annotations file, the finding drawn where the step looks), its section in the case
 * text, and a scroll transition only where there is something to scroll through. Authoring tooling for
 * `npm run validate`; pure (the caller reads the files).
 */
import { type AnnotationProblem, makeProblem, type ProblemRecord } from '../src/model/AnnotationProblem.ts';
import type { TourFile } from '../src/model/TourFile.ts';
import {
  type CaseContext,
  checkStepViewAgainstCase,
  sectionProblem,
  withField,
} from './checkStepViewAgainstCase.ts';

/**
 * Every problem of a tour against its case.
 * @param tour - a validated tour file
 * @param context - the case: manifest, annotations, section ids
 * @param fileName - how messages name the tour file
 */
export function checkTourAgainstCase(
  tour: TourFile,
  context: CaseContext,
  fileName: string,
): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  if (tour.caseId !== context.manifest.caseId) {
    problems.push(
      makeProblem(
        fileName,
        undefined,
        'caseId',
        `caseId '${tour.caseId}' does not match the manifest's '${context.manifest.caseId}'`,
      ),
    );
  }
  tour.steps.forEach((step, index) => {
    const record: ProblemRecord = { type: 'step', id: step.id, index };
    const report = (field: string, detail: string) =>
      problems.push(makeProblem(fileName, record, field, withField(field, detail)));
    for (const issue of checkStepViewAgainstCase(step.view, context)) report(issue.field, issue.detail);
    if (step.section !== undefined) {
      const problem = sectionProblem(context, step.section);
      if (problem) report('section', problem);
    }
    const previous = tour.steps[index - 1];
    if (step.transition === 'scroll' && previous) {
      const before = previous.view.viewports.map((v) => v.image.seriesKey);
      const after = step.view.viewports.map((v) => v.image.seriesKey);
      if (!after.some((key, i) => before[i] === key)) {
        report(
          'transition',
          `'scroll' asks for a cine through the slices between, but no viewport keeps its series from the step before (${before.join(', ')} -> ${after.join(', ')}): use 'jump'`,
        );
      }
    }
  });
  return problems;
}
