/**
 * Validates an annotations file: migration, the JSON Schema (ajv, draft 2020-12) and the rules a schema cannot
 * state (unique ids, known categories, sane shapes), with messages that name file, record and field.
 * Pure; no DOM, no fetching, no images (image checks live in src/teaching).
 */
import type { ErrorObject } from 'ajv/dist/2020';
import schema from '../../annotations/annotationFile.schema.json';
import { type AnnotationProblem, makeProblem, type ProblemRecord } from './AnnotationProblem.ts';
import { caseIdProblem, compileSchemaLazily } from './compileSchema.ts';
import { migrateAnnotationFile, type RawObject } from './migrateAnnotationFile.ts';
import type { AnnotationFile, TeachingAnnotation } from './TeachingAnnotation.ts';

/** The outcome of validation: a typed file, or every problem found. */
export type AnnotationFileValidation =
  | { readonly ok: true; readonly file: AnnotationFile }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

/**
 * The schema, compiled on first use. It is not checked against the draft 2020-12 meta-schema here (that
 * compile took more than half the time, on the main thread while the learner may be scrolling);
 * validateAnnotationFile.test.ts checks it instead.
 */
const schemaValidator = compileSchemaLazily(schema);

/** The arrays whose items are records with ids, and how messages name them. */
const recordArrays: readonly { readonly path: readonly string[]; readonly type: ProblemRecord['type'] }[] = [
  { path: ['annotations'], type: 'annotation' },
  { path: ['categories'], type: 'category' },
  { path: ['text', 'sections'], type: 'section' },
];

/** Reads a value by JSON-pointer segments, without trusting its shape. */
function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value: unknown = root;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Splits a JSON pointer into the record it falls in (if any) and the field path inside it. */
function locate(
  root: unknown,
  instancePath: string,
): { record?: ProblemRecord; recordValue?: unknown; fieldSegments: string[] } {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  for (const { path, type } of recordArrays) {
    const matches = path.every((p, i) => segments[i] === p);
    const indexText = segments[path.length];
    if (matches && indexText !== undefined && /^\d+$/.test(indexText)) {
      const index = Number(indexText);
      const recordValue = valueAt(root, [...path, indexText]);
      const id = valueAt(recordValue, ['id']);
      const record: ProblemRecord =
        typeof id === 'string' && id.length > 0 && id.length <= 64 ? { type, id, index } : { type, index };
      return { record, recordValue, fieldSegments: segments.slice(path.length + 1) };
    }
  }
  return { fieldSegments: segments };
}

/** `['points', '2', 'x']` → `points[2].x`. */
function fieldPath(segments: readonly string[]): string {
  return segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const quoteList = (values: readonly unknown[]): string => values.map((v) => `'${String(v)}'`).join(', ');

/** What a pattern error means, told by the definition that failed. */
function patternMeaning(schemaPath: string): string {
  if (schemaPath.includes('/$defs/uid/')) return 'is not a DICOM UID (digits separated by dots)';
  if (schemaPath.includes('/$defs/colour/')) return 'is not a colour of the form #rrggbb';
  if (schemaPath.includes('/$defs/id/')) return 'is not an id (lower-case letters, digits and hyphens)';
  if (schemaPath.includes('markdownFile')) return 'is not a file name ending in .md beside the JSON file';
  return 'has the wrong form';
}

/** Turns one ajv error into a sentence; `undefined` for errors that only echo others (`if`). */
function describeAjvError(
  error: ErrorObject,
  root: unknown,
  fileName: string,
): AnnotationProblem | undefined {
  if (error.keyword === 'if') return undefined;
  const { record, recordValue, fieldSegments } = locate(root, error.instancePath);
  const field = fieldPath(fieldSegments);
  const subject = field || (record ? 'this record' : 'the file');
  const kind = valueAt(recordValue, ['kind']);
  const kindText = typeof kind === 'string' ? kind : 'shape';
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const limit = typeof params.limit === 'number' ? params.limit : 0;
  const count = Array.isArray(data) ? data.length : 0;
  const isPointItem = fieldSegments.length === 2 && fieldSegments[0] === 'points';
  let detail: string;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const why =
        field === 'image' && missing === 'FrameOfReferenceUID'
          ? ' (patient-space points must name their frame of reference)'
          : '';
      detail = `${field ? `${field}: ` : ''}missing required field '${missing}'${why}`;
      break;
    }
    case 'additionalProperties':
      detail = `${field ? `${field}: ` : ''}unknown field '${String(params.additionalProperty)}'`;
      break;
    case 'false schema': {
      const parent = fieldSegments.slice(0, -1);
      const name = fieldSegments.at(-1) ?? '';
      if (fieldSegments.join('.') === 'image.FrameOfReferenceUID') {
        detail = `${field} must not be given for a pixel-space annotation (projection images have no frame of reference)`;
      } else if (record?.type === 'annotation' && parent.length === 0) {
        detail = `field '${name}' is not allowed on ${article(kindText)}`;
      } else if (fieldSegments[0] === 'text') {
        detail = 'text: give either markdownFile, or title and sections, not both';
      } else {
        detail = `${field} is not allowed here`;
      }
      break;
    }
    case 'type':
      detail = `${subject} must be ${article(String(params.type))}`;
      break;
    case 'minItems':
    case 'maxItems': {
      const schemaMin = (error.parentSchema as { minItems?: number } | undefined)?.minItems;
      const schemaMax = (error.parentSchema as { maxItems?: number } | undefined)?.maxItems;
      if (isPointItem) {
        const space = valueAt(recordValue, ['space']);
        const form = space === 'pixel' ? '[column, row]' : '[x, y, z] in mm';
        detail = `${field} must have ${limit} numbers ${form}, has ${count}`;
      } else if (field === 'points' && record?.type === 'annotation') {
        const exact = schemaMin !== undefined && schemaMin === schemaMax;
        const need = exact ? `exactly ${plural(limit, 'point')}` : `at least ${plural(limit, 'point')}`;
        detail =
          error.keyword === 'maxItems' && !exact
            ? `${article(kindText)} takes at most ${plural(limit, 'point')}, has ${count}`
            : `${article(kindText)} needs ${need}, has ${count}`;
      } else {
        const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
        detail = `${subject} must have ${bound} ${plural(limit, 'item')}, has ${count}`;
      }
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
      detail = `${subject} '${String(data)}' ${patternMeaning(error.schemaPath)}`;
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
    default:
      detail = `${subject} ${error.message ?? 'is invalid'}`;
  }
  return makeProblem(fileName, record, field, detail);
}

