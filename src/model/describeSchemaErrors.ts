/**
 * Turns ajv's JSON Schema errors on a teaching file (tour, quiz) into sentences naming file, record and field:
 * `annotations/x.tour.json: step 'levels-bone' (index 3): view.viewports[0].image.SOPInstanceUID must be a
 * string`. Pure; depends on the problem type only (ajv's error objects are plain data).
 */
import type { ErrorObject } from 'ajv';
import { type AnnotationProblem, makeProblem, type ProblemRecord } from './AnnotationProblem.ts';

/**
 * An array of records with ids, and how messages name its items; `nested` arrays sit inside each item (a
 * question's options).
 */
export interface RecordArray {
  readonly path: readonly string[];
  readonly type: ProblemRecord['type'];
  readonly nested?: readonly RecordArray[];
}

/** Reads a value by JSON-pointer segments, without trusting its shape. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value: unknown = root;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A record as messages name it: by id when it has a readable one, always by index. */
export function recordOf(
  type: ProblemRecord['type'],
  value: unknown,
  index: number,
  within?: ProblemRecord,
): ProblemRecord {
  const id = valueAt(value, ['id']);
  const usable = typeof id === 'string' && id.length > 0 && id.length <= 64;
  return { type, ...(usable ? { id } : {}), index, ...(within ? { within } : {}) };
}

/** Splits a JSON pointer into the (innermost) record it falls in, if any, and the field path inside it. */
function locate(
  root: unknown,
  segments: readonly string[],
  arrays: readonly RecordArray[],
  within?: ProblemRecord,
): { record?: ProblemRecord; recordValue?: unknown; fieldSegments: readonly string[] } {
  for (const { path, type, nested } of arrays) {
    const indexText = segments[path.length];
    if (!path.every((p, i) => segments[i] === p) || indexText === undefined || !/^\d+$/.test(indexText)) {
      continue;
    }
    const recordValue = valueAt(root, [...path, indexText]);
    const record = recordOf(type, recordValue, Number(indexText), within);
    const rest = segments.slice(path.length + 1);
    if (nested) {
      const inner = locate(recordValue, rest, nested, record);
      if (inner.record) return inner;
    }
    return { record, recordValue, fieldSegments: rest };
  }
  return { fieldSegments: segments };
}

/** `['view', 'viewports', '0', 'image']` → `view.viewports[0].image`. */
export function fieldPath(segments: readonly string[]): string {
  return segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const quoteList = (values: readonly unknown[]): string => values.map((v) => `'${String(v)}'`).join(', ');

/** What a failed pattern means, told by the pattern itself. */
function patternMeaning(pattern: unknown): string {
  if (pattern === '^[0-9]+(\\.[0-9]+)*$') return 'is not a DICOM UID (digits separated by dots)';
  if (pattern === '^[a-z0-9][a-z0-9-]*$') return 'is not an id (lower-case letters, digits and hyphens)';
  return 'has the wrong form';
}

/** `type` may be one name or a list (`["string", "null"]`). */
function typeText(type: unknown): string {
  const names = String(type).split(',');
  return names.map((name) => (name === 'null' ? 'null' : article(name))).join(' or ');
}

/** One ajv error as a sentence; `undefined` for errors that only echo others (`if`). */
function describeError(
  error: ErrorObject,
  root: unknown,
  fileName: string,
  arrays: readonly RecordArray[],
): AnnotationProblem | undefined {
  if (error.keyword === 'if') return undefined;
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const { record, recordValue, fieldSegments } = locate(root, segments, arrays);
  const field = fieldPath(fieldSegments);
  const subject = field || (record ? 'this record' : 'the file');
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const limit = typeof params.limit === 'number' ? params.limit : 0;
  let detail: string;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      detail = `${field ? `${field}: ` : ''}missing required field '${missing}'`;
      break;
    }
    case 'additionalProperties':
      detail = `${field ? `${field}: ` : ''}unknown field '${String(params.additionalProperty)}'`;
      break;
    case 'false schema': {
      const kind = valueAt(recordValue, ['kind']);
      const name = fieldSegments.at(-1) ?? '';
      detail =
        typeof kind === 'string' && fieldSegments.length === 1
          ? `field '${name}' is not allowed on a ${kind} question`
          : `${field} is not allowed here`;
      break;
    }
    case 'type':
      detail = `${subject} must be ${typeText(params.type)}`;
      break;
    case 'minItems':
    case 'maxItems': {
      const count = Array.isArray(data) ? data.length : 0;
      const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
      const word = /(panMm|centreMm)$/.test(field) ? 'number' : 'item';
      detail = `${subject} must have ${bound} ${plural(limit, word)}, has ${count}`;
      break;
    }
    case 'minLength':
      detail =
        limit <= 1 ? `${subject} must not be empty` : `${subject} must have at least ${limit} characters`;
      break;
    case 'maxLength':
      detail = `${subject} must have at most ${limit} characters (has ${typeof data === 'string' ? data.length : '?'})`;
      break;
    case 'pattern':
      detail = `${subject} '${String(data)}' ${patternMeaning(params.pattern)}`;
      break;
    case 'enum':
      detail = `${subject} must be one of ${quoteList((params.allowedValues as unknown[]) ?? [])} (got ${JSON.stringify(data)})`;
      break;
    case 'const':
      detail = `${subject} must be ${JSON.stringify(params.allowedValue)} (got ${JSON.stringify(data)})`;
      break;
    case 'uniqueItems':
      detail = `${subject} lists the same value twice (items ${String(params.j)} and ${String(params.i)})`;
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = {
        minimum: 'at least',
        maximum: 'at most',
        exclusiveMinimum: 'more than',
        exclusiveMaximum: 'less than',
      };
      detail = `${subject} must be ${words[error.keyword]} ${limit} (got ${JSON.stringify(data)})`;
      break;
    }
    default:
      detail = `${subject} ${error.message ?? 'is invalid'}`;
  }
  return makeProblem(fileName, record, field, detail);
}

/**
 * Every ajv error of one validation as a problem, duplicates dropped, in ajv's order.
 * @param errors - `validate.errors` after a failed validation (compiled with `allErrors`, `verbose`)
 * @param root - the value that was validated
 * @param fileName - how messages name the file
 * @param arrays - the record arrays of this kind of file
 */
export function describeSchemaErrors(
  errors: readonly ErrorObject[],
  root: unknown,
  fileName: string,
  arrays: readonly RecordArray[],
): AnnotationProblem[] {
  const seen = new Set<string>();
  const problems: AnnotationProblem[] = [];
  // A field that is not allowed at all (a locate question's `options`): what else is wrong inside it is noise.
  const forbidden = errors.filter((e) => e.keyword === 'false schema').map((e) => e.instancePath);
  const insideForbidden = (e: ErrorObject) =>
    e.keyword !== 'false schema' &&
    forbidden.some((path) => e.instancePath === path || e.instancePath.startsWith(`${path}/`));
  for (const error of errors) {
    if (insideForbidden(error)) continue;
    const problem = describeError(error, root, fileName, arrays);
    if (problem && !seen.has(problem.message)) {
      seen.add(problem.message);
      problems.push(problem);
    }
  }
  return problems;
}
