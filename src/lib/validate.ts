/**
 * A small typed validator toolkit: checks an untrusted JSON value against a shape and collects every
 * problem with its path (`viewports[1].voi.windowWidth`). Generic; imports nothing of ours.
 */

/** One problem: where, what was there, and what is wrong (a phrase that follows `path: `). */
export interface ValidationProblem {
  readonly path: string;
  readonly value: unknown;
  readonly detail: string;
}

/** Checks one value. The result is typed `T` only when no problem was added for it. */
export interface Validator<T> {
  /**
   * @param value - anything (parsed JSON, or worse)
   * @param path - where the value sits, `''` for the root
   * @param problems - receives every problem found; never throws
   * @returns the value when valid; `undefined` when a problem was added (or when `undefined` is valid)
   */
  validate(value: unknown, path: string, problems: ValidationProblem[]): T | undefined;
}

/** Reports a problem at `path` (a full path, usually built with {@link childPath} / {@link itemPath}). */
export type Report = (path: string, value: unknown, detail: string) => void;

/** `childPath('viewports[0]', 'voi')` → `viewports[0].voi`; `childPath('', 'layout')` → `layout`. */
export const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);
/** `itemPath('viewports', 2)` → `viewports[2]`. */
export const itemPath = (path: string, index: number): string => `${path}[${index}]`;

/**
 * Names a value in a message, kept short: strings quoted and cut at 60 characters, numbers as written
 * (`NaN`, `Infinity`), objects and arrays by kind.
 * @param value - any value
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'bigint') return `${value}n`;
  return typeof value === 'symbol' || typeof value === 'function' ? `a ${typeof value}` : String(value);
}

/** Adds the problem "`value` is not `expected`" (or "is missing") and returns `undefined`. */
function reject(expected: string, value: unknown, path: string, problems: ValidationProblem[]): undefined {
  const detail =
    value === undefined
      ? `is missing (it must be ${expected})`
      : `must be ${expected}, not ${describeValue(value)}`;
  problems.push({ path, value, detail });
  return undefined;
}

/** A validator of one value that `test` accepts or not. */
function leaf<T>(expected: string, test: (value: unknown) => boolean): Validator<T> {
  return {
    validate: (value, path, problems) =>
      test(value) ? (value as T) : reject(expected, value, path, problems),
  };
}

