import { describe, expect, it } from 'vitest';
import type { RenderRecord } from './pageProbe.ts';
import { analyzeScroll } from './scrollMetrics.ts';

const r = (t: number, index: number, blank: 0 | 1 | -1 = 0): RenderRecord => [t, 'ct-axial', index, blank];

describe('analyzeScroll', () => {
  it('counts one new slice per frame at display rate as 60/s with nothing skipped', () => {
    const wheels = Array.from({ length: 60 }, (_, i) => 1000 + (i * 1000) / 60);
    const renders = wheels.map((t, i) => r(t + 5, 10 + i + 1));
    const f = analyzeScroll(renders, wheels, 10);
    expect(f.distinctSlices).toBe(60);
    expect(f.slicesPerSecond).toBeGreaterThan(59);
    expect(f.frameP50).toBeCloseTo(16.67, 1);
    expect(f.skipped).toBe(0);
    expect(f.firstResponse).toBe(5);
    expect(f.slicesPerNotch).toBe(1);
  });

  it('reports skipped slices, blank frames, repeated renders and the longest stall', () => {
    const renders = [r(90, 5), r(100, 6), r(110, 6), r(120, 9), r(130, 0, 1), r(400, 10)];
    const f = analyzeScroll(renders, [95, 105, 115, 125, 135], 5);
    expect(f.distinctSlices).toBe(3);
    expect(f.skipped).toBe(2);
    expect(f.blankFrames).toBe(1);
    expect(f.longestStall).toBe(280);
    expect(f.slicesPerNotch).toBe(1);
  });

  it('gives zero throughput when nothing changes', () => {
    const f = analyzeScroll([r(10, 3)], [5, 6], 3);
    expect(f.slicesPerSecond).toBe(0);
    expect(f.distinctSlices).toBe(0);
    expect(f.longestStall).toBeNaN();
  });
});
