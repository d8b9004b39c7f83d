// `npm run validate`: checks every annotations/*.json against its schema, its case text and the case's images
// (series, SOP instances, frames, bounds, and pixels under each finding), and the tour and quiz files beside it
// (<caseId>.tour.json, <caseId>.quiz.json) against the same case. Node only; exits non-zero on problems.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CheckedFinding,
  checkAnnotationsAgainstImages,
  type ImageFromFile,
  type ImageSource,
} from '../authoring/checkAnnotationsAgainstImages.ts';
import { checkQuizAgainstCase, type MeasuredAnswer } from '../authoring/checkQuizAgainstCase.ts';
import type { CaseContext } from '../authoring/checkStepViewAgainstCase.ts';
import { checkTourAgainstCase } from '../authoring/checkTourAgainstCase.ts';
import { projectToRadiograph } from '../authoring/projectToRadiograph.ts';
import type { CaseTruth } from '../generator/CaseTruth.ts';
import { decodeDicomImage } from '../src/data/decodeDicomImage.ts';
import type { AnnotationProblem } from '../src/model/AnnotationProblem.ts';
import { makeProblem } from '../src/model/AnnotationProblem.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { type CaseText, inlineCaseText, parseCaseText } from '../src/model/CaseText.ts';
import { checkTextLinks } from '../src/model/checkTextLinks.ts';
import { worldPoint } from '../src/model/geometry.ts';
import { validateQuizFile } from '../src/model/QuizFile.ts';
import { validateTourFile } from '../src/model/TourFile.ts';
import { validateAnnotationFile } from '../src/model/validateAnnotationFile.ts';
import { placeKeyImage } from '../src/teaching/placeAnnotation.ts';

const root = resolve(import.meta.dirname, '..');

/** Where to look for files; tests point these at temporary folders. */
export interface ValidateOptions {
  /** Folder relative names in messages are taken from. */
  readonly root: string;
  /** Folder holding `<caseId>/manifest.json` and the series. */
  readonly sampleDir: string;
  /** x of the mid-sagittal plane in the CT frame (the phantom is built symmetric about x = 0). */
  readonly midlineXMm?: number;
}

/** The result for one annotations file. */
export interface FileReport {
  readonly file: string;
  readonly problems: readonly AnnotationProblem[];
  readonly checked: readonly CheckedFinding[];
  readonly placementOnly: readonly string[];
  readonly annotationCount: number;
}

/** An ImageSource reading Part-10 files listed by the manifest, decoding each at most once. */
function fileImageSource(manifest: CaseManifest, caseDir: string): ImageSource {
  const cache = new Map<string, ImageFromFile | Error>();
  return (seriesKey, uid) => {
    const key = `${seriesKey}/${uid}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const instance = manifest.series
      .find((s) => s.key === seriesKey)
      ?.instances.find((i) => i.SOPInstanceUID === uid);
    let image: ImageFromFile | Error;
    if (!instance) image = new Error('not in the manifest');
    else {
      try {
        image = decodeDicomImage(readFileSync(join(caseDir, instance.file)));
      } catch (error) {
        image = error instanceof Error ? error : new Error(String(error));
      }
    }
    cache.set(key, image);
    return image;
  };
}

/**
 * Validates one annotations file completely.
 * @param path - the JSON file
 * @param options - folders
 */
export function validateAnnotationsFile(path: string, options: ValidateOptions): FileReport {
  const name = relative(options.root, path);
  const empty = { checked: [], placementOnly: [], annotationCount: 0 };
  const fail = (detail: string): FileReport => ({
    file: name,
    problems: [makeProblem(name, undefined, '', detail)],
    ...empty,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const validated = validateAnnotationFile(raw, name);
  if (!validated.ok) return { file: name, problems: validated.problems, ...empty };
  const { file } = validated;
  const problems: AnnotationProblem[] = [];

  let text: CaseText | undefined = inlineCaseText(file.text);
  let textName = name;
  if ('markdownFile' in file.text) {
    const textPath = join(dirname(path), file.text.markdownFile);
    textName = relative(options.root, textPath);
    if (!existsSync(textPath))
      problems.push(makeProblem(textName, undefined, '', 'the case text file does not exist'));
    else {
      const parsed = parseCaseText(readFileSync(textPath, 'utf8'), textName);
      if (parsed.ok) text = parsed.text;
      else problems.push(...parsed.problems);
    }
  }
  if (text) problems.push(...checkTextLinks(file, text, name, textName));

  const caseDir = join(options.sampleDir, file.caseId);
  const manifestPath = join(caseDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    problems.push(
      makeProblem(
        name,
        undefined,
        '',
        `no generated images for case '${file.caseId}' (${relative(options.root, manifestPath)} is missing): run npm run generate`,
      ),
    );
    return { file: name, problems, ...empty, annotationCount: file.annotations.length };
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  if (manifest.caseId !== file.caseId) {
    problems.push(
      makeProblem(
        name,
        undefined,
        'caseId',
        `caseId '${file.caseId}' does not match the manifest's '${manifest.caseId}'`,
      ),
    );
  }
  // The radiograph's midline column: where the mid-sagittal plane (x = midline) projects, when truth.json says how.
  const truthPath = join(caseDir, 'truth.json');
  const midlineColumn: Record<string, number> = {};
  if (existsSync(truthPath)) {
    const { projection } = JSON.parse(readFileSync(truthPath, 'utf8')) as CaseTruth;
    const onMidline = worldPoint(options.midlineXMm ?? 0, 0, 0);
    midlineColumn[projection.seriesKey] = projectToRadiograph(projection, onMidline)[0];
  }
  const report = checkAnnotationsAgainstImages(file, manifest, fileImageSource(manifest, caseDir), name, {
    midlineXMm: options.midlineXMm ?? 0,
    midlineColumn,
  });
  problems.push(...report.problems);
  // The key image (where the case opens) must be an image of the case; its instance number must agree.
  if (file.keyImage) {
    const key = placeKeyImage(file.keyImage, manifest);
    for (const issue of key.ok ? key.warnings : key.issues) {
      problems.push(makeProblem(name, undefined, issue.field, issue.detail));
    }
  }
  return {
    file: name,
    problems,
    checked: report.checked,
    placementOnly: report.placementOnly,
    annotationCount: file.annotations.length,
  };
}

