/**
 * Fetches a case's teaching layer: the annotations JSON (migrated and validated) and its Markdown text, and
 * checks the links between them. Never throws: a bad file comes back as a typed result with precise
 * messages, so the viewer can show them and keep the images usable. No DOM, no rendering.
 */
import type { AnnotationProblem } from '../model/AnnotationProblem.ts';
import { makeProblem } from '../model/AnnotationProblem.ts';
import { type CaseText, type CaseTextResult, inlineCaseText, parseCaseText } from '../model/CaseText.ts';
import { checkTextLinks } from '../model/checkTextLinks.ts';
import type { AnnotationFile } from '../model/TeachingAnnotation.ts';
import { validateAnnotationFile } from '../model/validateAnnotationFile.ts';

/** Options shared by the loaders. */
export interface LoadOptions {
  /** Injectable for tests; defaults to the global fetch. */
  readonly fetchFn?: typeof fetch;
  /** How messages name the file; defaults to the URL's path without the leading slash. */
  readonly displayName?: string;
}

/** A loaded annotations file, or every problem that stopped it loading. */
export type LoadAnnotationsResult =
  | { readonly ok: true; readonly file: AnnotationFile; readonly url: string }
  | {
      readonly ok: false;
      readonly problems: readonly AnnotationProblem[];
      /** HTTP 404: there is no such file (a case without teaching annotations, when it is the default URL). */
      readonly absent?: true;
    };

/** The teaching layer: annotations (required) and text (optional), with non-fatal problems to show. */
export type LoadTeachingResult =
  | {
      readonly ok: true;
      readonly file: AnnotationFile;
      /** Absent when the text could not be loaded; the overlays still work. */
      readonly text: CaseText | undefined;
      /** Problems that do not stop the annotations from showing (text missing, broken links). */
      readonly warnings: readonly AnnotationProblem[];
    }
  | Extract<LoadAnnotationsResult, { ok: false }>;

const absolute = (url: string): string => new URL(url, globalThis.location?.href ?? 'http://localhost/').href;

const nameOf = (url: string, options: LoadOptions): string =>
  options.displayName ?? decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Fetches a text file; the error is a sentence naming the file. */
async function fetchText(
  url: string,
  fetchFn: typeof fetch,
): Promise<{ text: string } | { error: string; status?: number }> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (error) {
    return { error: `could not be fetched (${messageOf(error)})` };
  }
  if (!response.ok) {
    return {
      error: `could not be loaded (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''})`,
      status: response.status,
    };
  }
  try {
    return { text: await response.text() };
  } catch (error) {
    return { error: `could not be read (${messageOf(error)})` };
  }
}

/** JSON.parse with a message that gives line and column. */
function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Newer V8 (Node 24, current Chromium) appends its own "(line 4 column 3)": one format on every engine.
    const message = messageOf(error).replace(/\s*\(line \d+ column \d+\)$/, '');
    const position = /at position (\d+)/.exec(message);
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      return { error: `is not valid JSON: ${message} (line ${line}, column ${column})` };
    }
    return { error: `is not valid JSON: ${message}` };
  }
}

/**
 * Fetches, migrates and validates an annotations file.
 * @param url - URL of the JSON file
 * @param options - fetch, display name, and the case id the file must belong to
 */
export async function loadAnnotations(
  url: string,
  options: LoadOptions & { readonly expectedCaseId?: string } = {},
): Promise<LoadAnnotationsResult> {
  try {
    const href = absolute(url);
    const name = nameOf(href, options);
    const fetched = await fetchText(href, options.fetchFn ?? fetch);
    if ('error' in fetched) {
      const problems = [makeProblem(name, undefined, '', fetched.error)];
      return fetched.status === 404 ? { ok: false, problems, absent: true } : { ok: false, problems };
    }
    const parsed = parseJson(fetched.text);
    if ('error' in parsed) return { ok: false, problems: [makeProblem(name, undefined, '', parsed.error)] };
    const validated = validateAnnotationFile(parsed.value, name, options.expectedCaseId);
    return validated.ok ? { ok: true, file: validated.file, url: href } : validated;
  } catch (error) {
    // Unreachable by design; a last guard so no caller ever sees an exception from here.
    const name = options.displayName ?? url;
    return {
      ok: false,
      problems: [makeProblem(name, undefined, '', `could not be loaded (${messageOf(error)})`)],
    };
  }
}

/**
 * Fetches and parses the case text (Markdown with `{#id}` headings).
 * @param url - URL of the Markdown file
 * @param options - fetch and display name
 */
export async function loadCaseText(url: string, options: LoadOptions = {}): Promise<CaseTextResult> {
  try {
    const href = absolute(url);
    const name = nameOf(href, options);
    const fetched = await fetchText(href, options.fetchFn ?? fetch);
    if ('error' in fetched) return { ok: false, problems: [makeProblem(name, undefined, '', fetched.error)] };
    return parseCaseText(fetched.text, name);
  } catch (error) {
    const name = options.displayName ?? url;
    return {
      ok: false,
      problems: [makeProblem(name, undefined, '', `could not be loaded (${messageOf(error)})`)],
    };
  }
}

/**
 * Loads the annotations file and the text it points at, and checks links both ways. Only a bad annotations
 * file is fatal; a missing or broken text, or broken links, come back as warnings.
 * @param url - URL of the annotations JSON
 * @param options - fetch and the expected case id
 */
export async function loadTeachingLayer(
  url: string,
  options: Omit<LoadOptions, 'displayName'> & { readonly expectedCaseId?: string } = {},
): Promise<LoadTeachingResult> {
  const annotations = await loadAnnotations(url, options);
  if (!annotations.ok) return annotations;
  const { file } = annotations;
  const jsonName = nameOf(annotations.url, {});
  let text: CaseText | undefined = inlineCaseText(file.text);
  let textName = jsonName;
  const warnings: AnnotationProblem[] = [];
  if ('markdownFile' in file.text) {
    const textUrl = new URL(file.text.markdownFile, annotations.url).href;
    textName = nameOf(textUrl, {});
    const loaded = await loadCaseText(textUrl, options);
    if (loaded.ok) text = loaded.text;
    else warnings.push(...loaded.problems);
  }
  if (text) warnings.push(...checkTextLinks(file, text, jsonName, textName));
  return { ok: true, file, text, warnings };
}
