// `npm run validate`: checks every annotations/*.json against its schema, its case text and the case's images
// (series, SOP instances, frames, bounds, and pixels under each finding). Node only; exits non-zero on problems.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CheckedFinding,
  checkAnnotationsAgainstImages,
  type ImageFromFile,
  type ImageSource,
} from '../authoring/checkAnnotationsAgainstImages.ts';
import { projectToRadiograph } from '../authoring/projectToRadiograph.ts';
import type { CaseTruth } from '../generator/CaseTruth.ts';
import { decodeDicomImage } from '../src/data/decodeDicomImage.ts';
import type { AnnotationProblem } from '../src/model/AnnotationProblem.ts';
import { makeProblem } from '../src/model/AnnotationProblem.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { type CaseText, inlineCaseText, parseCaseText } from '../src/model/CaseText.ts';
import { checkTextLinks } from '../src/model/checkTextLinks.ts';
import { worldPoint } from '../src/model/geometry.ts';
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

/** Every annotations file of the project (schema files excluded). */
export function annotationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(dir, f));
}

const round = (v: number | undefined) =>
  v === undefined ? '?' : Math.abs(v) < 1 ? v.toFixed(2) : v.toFixed(0);

function main(): void {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((a) => resolve(a)) : annotationFiles(join(root, 'annotations'));
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
  }
  if (failures > 0) {
    console.error(`\nvalidate: ${failures} problem${failures === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log('\nvalidate: all annotations files are consistent with their text and images');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