/** Tour and quiz files: `<caseId>.tour.json`, `<caseId>.quiz.json` beside `<caseId>.json`. */
const teachingFileSuffixes = { tour: '.tour.json', quiz: '.quiz.json' } as const;
const isTeachingFile = (name: string): boolean =>
  Object.values(teachingFileSuffixes).some((suffix) => name.endsWith(suffix));

/** Every annotations file of the project (schema, tour and quiz files excluded). */
export function annotationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json') && !isTeachingFile(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The result for one tour or quiz file. */
export interface TeachingFileReport {
  readonly file: string;
  readonly kind: keyof typeof teachingFileSuffixes;
  readonly problems: readonly AnnotationProblem[];
  readonly warnings: readonly AnnotationProblem[];
  /** How many steps or questions it holds (0 when it could not be read). */
  readonly count: number;
  /** One line on what the file holds, for the report (empty when it could not be read). */
  readonly summary: string;
  /** What each measure question's answer ROI measured (quizzes). */
  readonly measured: readonly MeasuredAnswer[];
}

/** The case a tour or quiz is checked against, or why it cannot be. */
function caseContextOf(annotationsPath: string, options: ValidateOptions): CaseContext | string {
  const annotationsName = relative(options.root, annotationsPath);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(annotationsPath, 'utf8'));
  } catch {
    return `${annotationsName} cannot be read`;
  }
  const validated = validateAnnotationFile(raw, annotationsName);
  if (!validated.ok) return `${annotationsName} has problems of its own`;
  const annotations = validated.file;
  const manifestPath = join(options.sampleDir, annotations.caseId, 'manifest.json');
  if (!existsSync(manifestPath))
    return `no generated images (${relative(options.root, manifestPath)} is missing)`;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  let text: CaseText | undefined = inlineCaseText(annotations.text);
  let textName = annotationsName;
  if ('markdownFile' in annotations.text) {
    const textPath = join(dirname(annotationsPath), annotations.text.markdownFile);
    textName = relative(options.root, textPath);
    const parsed = existsSync(textPath) ? parseCaseText(readFileSync(textPath, 'utf8'), textName) : undefined;
    text = parsed?.ok ? parsed.text : undefined;
  }
  return {
    manifest,
    annotations,
    annotationsName,
    textName,
    ...(text ? { sectionIds: text.sections.map((s) => s.id), textSections: text.sections } : {}),
  };
}

/**
 * Validates the tour and quiz files beside an annotations file: their schemas, then against the case (images
 * in the manifest, ids in the annotations file and the text, locate targets, measure ranges on the pixels).
 * A case without a tour or a quiz is fine: only the files that exist are reported.
 * @param annotationsPath - the annotations JSON file
 * @param options - folders
 */
