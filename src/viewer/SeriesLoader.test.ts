import { describe, expect, it } from 'vitest';
import { nearestFirstOrder } from './SeriesLoader.ts';

describe('nearestFirstOrder', () => {
  it('starts at the shown slice and fans out to both sides', () => {
    expect(nearestFirstOrder(6, 2)).toEqual([2, 3, 1, 4, 0, 5]);
  });

  it('covers every slice once from either end', () => {
    expect(nearestFirstOrder(4, 0)).toEqual([0, 1, 2, 3]);
    expect(nearestFirstOrder(4, 3)).toEqual([3, 2, 1, 0]);
    expect(nearestFirstOrder(0, 0)).toEqual([]);
  });
});