/** Limits of {@link number}; `exclusiveMin` for "more than" (a window width must be more than 0). */
export interface NumberLimits {
  readonly min?: number;
  readonly exclusiveMin?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A finite number (NaN and ±Infinity never pass), optionally whole and within limits. */
export function number(limits: NumberLimits = {}): Validator<number> {
  const { min, exclusiveMin, max, integer = false } = limits;
  const kind = integer ? 'a whole number' : 'a number';
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : exclusiveMin !== undefined
          ? ` more than ${exclusiveMin}`
          : max !== undefined
            ? ` of at most ${max}`
            : '';
  return leaf(
    `${kind}${range}`,
    (value) =>
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      (min === undefined || value >= min) &&
      (exclusiveMin === undefined || value > exclusiveMin) &&
      (max === undefined || value <= max),
  );
}

/** Any string. */
export function string(): Validator<string> {
  return leaf('a string', (value) => typeof value === 'string');
}

/** `true` or `false`. */
export function boolean(): Validator<boolean> {
  return leaf('true or false', (value) => typeof value === 'boolean');
}

/** Exactly `expected`. */
export function literal<const L extends string | number | boolean>(expected: L): Validator<L> {
  return leaf(describeValue(expected), (value) => value === expected);
}

/** One of `values` (e.g. the layouts of an `as const` list). */
export function oneOf<const V extends string | number>(values: readonly V[]): Validator<V> {
  return leaf(`one of ${values.map(describeValue).join(', ')}`, (value) =>
    (values as readonly unknown[]).includes(value),
  );
}

/** A list whose every item passes `of`; every bad item is reported. */
export function array<T>(of: Validator<T>): Validator<T[]> {
  return {
    validate(value, path, problems) {
      if (!Array.isArray(value)) return reject('a list', value, path, problems);
      const before = problems.length;
      const out = value.map((item, index) => of.validate(item, itemPath(path, index), problems));
      return problems.length === before ? (out as T[]) : undefined;
    },
  };
}

/** A fixed-length list such as `[x, y]`. */
export function tuple<const T extends readonly unknown[]>(
  ...items: { [K in keyof T]: Validator<T[K]> }
): Validator<T> {
  const expected = `a list of ${items.length} items`;
  return {
    validate(value, path, problems) {
      if (!Array.isArray(value) || value.length !== items.length) {
        return reject(expected, value, path, problems);
      }
      const before = problems.length;
      const out = items.map((item, index) =>
        (item as Validator<unknown>).validate(value[index], itemPath(path, index), problems),
      );
      return problems.length === before ? (out as unknown as T) : undefined;
    },
  };
}

/** `of`, or absent (`undefined`). */
export function optional<T>(of: Validator<T>): Validator<T | undefined> {
  return {
    validate: (value, path, problems) =>
      value === undefined ? undefined : of.validate(value, path, problems),
  };
}

/** `of`, or `null`. */
export function nullable<T>(of: Validator<T>): Validator<T | null> {
  return {
    validate: (value, path, problems) => (value === null ? null : of.validate(value, path, problems)),
  };
}

/**
 * One validator per field of `T`, no more, no fewer: `const v: Validator<Voi> = object({...})` stops
 * compiling when a field is added to `Voi` and not here (optional fields too, through `-?`).
 */
export type Shape<T> = { readonly [K in keyof T]-?: Validator<T[K]> };

/**
 * A plain object with exactly the fields of `shape`: each is checked (all are reported), fields not in the
 * shape are problems, and absent optional fields stay absent in the result. `T` comes from the declared
 * type (`Validator<T>`) or an explicit type argument, never from the shape, so the shape is checked against it.
 */
export function object<T extends object>(shape: Shape<NoInfer<T>>): Validator<T> {
  const fields = Object.entries(shape) as [string, Validator<unknown>][];
  return {
    validate(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return reject('an object', value, path, problems);
      }
      const before = problems.length;
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of fields) {
        const checked = field.validate(
          Object.hasOwn(input, key) ? input[key] : undefined,
          childPath(path, key),
          problems,
        );
        if (checked !== undefined) out[key] = checked;
      }
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key))
          problems.push({ path: childPath(path, key), value: input[key], detail: 'is not a known field' });
      }
      return problems.length === before ? (out as T) : undefined;
    },
  };
}

/**
 * `of`, then a rule that sees the typed value (only when `of` passed) and may report problems, at `path`
 * or below it. The value passes when the rule reports nothing.
 */
export function refine<T>(
  of: Validator<T>,
  rule: (value: T, path: string, report: Report) => void,
): Validator<T> {
  return {
    validate(value, path, problems) {
      const before = problems.length;
      const checked = of.validate(value, path, problems);
      if (problems.length !== before || checked === undefined) return checked;
      rule(checked, path, (at, bad, detail) => problems.push({ path: at, value: bad, detail }));
      return problems.length === before ? checked : undefined;
    },
  };
}

/**
 * A tagged union: the value's `key` field (a string) picks the validator of its variant; an unknown or
 * missing tag is one problem at `key`. Each variant's validator checks the tag field too (as a literal).
 */
export function tagged<T extends object>(
  key: string,
  variants: { readonly [tag: string]: Validator<T> },
): Validator<T> {
  const tags = Object.keys(variants);
  return {
    validate(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return reject('an object', value, path, problems);
      }
      const tag = (value as Record<string, unknown>)[key];
      const variant = typeof tag === 'string' && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
      if (!variant) {
        problems.push({
          path: childPath(path, key),
          value: tag,
          detail: `must be one of ${tags.map(describeValue).join(', ')}`,
        });
        return undefined;
      }
      return variant.validate(value, path, problems);
    },
  };
}

/** The outcome of {@link run}. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Validates a root value.
 * @param validator - the shape
 * @param value - the untrusted value
 */
export function run<T>(validator: Validator<T>, value: unknown): ValidationResult<T> {
  const problems: ValidationProblem[] = [];
  const checked = validator.validate(value, '', problems);
  return problems.length === 0 ? { ok: true, value: checked as T } : { ok: false, problems };
}
