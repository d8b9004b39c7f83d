import { describe, expect, it } from 'vitest';
import type { WorldPoint } from '../model/CaseManifest.ts';
import type { TruthProjection } from '../model/CaseTruth.ts';
import { projectToRadiograph, radiographMagnification } from './projectToRadiograph.ts';
import {
  fromCornerstoneImageCoords,
  halfSliceThicknessMm,
  imagePlane,
  imageToWorld,
  isInsideImage,
  nearestImageIndex,
  toCornerstoneImageCoords,
  worldToImage,
} from './seriesGeometry.ts';
import { ctSeries, dxSeries, mrSeries } from './syntheticCase.testutil.ts';

function close(actual: readonly number[], expected: readonly number[]): void {
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 9);
  });
}

describe('CT axial geometry', () => {
  const plane = imagePlane(ctSeries, 3);
  if (!plane) throw new Error('CT slice 3 must have a plane');

  it('puts [column, row] at IPP + column·PixelSpacing[1] along x + row·PixelSpacing[0] along y', () => {
    close(imageToWorld(plane, [0, 0]), [-16, -16, 14]);
    close(imageToWorld(plane, [10, 20]), [-11, -6, 14]);
  });

  it('maps a patient point back to [column, row] and its distance from the slice', () => {
    const { point, distanceMm } = worldToImage(plane, [-11, -6, 14.75]);
    close(point, [10, 20]);
    expect(distanceMm).toBeCloseTo(0.75, 9);
  });

  it('finds the nearest slice of a point (slices run superior to inferior)', () => {
    expect(nearestImageIndex(ctSeries, [0, 0, 14.4])).toEqual({
      imageIndex: 3,
      distanceMm: expect.closeTo(0.4, 9),
    });
    expect(nearestImageIndex(ctSeries, [0, 0, -25.9])?.imageIndex).toBe(23);
  });

  it('knows half the slice thickness', () => {
    expect(halfSliceThicknessMm(ctSeries)).toBe(1);
    expect(halfSliceThicknessMm(mrSeries)).toBe(2.5);
  });
});

describe('MR oblique geometry (its own frame, rectangular pixels)', () => {
  const plane = imagePlane(mrSeries, 2);
  if (!plane) throw new Error('MR slice 2 must have a plane');
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);

  it('follows the rotated row and column directions with their own spacings', () => {
    const column = 3;
    const row = 2;
    const world: WorldPoint = [
      10 + column * 0.8 * c - row * 1.2 * s,
      -20 + column * 0.8 * s + row * 1.2 * c,
      2,
    ];
    close(imageToWorld(plane, [column, row]), world);
    const back = worldToImage(plane, [world[0], world[1], world[2] - 1.5]);
    close(back.point, [column, row]);
    expect(back.distanceMm).toBeCloseTo(-1.5, 9);
  });

  it('round-trips arbitrary points', () => {
    for (const p of [
      [0.3, 7.1],
      [39, 29],
      [-0.5, 12.25],
    ] as const) {
      close(worldToImage(plane, imageToWorld(plane, p)).point, p);
    }
  });
});

describe('image bounds and projection images', () => {
  it('accepts points up to the outer pixel edges only', () => {
    expect(isInsideImage(mrSeries, [-0.5, -0.5])).toBe(true);
    expect(isInsideImage(mrSeries, [39.5, 29.5])).toBe(true);
    expect(isInsideImage(mrSeries, [39.6, 10])).toBe(false);
    expect(isInsideImage(mrSeries, [10, -0.6])).toBe(false);
  });

  it('has no plane for a radiograph', () => {
    expect(imagePlane(dxSeries, 0)).toBeUndefined();
    expect(nearestImageIndex(dxSeries, [0, 0, 0])).toBeUndefined();
  });
});

describe('Cornerstone image coordinates', () => {
  it('are ours shifted by half a pixel (their origin is the first pixel corner)', () => {
    expect(toCornerstoneImageCoords([0, 0])).toEqual([0.5, 0.5]);
    expect(fromCornerstoneImageCoords([10.5, 3])).toEqual([10, 2.5]);
  });
});

describe('projectToRadiograph', () => {
  const projection: TruthProjection = {
    seriesKey: 'dx-pelvis',
    distanceSourceToDetectorMm: 1100,
    distanceSourceToPatientMm: 1000,
    sourceMm: [0, -1000, 0],
    detectorYMm: 100,
    detectorOriginXZMm: [-200, 150],
    imagerPixelSpacingMm: [0.5, 0.25],
    columnSignX: 1,
    rowSignZ: -1,
  };

  it('puts the central ray at the detector position of the source', () => {
    close(projectToRadiograph(projection, [0, 30, 0]), [200 / 0.25, 150 / 0.5]);
  });

  it('magnifies off-axis points by detector distance over source distance', () => {
    // A point 50 mm left and 20 mm caudal at y = 0 lands 55 mm and 22 mm from the central ray (×1.1).
    expect(radiographMagnification(projection, 0)).toBeCloseTo(1.1, 9);
    close(projectToRadiograph(projection, [50, 0, -20]), [(200 + 55) / 0.25, (150 + 22) / 0.5]);
  });

  it('honours a mirrored column direction', () => {
    const mirrored = { ...projection, columnSignX: -1 as const, detectorOriginXZMm: [200, 150] as const };
    close(projectToRadiograph(mirrored, [50, 0, 0]), [(200 - 55) / 0.25, 150 / 0.5]);
  });
});
