import { describe, expect, it } from 'vitest';
import { storedWindowName, storedWindowsOf } from './storedWindows.ts';

describe('storedWindowsOf', () => {
  it('pairs the multi-valued centres and widths with their explanations, in file order', () => {
    const windows = storedWindowsOf({
      WindowCenter: [40, 450, 500],
      WindowWidth: [400, 1800, 1500],
      WindowCenterWidthExplanation: ['SOFT TISSUE', 'BONE', 'CALCIFICATION'],
    });
    expect(windows).toEqual([
      { voi: { windowCenter: 40, windowWidth: 400 }, explanation: 'SOFT TISSUE' },
      { voi: { windowCenter: 450, windowWidth: 1800 }, explanation: 'BONE' },
      { voi: { windowCenter: 500, windowWidth: 1500 }, explanation: 'CALCIFICATION' },
    ]);
    expect(windows.map(storedWindowName)).toEqual(['Soft tissue', 'Bone', 'Calcification']);
  });

  it('reads one window given as scalars, and backslash-separated text', () => {
    expect(
      storedWindowsOf({ WindowCenter: 1150, WindowWidth: 2300, WindowCenterWidthExplanation: 'T1' }),
    ).toEqual([{ voi: { windowCenter: 1150, windowWidth: 2300 }, explanation: 'T1' }]);
    expect(storedWindowsOf({ WindowCenter: '40\\450', WindowWidth: '400\\1800' })).toEqual([
      { voi: { windowCenter: 40, windowWidth: 400 }, explanation: '' },
      { voi: { windowCenter: 450, windowWidth: 1800 }, explanation: '' },
    ]);
  });

  it('leaves out unpaired values, widths that are not positive, repeats, and files without windows', () => {
    expect(
      storedWindowsOf({
        WindowCenter: [40, 450, 40, 7, Number.NaN],
        WindowWidth: [400, 0, 400, -1, 100, 200],
        WindowCenterWidthExplanation: ['A'],
      }),
    ).toEqual([{ voi: { windowCenter: 40, windowWidth: 400 }, explanation: 'A' }]);
    expect(storedWindowsOf({})).toEqual([]);
    expect(storedWindowsOf(undefined)).toEqual([]);
  });

  it('names a window without an explanation by its numbers', () => {
    expect(storedWindowName({ voi: { windowCenter: 450, windowWidth: 1800 }, explanation: '' })).toBe(
      '1800/450',
    );
  });
});
