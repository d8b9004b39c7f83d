import { describe, expect, it } from 'vitest';
import { imagePoint, type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import { placeAnnotation } from '../src/teaching/placeAnnotation.ts';
import { ctAnnotation, syntheticManifest } from '../src/teaching/syntheticCase.testutil.ts';
import {
  checkBoneLoss,
  checkDenserThanMirror,
  checkFluidCalciumLevel,
  checkRimOutline,
  type PixelImage,
  sampleImage,
} from './checkFindingPixels.ts';
import { LEVEL_Y, LOCULUS, RADIUS, RIM, SLICE, syntheticCtSlice } from './syntheticCtSlice.testutil.ts';

const slice = syntheticCtSlice();

function placed(annotation: Parameters<typeof placeAnnotation>[0]) {
  const result = placeAnnotation(annotation, syntheticManifest);
  if (!result.ok) throw new Error(result.issues.map((i) => i.detail).join('; '));
  return result.placement;
}

const levelLine = (y: number, tiltMm = 0) =>
  placed(
    ctAnnotation('level', 'fluid-calcium-level', SLICE, {
      kind: 'line',
      points: [
        [LOCULUS[0] - 4, y, 10],
        [LOCULUS[0] + 4, y + tiltMm, 10],
      ],
    }),
  );

const circle = (centre: WorldPoint, radius: number, n = 32): WorldPoint[] =>
  Array.from({ length: n }, (_, i) =>
    worldPoint(
      centre[0] + radius * Math.cos((2 * Math.PI * i) / n),
      centre[1] + radius * Math.sin((2 * Math.PI * i) / n),
      10,
    ),
  );

const outline = (id: string, category: string, points: WorldPoint[]) =>
  placed(ctAnnotation(id, category, SLICE, { kind: 'polyline', closed: true, points }));

const square = (x0: number, y0: number, x1: number, y1: number): WorldPoint[] => [
  worldPoint(x0, y0, 10),
  worldPoint(x1, y0, 10),
  worldPoint(x1, y1, 10),
  worldPoint(x0, y1, 10),
];

describe('sampleImage', () => {
  it('interpolates bilinearly and is NaN outside the image', () => {
    const image: PixelImage = { Rows: 2, Columns: 2, values: [0, 100, 200, 300] };
    expect(sampleImage(image, imagePoint(0.5, 0.5))).toBe(150);
    expect(sampleImage(image, imagePoint(1, 0))).toBe(100);
    expect(sampleImage(image, imagePoint(1.01, 0))).toBeNaN();
  });
});

describe('checkFluidCalciumLevel', () => {
  it('passes a line on the level: calcium posterior, fluid anterior', () => {
    const result = checkFluidCalciumLevel(levelLine(LEVEL_Y), slice);
    expect(result.ok, result.detail).toBe(true);
    expect(result.measured.posteriorHU).toBeGreaterThan(500);
    expect(Math.abs(result.measured.anteriorHU ?? 999)).toBeLessThan(30);
  });

  it('fails a line misplaced 3 mm anterior, in the fluid', () => {
    const result = checkFluidCalciumLevel(levelLine(LEVEL_Y - 3), slice);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(
      /^calcium expected just posterior to the line \(200 to 1300 HU\), found -?\d+ HU$/,
    );
  });

  it('fails a line misplaced 3 mm posterior, in the calcium', () => {
    const result = checkFluidCalciumLevel(levelLine(LEVEL_Y + 3), slice);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(
      /^fluid expected just anterior to the line \(-30 to 60 HU\), found \d+ HU$/,
    );
  });

  it('fails a tilted line: a fluid level is horizontal in a supine patient', () => {
    const result = checkFluidCalciumLevel(levelLine(LEVEL_Y - 1.5, 3), slice);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('the line is not horizontal: its ends differ by 3.0 mm');
  });
});

describe('checkRimOutline', () => {
  it('passes an outline along the rim', () => {
    const result = checkRimOutline(outline('rim', 'calcified-rim', circle(LOCULUS, RADIUS - RIM / 2)), slice);
    expect(result.ok, result.detail).toBe(true);
  });

  it('fails the same outline shifted 3 mm to the side', () => {
    const shifted = worldPoint(LOCULUS[0] + 3, LOCULUS[1], 10);
    const result = checkRimOutline(outline('rim', 'calcified-rim', circle(shifted, RADIUS - RIM / 2)), slice);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^only \d+ % of the outline runs over calcified rim/);
  });

  it('fails an outline drawn inside the loculus', () => {
    const result = checkRimOutline(outline('rim', 'calcified-rim', circle(LOCULUS, 3)), slice);
    expect(result.ok).toBe(false);
  });
});

