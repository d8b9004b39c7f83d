import { describe, expect, it } from 'vitest';
import { canvasPoint } from '../model/geometry.ts';
import { memoizeLayout } from './layoutMemo.ts';
import { type LayoutOptions, layoutOverlay, type OverlayItem } from './layoutOverlay.ts';

const rim: OverlayItem = {
  id: 'rim',
  kind: 'polyline',
  closed: true,
  points: [canvasPoint(170, 120), canvasPoint(230, 120), canvasPoint(230, 180), canvasPoint(170, 180)],
  label: 'Calcified rim',
};
const arrow: OverlayItem = {
  id: 'bone',
  kind: 'arrow',
  points: [canvasPoint(60, 60), canvasPoint(120, 140)],
  label: 'Right pubic body',
};

/** Options whose label-size function counts its calls: a layout measures every label it places. */
function countingOptions(): { options: LayoutOptions; calls: () => number } {
  let calls = 0;
  const options: LayoutOptions = {
    width: 400,
    height: 300,
    labelSize: (text) => {
      calls += 1;
      return { width: text.length * 7 + 6, height: 18 };
    },
  };
  return { options, calls: () => calls };
}

describe('memoizeLayout', () => {
  it('lays out once for the same items and options, and gives what layoutOverlay gives', () => {
    const layout = memoizeLayout();
    const { options, calls } = countingOptions();
    const first = layout([rim, arrow], options);
    const measured = calls();
    expect(measured).toBeGreaterThan(0);
    expect(first).toEqual(layoutOverlay([rim, arrow], options));
    const again = layout([{ ...rim }, { ...arrow }], { ...options });
    expect(calls()).toBe(measured * 2);
    expect(again).toBe(first);
  });

  it('lays out again when a point moves, the highlight changes or the canvas is resized', () => {
    const layout = memoizeLayout();
    const { options } = countingOptions();
    const first = layout([rim, arrow], options);
    const moved: OverlayItem = {
      ...arrow,
      points: [canvasPoint(60, 60), canvasPoint(120, 141)],
    };
    expect(layout([rim, moved], options)).not.toBe(first);
    expect(layout([rim, moved], options)).toEqual(layoutOverlay([rim, moved], options));
    expect(layout([rim, { ...arrow, highlighted: true }], options)).not.toBe(first);
    expect(layout([rim, arrow], { ...options, width: 500 })).not.toBe(first);
    expect(layout([rim, arrow], options)).toBe(first);
  });

  it('forgets the least recently used layout beyond its capacity', () => {
    const layout = memoizeLayout(2);
    const { options } = countingOptions();
    const at = (x: number): OverlayItem => ({
      ...arrow,
      points: [canvasPoint(x, 60), canvasPoint(x + 60, 140)],
    });
    const a = layout([at(10)], options);
    const b = layout([at(20)], options);
    expect(layout([at(10)], options)).toBe(a);
    layout([at(30)], options);
    expect(layout([at(10)], options)).toBe(a);
    expect(layout([at(20)], options)).not.toBe(b);
  });
});
