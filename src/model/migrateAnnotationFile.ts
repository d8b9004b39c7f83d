/**
 * Brings an annotations file written for an older schema version up to the current one, before validation.
 * Pure; depends only on src/model.
 */
import { type AnnotationProblem, makeProblem } from './AnnotationProblem.ts';
import {
  ANNOTATION_SCHEMA_V1,
  ANNOTATION_SCHEMA_V2_KEY_IMAGE,
  CURRENT_ANNOTATION_SCHEMA_VERSION,
} from './TeachingAnnotation.ts';

/** A JSON object as parsed, before validation. */
export type RawObject = Readonly<Record<string, unknown>>;

/** One upgrade step: takes a file of version n, returns it as version n + 1 (with `schemaVersion` updated). */
export type AnnotationMigration = (file: RawObject) => RawObject;

/**
 * Upgrade steps keyed by the version they upgrade from. To add a version: write the step here under the key
 * of the version it upgrades, bump CURRENT_ANNOTATION_SCHEMA_VERSION, update the schema and the types, and
 * add a test that a file of the older version loads.
 */
export const annotationMigrations: Readonly<Record<number, AnnotationMigration>> = {
  // v1 -> v2: v2 only adds the optional keyImage; a v1 file has none and opens on the middle image as before.
  [ANNOTATION_SCHEMA_V1]: (file) => ({ ...file, schemaVersion: ANNOTATION_SCHEMA_V2_KEY_IMAGE }),
};

/** The outcome: the file at the current version (still unvalidated), or why it cannot be read. */
export type MigrationResult =
  | { readonly ok: true; readonly value: RawObject; readonly fromVersion: number }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/**
 * Applies the migrations a file needs.
 * @param raw - the parsed JSON
 * @param fileName - shown in problem messages
 * @param migrations - the upgrade chain (tests pass their own)
 * @param currentVersion - the version to reach
 */
export function migrateAnnotationFile(
  raw: unknown,
  fileName: string,
  migrations: Readonly<Record<number, AnnotationMigration>> = annotationMigrations,
  currentVersion: number = CURRENT_ANNOTATION_SCHEMA_VERSION,
): MigrationResult {
  const fail = (field: string, detail: string): MigrationResult => ({
    ok: false,
    problems: [makeProblem(fileName, undefined, field, detail)],
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('', 'the file must hold a JSON object');
  }
  let file = raw as RawObject;
  const fromVersion = file.schemaVersion;
  if (typeof fromVersion !== 'number' || !Number.isInteger(fromVersion) || fromVersion < 1) {
    return fail('schemaVersion', 'schemaVersion must be a whole number (1 or more)');
  }
  if (fromVersion > currentVersion) {
    return fail(
      'schemaVersion',
      `schemaVersion ${fromVersion} is newer than this viewer understands (${currentVersion}); update the viewer`,
    );
  }
  for (let version = fromVersion; version < currentVersion; version++) {
    const step = migrations[version];
    if (!step) return fail('schemaVersion', `no migration from schemaVersion ${version} to ${version + 1}`);
    file = step(file);
    if (file.schemaVersion !== version + 1) {
      return fail('schemaVersion', `the migration from ${version} did not produce version ${version + 1}`);
    }
  }
  return { ok: true, value: file, fromVersion };
}
