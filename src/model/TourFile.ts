/**
 * A guided tour of a case: ordered steps, each a title, a caption and the view it sets. One record per
 * file: the type, its validator, the version constants and migrations together. Pure.
 */
import schema from '../../annotations/tourFile.schema.json';
import { type AnnotationProblem, makeProblem, type ProblemRecord } from './AnnotationProblem.ts';
import { checkStepView } from './checkStepView.ts';
import { caseIdProblem, compileSchemaLazily } from './compileSchema.ts';
import { describeSchemaErrors, type RecordArray } from './describeSchemaErrors.ts';
import {
  migrateTeachingFile,
  type TeachingFileMigrationResult,
  type TeachingFileMigrations,
} from './migrateTeachingFile.ts';
import { isRevealed, type RevealStage } from './RevealStage.ts';
import type { StepView } from './StepView.ts';

/** Versions of the tour file, oldest first. */
export const tourFileVersions = {
  /** Steps with title, caption or section, view, reveal and transition. */
  first: 1,
} as const;

/** The version this code reads and writes. */
export const currentTourFileVersion = tourFileVersions.first;

/** How the viewer moves to a step: through the slices between (a short cine) or at once. */
export type StepTransition = 'scroll' | 'jump';

/** One step of a tour. */
export interface TourStep {
  /** Unique in the file. */
  readonly id: string;
  readonly title: string;
  /** Sanitised Markdown shown under the title. A step has a caption, a section, or both. */
  readonly caption?: string;
  /** Id of a case-text section the step links to (shown beside or instead of the caption). */
  readonly section?: string;
  readonly view: StepView;
  /** The reveal stage this step reaches in an unknown case (never goes back). */
  readonly reveal?: RevealStage;
  /** Absent: `scroll` when the step stays on a series already on screen, else `jump`. */
  readonly transition?: StepTransition;
}

/** A tour file: `annotations/<caseId>.tour.json`. */
export interface TourFile {
  readonly $schema?: string;
  readonly schemaVersion: typeof currentTourFileVersion;
  readonly caseId: string;
  readonly title: string;
  readonly description?: string;
  readonly steps: readonly TourStep[];
}

/** Every field of a step, to compare with the schema's (tests): a field added to the type must be listed. */
export const tourStepFields = {
  id: true,
  title: true,
  caption: true,
  section: true,
  view: true,
  reveal: true,
  transition: true,
} as const satisfies Record<keyof TourStep, true>;

/** Every field of a tour file, to compare with the schema's (tests). */
export const tourFileFields = {
  $schema: true,
  schemaVersion: true,
  caseId: true,
  title: true,
  description: true,
  steps: true,
} as const satisfies Record<keyof TourFile, true>;

/**
 * Upgrade steps keyed by the version they upgrade from (none yet: version 1 is the first). To add version 2:
 * add `second: 2` to {@link tourFileVersions}, point {@link currentTourFileVersion} at it, write the step here
 * under key 1 (`[tourFileVersions.first]: (file) => ({ ...file, schemaVersion: 2, ... })`), update the schema
 * and the types, and test that a version-1 file loads.
 */
export const tourFileMigrations: TeachingFileMigrations = {};

/**
 * Brings a tour file of an older version up to the current one (unvalidated). A file without a version, or of a
 * newer version than this code reads, is refused with a sentence saying so.
 * @param raw - the parsed JSON
 * @param fileName - shown in messages
 * @param migrations - the upgrade chain (tests pass their own)
 * @param currentVersion - the version to reach (tests pass their own)
 */
export function migrateTourFile(
  raw: unknown,
  fileName: string,
  migrations: TeachingFileMigrations = tourFileMigrations,
  currentVersion: number = currentTourFileVersion,
): TeachingFileMigrationResult {
  return migrateTeachingFile(raw, fileName, { name: 'tour file', migrations, currentVersion });
}

/** The outcome of {@link validateTourFile}: a typed file with warnings, or every problem found. */
export type TourFileValidation =
  | { readonly ok: true; readonly file: TourFile; readonly warnings: readonly AnnotationProblem[] }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/** The schema, compiled on first use. */
const schemaValidator = compileSchemaLazily(schema);

const stepArrays: readonly RecordArray[] = [{ path: ['steps'], type: 'step' }];

/** Rules across fields and steps the schema cannot state; reveal going back is only a warning. */
function crossFieldProblems(
  file: TourFile,
  fileName: string,
): { problems: AnnotationProblem[]; warnings: AnnotationProblem[] } {
  const problems: AnnotationProblem[] = [];
  const warnings: AnnotationProblem[] = [];
  const firstIndex = new Map<string, number>();
  let reached: { stage: RevealStage; index: number } | undefined;
  file.steps.forEach((step, index) => {
    const record: ProblemRecord = { type: 'step', id: step.id, index };
    const report = (field: string, detail: string) =>
      problems.push(makeProblem(fileName, record, field, detail));
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, index);
    else report('id', `id '${step.id}' is already used by the step at index ${first}`);
    if (step.caption === undefined && step.section === undefined) {
      report('', 'a step needs a caption, a section, or both');
    }
    for (const issue of checkStepView(step.view)) report(issue.field, issue.detail);
    if (step.reveal !== undefined) {
      if (reached && !isRevealed(step.reveal, reached.stage)) {
        warnings.push(
          makeProblem(
            fileName,
            record,
            'reveal',
            `reveal '${step.reveal}' comes after '${reached.stage}' (step at index ${reached.index}) and does nothing: a reveal never goes back`,
          ),
        );
      } else reached = { stage: step.reveal, index };
    }
  });
  return { problems, warnings };
}

/**
 * Validates parsed JSON as a tour file, migrating older versions first: the JSON Schema, then the rules it
 * cannot state (unique step ids, a caption or a section on every step, as many viewports as the layout shows).
 * Text fields are Markdown kept as data: rendering and sanitising is the viewer's job. Never throws.
 * @param raw - the parsed JSON
 * @param fileName - how messages name the file, e.g. `annotations/tumoral-calcinosis-pubis.tour.json`
 * @param expectedCaseId - when given, the file's caseId must equal it
 */
export function validateTourFile(
  raw: unknown,
  fileName: string,
  expectedCaseId?: string,
): TourFileValidation {
  const migrated = migrateTourFile(raw, fileName);
  if (!migrated.ok) return migrated;
  const validate = schemaValidator();
  if (!validate(migrated.value)) {
    return {
      ok: false,
      problems: describeSchemaErrors(validate.errors ?? [], migrated.value, fileName, stepArrays),
    };
  }
  // The trust boundary of tour files: the schema has checked every field's type.
  const file = migrated.value as unknown as TourFile;
  const { problems, warnings } = crossFieldProblems(file, fileName);
  const wrongCase = caseIdProblem(fileName, file.caseId, expectedCaseId);
  if (wrongCase) problems.unshift(wrongCase);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file, warnings };
}
