/**
 * Brings a teaching file (tour, quiz) written for an older schema version up to the current one, before
 * validation: the chain of upgrade steps each file kind declares beside its type. Pure; depends only on the
 * problem type.
 */
import { type AnnotationProblem, makeProblem } from './AnnotationProblem.ts';

/** A JSON object as parsed, before validation. */
export type RawObject = Readonly<Record<string, unknown>>;

/** One upgrade step: takes a file of version n, returns it as version n + 1 (with `schemaVersion` updated). */
export type TeachingFileMigration = (file: RawObject) => RawObject;

/** The upgrade steps of one file kind, keyed by the version they upgrade from. */
export type TeachingFileMigrations = Readonly<Record<number, TeachingFileMigration>>;

/** The outcome: the file at the current version (still unvalidated), or why it cannot be read. */
export type TeachingFileMigrationResult =
  | { readonly ok: true; readonly value: RawObject; readonly fromVersion: number }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/** What kind of file is migrated, for messages: `tour file`, `quiz file`. */
export interface TeachingFileKind {
  readonly name: string;
  readonly migrations: TeachingFileMigrations;
  readonly currentVersion: number;
}

/**
 * Applies the migrations a file needs. A file without `schemaVersion`, or with one newer than this code reads,
 * is refused with a sentence saying so (a newer one asks for a reload: the page is older than the file).
 * @param raw - the parsed JSON
 * @param fileName - shown in problem messages
 * @param kind - the file kind: its name, upgrade chain and current version
 */
export function migrateTeachingFile(
  raw: unknown,
  fileName: string,
  kind: TeachingFileKind,
): TeachingFileMigrationResult {
  const fail = (field: string, detail: string): TeachingFileMigrationResult => ({
    ok: false,
    problems: [makeProblem(fileName, undefined, field, detail)],
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('', `the ${kind.name} must hold a JSON object`);
  }
  let file = raw as RawObject;
  const fromVersion = file.schemaVersion;
  if (fromVersion === undefined) {
    return fail(
      'schemaVersion',
      `missing required field 'schemaVersion' (the version of the ${kind.name} format; this viewer reads ${kind.currentVersion})`,
    );
  }
  if (typeof fromVersion !== 'number' || !Number.isInteger(fromVersion) || fromVersion < 1) {
    return fail(
      'schemaVersion',
      `schemaVersion must be a whole number (1 or more), got ${JSON.stringify(fromVersion)}`,
    );
  }
  if (fromVersion > kind.currentVersion) {
    return fail(
      'schemaVersion',
      `this ${kind.name} was made by a newer version of DICOM Casebook (${kind.name} version ${fromVersion}; ` +
        `this one reads up to ${kind.currentVersion}): reload the page to update it`,
    );
  }
  for (let version = fromVersion; version < kind.currentVersion; version++) {
    const step = kind.migrations[version];
    if (!step) return fail('schemaVersion', `no migration from schemaVersion ${version} to ${version + 1}`);
    file = step(file);
    if (file.schemaVersion !== version + 1) {
      return fail('schemaVersion', `the migration from ${version} did not produce version ${version + 1}`);
    }
  }
  return { ok: true, value: file, fromVersion };
}
