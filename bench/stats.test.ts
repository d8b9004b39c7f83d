import { describe, expect, it } from 'vitest';
import { intervals, percentile, summarize } from './stats.ts';

describe('percentile', () => {
  it('interpolates between ranks like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([5], 95)).toBe(5);
  });
  it('ignores order and non-finite samples; empty gives NaN', () => {
    expect(percentile([3, Number.NaN, 1, 2], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize and intervals', () => {
  it('counts only finite samples', () => {
    expect(summarize([1, 2, 3, Number.NaN])).toEqual({ median: 2, p95: 2.9, n: 3 });
  });
  it('turns times into intervals', () => {
    expect(intervals([0, 16, 33, 50])).toEqual([16, 17, 17]);
    expect(intervals([7])).toEqual([]);
  });
});
