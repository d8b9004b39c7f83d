/**
 * A problem found in an annotations file or case text, phrased for the person who has to fix it.
 * Pure types and formatting; depends on nothing.
 */

/** The record a problem belongs to, when it belongs to one. */
export interface ProblemRecord {
  /** Annotations files: annotation, category, section; tour files: step; quiz files: question, option. */
  readonly type: 'annotation' | 'category' | 'section' | 'step' | 'question' | 'option';
  /** The record's id when it has a readable one. */
  readonly id?: string;
  /** Position of the record in its array in the file (0-based). */
  readonly index?: number;
  /** The record this one sits in (a quiz question's option names its question). */
  readonly within?: ProblemRecord;
}

/** One problem: which file, which record, which field, what is wrong. */
export interface AnnotationProblem {
  /** File name as the learner or author knows it, e.g. `annotations/tumoral-calcinosis-pubis.json`. */
  readonly file: string;
  readonly record?: ProblemRecord;
  /** Field inside the record (or the file), e.g. `points[2]`; empty for the record as a whole. */
  readonly field: string;
  /** What is wrong, without the file and record (those are in `message`). */
  readonly detail: string;
  /** The full sentence: `file: annotation 'rim-3' (index 4): points[2] must have 3 numbers`. */
  readonly message: string;
}

/**
 * Names a record the way messages do: `annotation 'rim-3' (index 4)`, or `annotation at index 4` when it has
 * no usable id; a record inside another is named after it: `question 'dx' (index 2), option 'b' (index 1)`.
 * @param record - the record
 */
export function describeRecord(record: ProblemRecord): string {
  const outer = record.within ? `${describeRecord(record.within)}, ` : '';
  const index = record.index === undefined ? '' : ` (index ${record.index})`;
  if (record.id !== undefined) return `${outer}${record.type} '${record.id}'${index}`;
  return `${outer}${record.index === undefined ? record.type : `${record.type} at index ${record.index}`}`;
}

/**
 * Builds a problem and its message.
 * @param file - file name shown to the reader
 * @param record - the record it belongs to, if any
 * @param field - the field path inside the record, `''` for the record itself
 * @param detail - what is wrong, naming the field itself where that helps the reader
 */
export function makeProblem(
  file: string,
  record: ProblemRecord | undefined,
  field: string,
  detail: string,
): AnnotationProblem {
  const where = record ? `${describeRecord(record)}: ` : '';
  return { file, ...(record ? { record } : {}), field, detail, message: `${file}: ${where}${detail}` };
}
