/**
 * Checks a validated tour file against its case: every step's view (images in the manifest, categories and
 * highlighted finding in the annotations file, the finding drawn where the step looks), its section in the case
 * text, a scroll transition only where there is something to scroll through, and, played on an unknown case,
 * nothing shown before its step reveals it (a section, an overlay, the diagnosis in a title or caption).
 * Authoring tooling for `npm run validate`; pure (the caller reads the files).
 */
import { type AnnotationProblem, makeProblem, type ProblemRecord } from '../src/model/AnnotationProblem.ts';
import { isRevealed, type RevealStage, unknownCaseStart } from '../src/model/RevealStage.ts';
import type { TourFile, TourStep } from '../src/model/TourFile.ts';
import {
  type CaseContext,
  checkStepViewAgainstCase,
  sectionProblem,
  withField,
} from './checkStepViewAgainstCase.ts';
import { diagnosisWordsOf, namedDiagnosisWord, sectionRevealStage } from './unknownCaseRules.ts';

/**
 * What a step shows too early on an unknown case at `stage` (the stage reached once the step is shown).
 * @param step - the step
 * @param stage - the reveal stage at this step
 * @param context - the case (its text sections)
 * @param words - the words naming the diagnosis
 */
function revealIssues(
  step: TourStep,
  stage: RevealStage,
  context: CaseContext,
  words: readonly string[],
): { field: string; detail: string }[] {
  const issues: { field: string; detail: string }[] = [];
  const sections = context.textSections ?? [];
  if (step.section !== undefined && sections.some((s) => s.id === step.section)) {
    const needed = sectionRevealStage(step.section, sections);
    if (!isRevealed(stage, needed)) {
      issues.push({
        field: 'section',
        detail: `'${step.section}' is shown from the '${needed}' stage, but an unknown case is at '${stage}' here: reveal '${needed}' at or before this step, or link another section`,
      });
    }
  }
  if (!isRevealed(stage, 'findings')) {
    const drawn = step.view.highlightedFinding ?? (step.view.visibleCategories ?? [])[0];
    if (drawn) {
      issues.push({
        field: step.view.highlightedFinding ? 'view.highlightedFinding' : 'view.visibleCategories',
        detail: `'${drawn}' is not drawn on an unknown case before the 'findings' stage (at '${stage}' here): reveal 'findings' at or before this step`,
      });
    }
  }
  if (!isRevealed(stage, 'diagnosis') && step.caption !== undefined) {
    const word = namedDiagnosisWord(step.caption, words);
    if (word) {
      issues.push({
        field: 'caption',
        detail: `names the diagnosis ('${word}') before an unknown case reveals it (at '${stage}' here)`,
      });
    }
  }
  return issues;
}

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
  const words = diagnosisWordsOf(context.textSections ?? []);
  // The tour's title and description, and every step's title (the step list), show from the start.
  for (const field of ['title', 'description'] as const) {
    const word = namedDiagnosisWord(tour[field] ?? '', words);
    if (word) {
      const detail = `names the diagnosis ('${word}'), which an unknown case hides until it is revealed`;
      problems.push(makeProblem(fileName, undefined, field, withField(field, detail)));
    }
  }
  let stage: RevealStage = unknownCaseStart;
  tour.steps.forEach((step, index) => {
    const record: ProblemRecord = { type: 'step', id: step.id, index };
    const report = (field: string, detail: string) =>
      problems.push(makeProblem(fileName, record, field, withField(field, detail)));
    if (step.reveal && isRevealed(step.reveal, stage)) stage = step.reveal;
    const titleWord = namedDiagnosisWord(step.title, words);
    if (titleWord) {
      report(
        'title',
        `names the diagnosis ('${titleWord}'); step titles are listed before the steps are played`,
      );
    }
    for (const issue of revealIssues(step, stage, context, words)) report(issue.field, issue.detail);
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