export function validateTeachingFilesBeside(
  annotationsPath: string,
  options: ValidateOptions,
): TeachingFileReport[] {
  const base = annotationsPath.replace(/\.json$/, '');
  const reports: TeachingFileReport[] = [];
  let context: CaseContext | string | undefined;
  for (const kind of ['tour', 'quiz'] as const) {
    const path = `${base}${teachingFileSuffixes[kind]}`;
    if (!existsSync(path)) continue;
    const name = relative(options.root, path);
    const report = (r: Partial<TeachingFileReport>): TeachingFileReport => ({
      file: name,
      kind,
      problems: [],
      warnings: [],
      count: 0,
      summary: '',
      measured: [],
      ...r,
    });
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const detail = `cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`;
      reports.push(report({ problems: [makeProblem(name, undefined, '', detail)] }));
      continue;
    }
    const validated = kind === 'tour' ? validateTourFile(raw, name) : validateQuizFile(raw, name);
    if (!validated.ok) {
      reports.push(report({ problems: validated.problems }));
      continue;
    }
    context ??= caseContextOf(annotationsPath, options);
    const notChecked = (why: string) => [
      makeProblem(name, undefined, '', `not checked against the case: ${why}`),
    ];
    if ('steps' in validated.file) {
      const tour = validated.file;
      const problems =
        typeof context === 'string' ? notChecked(context) : checkTourAgainstCase(tour, context, name);
      const stages = tour.steps.flatMap((s, i) => (s.reveal ? [`${s.reveal} at step ${i + 1}`] : []));
      const layouts = [
        ...new Set(tour.steps.map((s) => s.view.layout ?? `${s.view.viewports.length} viewports`)),
      ];
      const summary = `reveals ${stages.join(', ') || 'nothing'}; layouts ${layouts.join(', ')}; ${tour.steps.filter((s) => s.view.highlightedFinding).length} steps highlight a finding`;
      reports.push(report({ problems, warnings: validated.warnings, count: tour.steps.length, summary }));
    } else if ('questions' in validated.file) {
      const quiz = validated.file;
      if (typeof context === 'string') {
        reports.push(report({ problems: notChecked(context), count: quiz.questions.length }));
        continue;
      }
      const caseDir = join(options.sampleDir, context.manifest.caseId);
      const checked = checkQuizAgainstCase(quiz, context, fileImageSource(context.manifest, caseDir), name);
      reports.push(
        report({
          problems: checked.problems,
          warnings: validated.warnings,
          count: quiz.questions.length,
          summary: (['locate', 'choose', 'measure'] as const)
            .map((kind) => `${quiz.questions.filter((q) => q.kind === kind).length} ${kind}`)
            .join(', '),
          measured: checked.measured,
        }),
      );
    }
  }
  return reports;
}

/** Tour and quiz files in `dir` with no annotations file of their case beside them. */
export function orphanTeachingFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => isTeachingFile(f) && !existsSync(join(dir, f.replace(/\.(tour|quiz)\.json$/, '.json'))))
    .sort()
    .map((f) => join(dir, f));
}

const round = (v: number | undefined) =>
  v === undefined ? '?' : Math.abs(v) < 1 ? v.toFixed(2) : v.toFixed(0);

function main(): void {
  const args = process.argv.slice(2);
  // A tour or quiz file named on the command line is checked with the annotations file of its case.
  const named = args.map((a) => resolve(a).replace(/\.(tour|quiz)\.json$/, '.json'));
  const files = args.length > 0 ? [...new Set(named)] : annotationFiles(join(root, 'annotations'));
  if (files.length === 0) {
    console.error('validate: no annotations files found in annotations/');
    process.exit(1);
  }
  let failures = 0;
  for (const path of files) {
    const report = validateAnnotationsFile(path, { root, sampleDir: join(root, 'sample-dicom') });
    console.log(`\n${report.file}: ${report.annotationCount} annotations`);
    for (const c of report.checked) {
      const numbers = Object.entries(c.result.measured)
        .map(([k, v]) => `${k} ${round(v)}`)
        .join(', ');
      console.log(`  ${c.result.ok ? 'ok  ' : 'FAIL'} ${c.annotationId} (${c.claim}): ${numbers}`);
    }
    if (report.placementOnly.length > 0) {
      console.log(`  placement checked only (no pixel claim): ${report.placementOnly.join(', ')}`);
    }
    for (const p of report.problems) console.error(`  ERROR ${p.message}`);
    failures += report.problems.length;
    for (const teaching of validateTeachingFilesBeside(path, {
      root,
      sampleDir: join(root, 'sample-dicom'),
    })) {
      const what = teaching.kind === 'tour' ? 'steps' : 'questions';
      console.log(
        `\n${teaching.file}: ${teaching.count} ${what}${teaching.summary ? ` (${teaching.summary})` : ''}`,
      );
      for (const m of teaching.measured) {
        const ok = m.answer.mean >= m.range.min && m.answer.mean <= m.range.max;
        console.log(
          `  ${ok ? 'ok  ' : 'FAIL'} ${m.questionId} (measure): answer ROI mean ${round(m.answer.mean)} ± ${round(m.answer.standardDeviation)} over ${m.answer.pixels} pixels, moved 1 mm ${round(m.shiftedMeans[0])} to ${round(m.shiftedMeans[1])}; range ${m.range.min} to ${m.range.max}`,
        );
      }
      for (const w of teaching.warnings) console.log(`  warning ${w.message}`);
      for (const p of teaching.problems) console.error(`  ERROR ${p.message}`);
      failures += teaching.problems.length;
    }
  }
  if (args.length === 0) {
    for (const orphan of orphanTeachingFiles(join(root, 'annotations'))) {
      const name = relative(root, orphan);
      console.error(
        `  ERROR ${name}: no annotations file of its case beside it (${name.replace(/\.(tour|quiz)\.json$/, '.json')})`,
      );
      failures += 1;
    }
  }
  if (failures > 0) {
    console.error(`\nvalidate: ${failures} problem${failures === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log('\nvalidate: all annotations, tour and quiz files are consistent with their text and images');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
