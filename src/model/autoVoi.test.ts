import { describe, expect, it } from 'vitest';
import { autoVoiFromPixels } from './autoVoi.ts';

describe('autoVoiFromPixels', () => {
  it('covers the bulk of the values and ignores a few outliers', () => {
    const pixels = new Int16Array(10000);
    for (let i = 0; i < pixels.length; i++) pixels[i] = 100 + (i % 500);
    pixels[0] = 30000;
    pixels[1] = 30000;
    const voi = autoVoiFromPixels(pixels);
    expect(voi).not.toBeNull();
    const lower = (voi?.windowCenter ?? 0) - (voi?.windowWidth ?? 0) / 2;
    const upper = (voi?.windowCenter ?? 0) + (voi?.windowWidth ?? 0) / 2;
    expect(lower).toBeGreaterThan(50);
    expect(lower).toBeLessThan(150);
    expect(upper).toBeGreaterThan(550);
    expect(upper).toBeLessThan(700);
  });

  it('leaves out background at or below the cut-off', () => {
    const pixels = new Uint16Array(1000);
    for (let i = 500; i < 1000; i++) pixels[i] = 1000 + (i % 100);
    const voi = autoVoiFromPixels(pixels, { ignoreAtOrBelow: 0, lowPercentile: 0, highPercentile: 100 });
    expect(voi?.windowCenter).toBeGreaterThan(1000);
  });

  it('leaves out direct exposure at or above the ceiling', () => {
    const pixels = new Uint16Array(1000);
    for (let i = 0; i < 1000; i++) pixels[i] = i < 600 ? 4095 : 500 + (i % 100);
    const voi = autoVoiFromPixels(pixels, { ignoreAtOrAbove: 4000, lowPercentile: 0, highPercentile: 100 });
    expect((voi?.windowCenter ?? 0) + (voi?.windowWidth ?? 0) / 2).toBeLessThan(700);
  });

  it('handles flat and empty images', () => {
    expect(autoVoiFromPixels(new Uint16Array(10).fill(7))).toEqual({ windowCenter: 7, windowWidth: 1 });
    expect(autoVoiFromPixels(new Uint16Array(10), { ignoreAtOrBelow: 0 })).toBeNull();
  });
});