const distance = (a: readonly number[], b: readonly number[]): number =>
  Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

/** Shape rules the schema cannot express. */
function shapeProblems(annotation: TeachingAnnotation): { field: string; detail: string }[] {
  const points: readonly (readonly number[])[] = annotation.points;
  const out: { field: string; detail: string }[] = [];
  const [a, b, c] = points;
  switch (annotation.kind) {
    case 'arrow':
      if (a && b && distance(a, b) === 0) out.push({ field: 'points', detail: 'the arrow has no length' });
      break;
    case 'line':
      if (a && b && distance(a, b) === 0) out.push({ field: 'points', detail: 'the line has no length' });
      break;
    case 'polyline':
      if (annotation.closed && points.length < 3) {
        out.push({
          field: 'points',
          detail: `a closed polyline needs at least 3 points, has ${points.length}`,
        });
      }
      break;
    case 'ellipse': {
      if (!a || !b || !c) break;
      const u = b.map((v, i) => v - (a[i] ?? 0));
      const v = c.map((x, i) => x - (a[i] ?? 0));
      const lu = Math.hypot(...u);
      const lv = Math.hypot(...v);
      if (lu === 0) out.push({ field: 'points[1]', detail: 'the first semi-axis (points[1]) has no length' });
      if (lv === 0)
        out.push({ field: 'points[2]', detail: 'the second semi-axis (points[2]) has no length' });
      if (lu > 0 && lv > 0) {
        const cos = u.reduce((s, x, i) => s + x * (v[i] ?? 0), 0) / (lu * lv);
        const degrees = (Math.acos(Math.min(1, Math.abs(cos))) * 180) / Math.PI;
        if (degrees < 89) {
          out.push({
            field: 'points',
            detail: `the semi-axes must be perpendicular (they meet at ${degrees.toFixed(1)}°)`,
          });
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** Rules across records: unique ids, references to categories. */
function crossRecordProblems(file: AnnotationFile, fileName: string): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  const duplicates = (
    type: ProblemRecord['type'],
    records: readonly { readonly id: string }[],
  ): Map<string, number> => {
    const seen = new Map<string, number>();
    records.forEach((r, index) => {
      const first = seen.get(r.id);
      if (first === undefined) seen.set(r.id, index);
      else
        problems.push(
          makeProblem(
            fileName,
            { type, id: r.id, index },
            'id',
            `id '${r.id}' is already used at index ${first}`,
          ),
        );
    });
    return seen;
  };
  const categories = duplicates('category', file.categories);
  duplicates('annotation', file.annotations);
  if ('sections' in file.text) duplicates('section', file.text.sections);
  file.annotations.forEach((annotation, index) => {
    const record: ProblemRecord = { type: 'annotation', id: annotation.id, index };
    if (!categories.has(annotation.category)) {
      problems.push(
        makeProblem(
          fileName,
          record,
          'category',
          `category '${annotation.category}' is not one of the file's categories (${[...categories.keys()].join(', ')})`,
        ),
      );
    }
    for (const p of shapeProblems(annotation))
      problems.push(makeProblem(fileName, record, p.field, p.detail));
  });
  return problems;
}

/**
 * Validates parsed JSON as an annotations file, migrating older versions first.
 * @param raw - the parsed JSON
 * @param fileName - how messages name the file, e.g. `annotations/tumoral-calcinosis-pubis.json`
 * @param expectedCaseId - when given, the file's caseId must equal it
 * @returns the typed file, or every problem found (never throws)
 */
export function validateAnnotationFile(
  raw: unknown,
  fileName: string,
  expectedCaseId?: string,
): AnnotationFileValidation {
  const migrated = migrateAnnotationFile(raw, fileName);
  if (!migrated.ok) return migrated;
  const value: RawObject = migrated.value;
  const validate = schemaValidator();
  if (!validate(value)) {
    const seen = new Set<string>();
    const problems: AnnotationProblem[] = [];
    for (const error of validate.errors ?? []) {
      const problem = describeAjvError(error, value, fileName);
      if (problem && !seen.has(problem.message)) {
        seen.add(problem.message);
        problems.push(problem);
      }
    }
    return { ok: false, problems };
  }
  // The trust boundary of annotation files: the schema has checked every point's length and numbers, so the
  // parsed arrays are typed as the model's WorldPoints and ImagePoints here, and nowhere else.
  const file = value as unknown as AnnotationFile;
  const problems = crossRecordProblems(file, fileName);
  const wrongCase = caseIdProblem(fileName, file.caseId, expectedCaseId);
  if (wrongCase) problems.unshift(wrongCase);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file };
}
