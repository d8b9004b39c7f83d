import { describe, expect, it } from 'vitest';
import {
  clampImageIndex,
  initialViewState,
  patchViewport,
  showSeries,
  stoppedCine,
  withLayout,
} from './ViewState.ts';

const keys = ['ct', 'mr-t1', 'mr-t2', 'dx'];

describe('ViewState helpers', () => {
  it('opens on one viewport with the given series and slice', () => {
    const state = initialViewState('case', 'ct', 70);
    expect(state.layout).toBe('1x1');
    expect(state.viewports).toEqual([{ seriesKey: 'ct', imageIndex: 70, invert: false, cine: stoppedCine }]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('fills new layout cells with series not yet on screen and keeps existing viewports', () => {
    const state = patchViewport(initialViewState('case', 'ct', 70), 0, { invert: true });
    const twoByTwo = withLayout(state, '2x2', keys, (key) => (key === 'ct' ? 70 : 5));
    expect(twoByTwo.viewports.map((v) => v.seriesKey)).toEqual(['ct', 'mr-t1', 'mr-t2', 'dx']);
    expect(twoByTwo.viewports[0]?.invert).toBe(true);
    expect(twoByTwo.viewports[1]?.imageIndex).toBe(5);
    const back = withLayout({ ...twoByTwo, activeViewport: 3 }, '1x2', keys);
    expect(back.viewports.map((v) => v.seriesKey)).toEqual(['ct', 'mr-t1']);
    expect(back.activeViewport).toBe(1);
  });

  it('repeats series when the case has fewer series than cells', () => {
    const state = withLayout(initialViewState('case', 'ct'), '2x2', ['ct', 'dx']);
    expect(state.viewports.map((v) => v.seriesKey)).toEqual(['ct', 'dx', 'ct', 'dx']);
  });

  it('returns the same object when a patch changes nothing', () => {
    const state = initialViewState('case', 'ct', 3);
    expect(patchViewport(state, 0, { imageIndex: 3 })).toBe(state);
    expect(patchViewport(state, 0, { voi: undefined })).toBe(state);
    const withVoi = patchViewport(state, 0, { voi: { windowCenter: 40, windowWidth: 400 } });
    expect(patchViewport(withVoi, 0, { voi: { windowCenter: 40, windowWidth: 400 } })).toBe(withVoi);
    expect('voi' in (patchViewport(withVoi, 0, { voi: undefined }).viewports[0] ?? {})).toBe(false);
  });

  it('resets VOI and camera when another series is shown', () => {
    const state = patchViewport(initialViewState('case', 'ct'), 0, { camera: { zoom: 2, panMm: [1, 2] } });
    expect(showSeries(state, 0, 'dx', 0).viewports[0]).toEqual({
      seriesKey: 'dx',
      imageIndex: 0,
      invert: false,
      cine: stoppedCine,
    });
    expect(showSeries(state, 0, 'ct', 0)).toBe(state);
  });

  it('clamps image indices', () => {
    expect(clampImageIndex(-3, 10)).toBe(0);
    expect(clampImageIndex(12, 10)).toBe(9);
    expect(clampImageIndex(4.4, 10)).toBe(4);
    expect(clampImageIndex(4, 0)).toBe(0);
  });
});
