import { describe, expect, it } from 'vitest';
import {
  array,
  boolean,
  describeValue,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  run,
  string,
  tagged,
  tuple,
  type Validator,
} from './validate.ts';

interface Point {
  readonly label: string;
  readonly at: readonly [number, number];
  readonly weight?: number;
  readonly tag: string | null;
}

const point: Validator<Point> = object({
  label: string(),
  at: tuple(number(), number()),
  weight: optional(number({ min: 0 })),
  tag: nullable(string()),
});

const problemsOf = (validator: Validator<unknown>, value: unknown) => {
  const result = run(validator, value);
  return result.ok ? [] : result.problems.map((p) => ({ path: p.path, detail: p.detail }));
};

describe('validate', () => {
  it('returns a valid value as it is, leaving absent optional fields absent', () => {
    const value = { label: 'a', at: [1, 2], tag: null };
    const result = run(point, value);
    expect(result).toEqual({ ok: true, value });
    expect(result.ok && 'weight' in result.value).toBe(false);
  });

  it('reports every bad field with its path and the value it found', () => {
    expect(problemsOf(point, { label: 3, at: [1, 'x'], weight: -1, tag: 5, extra: true })).toEqual([
      { path: 'label', detail: 'must be a string, not 3' },
      { path: 'at[1]', detail: "must be a number, not 'x'" },
      { path: 'weight', detail: 'must be a number of at least 0, not -1' },
      { path: 'tag', detail: 'must be a string, not 5' },
      { path: 'extra', detail: 'is not a known field' },
    ]);
    expect(problemsOf(point, { at: [1, 2, 3], tag: null })).toEqual([
      { path: 'label', detail: 'is missing (it must be a string)' },
      { path: 'at', detail: 'must be a list of 2 items, not a list of 3 items' },
    ]);
  });

  it('never accepts NaN, Infinity or numbers outside the limits', () => {
    const fps = number({ min: 1, max: 60, integer: true });
    expect(problemsOf(fps, Number.NaN)).toEqual([
      { path: '', detail: 'must be a whole number from 1 to 60, not NaN' },
    ]);
    expect(problemsOf(fps, 1.5)[0]?.detail).toContain('not 1.5');
    expect(problemsOf(fps, 61)[0]?.detail).toContain('not 61');
    expect(problemsOf(number(), Number.POSITIVE_INFINITY)[0]?.detail).toBe('must be a number, not Infinity');
    expect(problemsOf(number({ exclusiveMin: 0 }), 0)[0]?.detail).toBe('must be a number more than 0, not 0');
    expect(problemsOf(number({ max: 5 }), 1e308)[0]?.detail).toBe(
      'must be a number of at most 5, not 1e+308',
    );
    expect(run(fps, 60)).toEqual({ ok: true, value: 60 });
  });

  it('checks literals, lists of choices, booleans and arrays', () => {
    expect(problemsOf(literal(1), 2)).toEqual([{ path: '', detail: 'must be 1, not 2' }]);
    expect(problemsOf(oneOf(['1x1', '2x2']), '3x3')).toEqual([
      { path: '', detail: "must be one of '1x1', '2x2', not '3x3'" },
    ]);
    expect(problemsOf(boolean(), 'yes')).toEqual([{ path: '', detail: "must be true or false, not 'yes'" }]);
    expect(problemsOf(array(string()), ['a', 1, null])).toEqual([
      { path: '[1]', detail: 'must be a string, not 1' },
      { path: '[2]', detail: 'must be a string, not null' },
    ]);
    expect(problemsOf(array(string()), 'a,b')).toEqual([{ path: '', detail: "must be a list, not 'a,b'" }]);
  });

  it('takes any value without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [
      null,
      undefined,
      [],
      'text',
      0,
      Number.NaN,
      true,
      cyclic,
      () => 1,
      Symbol('s'),
      1n,
    ]) {
      expect(() => run(point, value)).not.toThrow();
      expect(run(point, value).ok).toBe(false);
    }
    expect(problemsOf(point, null)).toEqual([{ path: '', detail: 'must be an object, not null' }]);
    expect(problemsOf(point, [])).toEqual([{ path: '', detail: 'must be an object, not a list of 0 items' }]);
  });

  it('ignores inherited properties', () => {
    const inherited = Object.create({ label: 'a', at: [1, 2], tag: null }) as object;
    expect(problemsOf(point, inherited).map((p) => p.path)).toEqual(['label', 'at', 'tag']);
  });

  it('runs a refinement only on a value that passed, and reports at any path below it', () => {
    const ordered = refine(tuple(number(), number()), ([low, high], path, report) => {
      if (low > high) report(`${path}[1]`, high, `must not be below ${low}, not ${high}`);
    });
    expect(problemsOf(ordered, [3, 1])).toEqual([{ path: '[1]', detail: 'must not be below 3, not 1' }]);
    expect(problemsOf(ordered, ['a', 1])).toEqual([{ path: '[0]', detail: "must be a number, not 'a'" }]);
    expect(run(ordered, [1, 3])).toEqual({ ok: true, value: [1, 3] });
  });

  it('keeps long strings short in messages', () => {
    expect(describeValue('x'.repeat(1000))).toHaveLength(62);
    expect(describeValue(undefined)).toBe('undefined');
  });

  it('checks the shape against the declared type at compile time', () => {
    // @ts-expect-error a field of the type (weight, optional) is missing from the shape
    const missing: Validator<Point> = object({
      label: string(),
      at: tuple(number(), number()),
      tag: nullable(string()),
    });
    const extra: Validator<Point> = object({
      label: string(),
      at: tuple(number(), number()),
      weight: optional(number()),
      tag: nullable(string()),
      // @ts-expect-error a field the type does not have
      colour: string(),
    });
    const wrong: Validator<Point> = object({
      // @ts-expect-error a validator of the wrong type
      label: number(),
      at: tuple(number(), number()),
      weight: optional(number()),
      tag: nullable(string()),
    });
    expect([missing, extra, wrong]).toHaveLength(3);
  });

  it('tagged picks the variant by its tag and names an unknown tag', () => {
    type Shape = { kind: 'dot'; x: number } | { kind: 'label'; text: string };
    const shape = tagged<Shape>('kind', {
      dot: object<Shape>({ kind: literal('dot'), x: number() } as never),
      label: object<Shape>({ kind: literal('label'), text: string() } as never),
    });
    expect(run(shape, { kind: 'dot', x: 2 })).toEqual({ ok: true, value: { kind: 'dot', x: 2 } });
    expect(run(shape, { kind: 'label', text: 'a' })).toEqual({
      ok: true,
      value: { kind: 'label', text: 'a' },
    });
    const wrongField = run(shape, { kind: 'dot', text: 'a' });
    expect(wrongField.ok).toBe(false);
    const unknown = run(shape, { kind: 'blob' });
    expect(unknown.ok ? [] : unknown.problems.map((p) => `${p.path} ${p.detail}`)).toEqual([
      "kind must be one of 'dot', 'label'",
    ]);
    expect(run(shape, [1]).ok).toBe(false);
  });
});
