import { describe, expect, it } from 'vitest';
import { type DefaultVoiInput, defaultVoi } from './defaultVoi.ts';

/** A record with no windows, no pixels, identity rescale; each test sets what it is about. */
const base: DefaultVoiInput = {
  Modality: 'CT',
  windows: [],
  monochrome1: false,
  pixels: null,
  minPixelValue: 0,
  maxPixelValue: 4095,
  slope: 1,
  intercept: 0,
  preScaled: true,
  imageWindow: null,
};

/** Lower and upper edge of a window. */
const edges = (voi: { windowCenter: number; windowWidth: number }) => [
  voi.windowCenter - voi.windowWidth / 2,
  voi.windowCenter + voi.windowWidth / 2,
];

describe('defaultVoi', () => {
  it('shows a colour image as stored: the whole 8- or 16-bit range, or its own window, never an auto window', () => {
    const pixels = Uint8Array.from({ length: 300 }, (_, i) => 60 + (i % 120));
    const colour = { ...base, Modality: 'OT', colour: true, pixels, minPixelValue: 60, maxPixelValue: 179 };
    expect(edges(defaultVoi(colour))).toEqual([0, 256]);
    expect(edges(defaultVoi({ ...colour, maxPixelValue: 40_000 }))).toEqual([0, 65_536]);
    const own = { windowCenter: 100, windowWidth: 50 };
    expect(defaultVoi({ ...colour, imageWindow: own })).toEqual(own);
    // The same pixels as a grey image get an automatic window inside their range.
    const grey = edges(defaultVoi({ ...colour, colour: false }));
    expect(grey[0]).toBeGreaterThanOrEqual(55);
    expect(grey[1]).toBeLessThanOrEqual(185);
  });

  it('opens a CT in the file window, else in soft tissue, whatever the pixels', () => {
    const pixels = Int16Array.from({ length: 1000 }, (_, i) => i);
    const windows = [
      { WindowCenter: 300, WindowWidth: 1500 },
      { WindowCenter: 40, WindowWidth: 400 },
    ];
    expect(defaultVoi({ ...base, windows, pixels })).toEqual({ windowCenter: 300, windowWidth: 1500 });
    expect(defaultVoi({ ...base, pixels })).toEqual({ windowCenter: 40, windowWidth: 400 });
  });

  it('opens an MR on a percentile window of the tissue, leaving out the air at the lowest value', () => {
    // Half the image is air (0), the tissue runs 200..999; a poor file window is ignored on MR.
    const pixels = Uint16Array.from({ length: 20000 }, (_, i) => (i % 2 === 0 ? 0 : 200 + (i % 800)));
    const voi = defaultVoi({
      ...base,
      Modality: 'MR',
      windows: [{ WindowCenter: 5000, WindowWidth: 10 }],
      pixels,
      minPixelValue: 0,
      maxPixelValue: 999,
    });
    const [lower, upper] = edges(voi);
    expect(lower).toBeGreaterThan(150);
    expect(lower).toBeLessThan(260);
    expect(upper).toBeGreaterThan(950);
    expect(upper).toBeLessThan(1010);
  });

  it('opens a MONOCHROME1 radiograph without its direct-exposure background (the highest values)', () => {
    // 60 % of the detector saw the beam directly (4095, white-is-low: shown black); the body is 500..1499.
    const pixels = Uint16Array.from({ length: 10000 }, (_, i) => (i < 6000 ? 4095 : 500 + (i % 1000)));
    const input = { ...base, Modality: 'DX', monochrome1: true, pixels, minPixelValue: 500 };
    const [lower, upper] = edges(defaultVoi(input));
    expect(lower).toBeGreaterThan(450);
    expect(lower).toBeLessThan(560);
    expect(upper).toBeGreaterThan(1450);
    expect(upper).toBeLessThan(1600);
    // The same pixels read as MONOCHROME2 keep the background (it is the brightest, not cut off).
    const [, upper2] = edges(defaultVoi({ ...input, monochrome1: false }));
    expect(upper2).toBeGreaterThan(4000);
  });

  it("prefers a radiograph's file window, chosen by the modality for that exposure", () => {
    const pixels = Uint16Array.from({ length: 100 }, (_, i) => i);
    const windows = [{ WindowCenter: 2000, WindowWidth: 3000 }];
    expect(defaultVoi({ ...base, Modality: 'DX', windows, pixels })).toEqual({
      windowCenter: 2000,
      windowWidth: 3000,
    });
  });

  it('brings a window computed on unscaled stored values to output units', () => {
    // Stored 1000..1999 with slope 2, intercept -1024: output -1024 + 2000..3998.
    const pixels = Uint16Array.from({ length: 10000 }, (_, i) => 1000 + (i % 1000));
    const input = {
      ...base,
      Modality: 'MR',
      pixels,
      minPixelValue: 999,
      maxPixelValue: 1999,
      slope: 2,
      intercept: -1024,
    };
    const stored = defaultVoi({ ...input, preScaled: true });
    const output = defaultVoi({ ...input, preScaled: false });
    expect(output.windowCenter).toBeCloseTo(stored.windowCenter * 2 - 1024, 6);
    expect(output.windowWidth).toBeCloseTo(stored.windowWidth * 2, 6);
    const [lower, upper] = edges(output);
    expect(lower).toBeGreaterThan(950);
    expect(upper).toBeLessThan(3000);
  });

  it("falls back to the file's, then the image's own window when no pixel can be read", () => {
    const imageWindow = { windowCenter: 600, windowWidth: 1200 };
    expect(defaultVoi({ ...base, Modality: 'MR', imageWindow })).toEqual(imageWindow);
    expect(
      defaultVoi({ ...base, Modality: 'MR', imageWindow, windows: [{ WindowCenter: 1, WindowWidth: 2 }] }),
    ).toEqual({ windowCenter: 1, windowWidth: 2 });
    expect(defaultVoi({ ...base, Modality: 'MR', minPixelValue: 100, maxPixelValue: 300 })).toEqual({
      windowCenter: 200,
      windowWidth: 200,
    });
  });
});
