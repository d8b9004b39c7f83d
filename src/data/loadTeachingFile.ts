/**
 * Fetches and validates one optional teaching file of a case (its tour, its quiz). A missing file (HTTP 404) is
 * not an error: the case simply has none. Never throws; every failure is a typed result with messages naming
 * the file. No DOM, no rendering.
 */
import type { AnnotationProblem } from '../model/AnnotationProblem.ts';
import { makeProblem } from '../model/AnnotationProblem.ts';

/** A loaded teaching file, its absence, or every problem that stopped it loading. */
export type TeachingFileLoad<T> =
  | { readonly kind: 'loaded'; readonly file: T; readonly warnings: readonly AnnotationProblem[] }
  /** HTTP 404: the case has no such file; not an error, nothing to show. */
  | { readonly kind: 'absent' }
  /** Bad JSON, schema errors, a network error or another HTTP status. */
  | { readonly kind: 'invalid'; readonly problems: readonly AnnotationProblem[] };

/** A file kind's validator: `validateTourFile`, `validateQuizFile`. */
export type TeachingFileValidator<T> = (
  raw: unknown,
  fileName: string,
  expectedCaseId?: string,
) =>
  | { readonly ok: true; readonly file: T; readonly warnings: readonly AnnotationProblem[] }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/** Options of the loaders. */
export interface TeachingFileLoadOptions {
  /** Injectable for tests; defaults to the global fetch. */
  readonly fetchFn?: typeof fetch;
  /** How messages name the file; defaults to the URL's path without the leading slash. */
  readonly displayName?: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** JSON.parse with a message that gives line and column, the same on every engine. */
export function parseJsonText(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Newer V8 appends its own "(line 4 column 3)": strip it and compute one format everywhere.
    const message = messageOf(error).replace(/\s*\(line \d+ column \d+\)$/, '');
    const position = /at position (\d+)/.exec(message);
    if (!position) return { error: `is not valid JSON: ${message}` };
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { error: `is not valid JSON: ${message} (line ${line}, column ${column})` };
  }
}

/**
 * Fetches, migrates and validates a teaching file.
 * @param url - URL of the JSON file (relative URLs resolve against the page)
 * @param caseId - the open case: the file's caseId must equal it
 * @param validate - the file kind's validator
 * @param options - fetch and display name
 */
export async function loadTeachingFile<T>(
  url: string,
  caseId: string,
  validate: TeachingFileValidator<T>,
  options: TeachingFileLoadOptions = {},
): Promise<TeachingFileLoad<T>> {
  let name = options.displayName ?? url;
  const invalid = (detail: string): TeachingFileLoad<T> => ({
    kind: 'invalid',
    problems: [makeProblem(name, undefined, '', detail)],
  });
  try {
    const href = new URL(url, globalThis.location?.href ?? 'http://localhost/').href;
    name = options.displayName ?? decodeURIComponent(new URL(href).pathname.replace(/^\//, ''));
    let response: Response;
    try {
      response = await (options.fetchFn ?? fetch)(href);
    } catch (error) {
      return invalid(`could not be fetched (${messageOf(error)})`);
    }
    if (response.status === 404) return { kind: 'absent' };
    if (!response.ok) {
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      return invalid(`could not be loaded (HTTP ${status})`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return invalid(`could not be read (${messageOf(error)})`);
    }
    // A server that answers every unknown path with its index page (a single-page-app fallback) sends HTML.
    if (/^\s*</.test(text) && (response.headers.get('content-type') ?? '').includes('html')) {
      return invalid(
        'is not JSON but an HTML page: the file may be missing and the server sent its index page',
      );
    }
    const parsed = parseJsonText(text);
    if ('error' in parsed) return invalid(parsed.error);
    const validated = validate(parsed.value, name, caseId);
    return validated.ok
      ? { kind: 'loaded', file: validated.file, warnings: validated.warnings }
      : { kind: 'invalid', problems: validated.problems };
  } catch (error) {
    // Unreachable by design; a last guard so no caller ever sees an exception from here.
    return invalid(`could not be loaded (${messageOf(error)})`);
  }
}