describe('checkBoneLoss', () => {
  it('passes an outline around the lytic hole (the mirror side is intact)', () => {
    const result = checkBoneLoss(
      outline('lysis', 'pubic-osteolysis', square(8.5, 8.5, 11.5, 11.5)),
      slice,
      0,
    );
    expect(result.ok, result.detail).toBe(true);
    expect(result.measured.mirrorBoneFraction).toBeGreaterThan(0.9);
  });

  it('fails an outline over intact bone', () => {
    const result = checkBoneLoss(outline('lysis', 'pubic-osteolysis', square(6.5, 6.5, 13.5, 7.5)), slice, 0);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^no clear bone loss: 100 % of the outlined pixels are bone against 100 %/);
  });

  it('fails an outline in soft tissue, where no bone belongs', () => {
    const result = checkBoneLoss(outline('lysis', 'pubic-osteolysis', square(1, 10, 4, 13)), slice, 0);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('the mirrored region across the midline holds little bone (0 %');
  });

  it('fails an outline drawn on the intact side, naming the mistake', () => {
    const result = checkBoneLoss(
      outline('lysis', 'pubic-osteolysis', square(-11.5, 8.5, -8.5, 11.5)),
      slice,
      0,
    );
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/wrong side of the midline$/);
  });

  it('fails when the midline is wrong (the mirror lands off the right pubis)', () => {
    const result = checkBoneLoss(
      outline('lysis', 'pubic-osteolysis', square(8.5, 8.5, 11.5, 11.5)),
      slice,
      5,
    );
    expect(result.ok).toBe(false);
  });
});

describe('checkDenserThanMirror (radiograph)', () => {
  // A 100×80 MONOCHROME1 radiograph (the test case's dx-pelvis): background 3000, a dense opacity (stored 1500:
  // dense is white, low values in MONOCHROME1) at columns 60–75, rows 30–45; the midline is column 49.5.
  const values = new Float32Array(100 * 80).fill(3000);
  for (let r = 30; r <= 45; r++) for (let c = 60; c <= 75; c++) values[r * 100 + c] = 1500;
  const radiograph: PixelImage = { Rows: 80, Columns: 100, values };
  const outlineAt = (c0: number, c1: number) => {
    const result = placeAnnotation(
      {
        id: 'cluster',
        kind: 'polyline',
        closed: true,
        category: 'mass-extent',
        label: 'Cluster',
        sections: ['findings-xr'],
        space: 'pixel',
        image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' },
        points: [imagePoint(c0, 28), imagePoint(c1, 28), imagePoint(c1, 47), imagePoint(c0, 47)],
      },
      syntheticManifest,
    );
    if (!result.ok) throw new Error('placement failed');
    return result.placement;
  };

  it('passes an outline over the opacity', () => {
    const result = checkDenserThanMirror(outlineAt(58, 77), radiograph, 'MONOCHROME1', 49.5);
    expect(result.ok, result.detail).toBe(true);
  });

  it('fails an outline over the plain side, and reads MONOCHROME2 the other way round', () => {
    const wrongSide = checkDenserThanMirror(outlineAt(22, 41), radiograph, 'MONOCHROME1', 49.5);
    expect(wrongSide.ok).toBe(false);
    expect(wrongSide.detail).toMatch(
      /^the outlined region is not denser than its mirror image \(mean 3000 against \d+, MONOCHROME1/,
    );
    expect(checkDenserThanMirror(outlineAt(58, 77), radiograph, 'MONOCHROME2', 49.5).ok).toBe(false);
  });
});
