import { describe, expect, it } from 'vitest';
import type { TruthProjection } from '../generator/CaseTruth.ts';
import { worldPoint } from '../src/model/geometry.ts';
import { projectToRadiograph, radiographMagnification } from './projectToRadiograph.ts';

function close(actual: readonly number[], expected: readonly number[]): void {
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 9);
  });
}

describe('projectToRadiograph', () => {
  const projection: TruthProjection = {
    seriesKey: 'dx-pelvis',
    distanceSourceToDetectorMm: 1100,
    distanceSourceToPatientMm: 1000,
    sourceMm: worldPoint(0, -1000, 0),
    detectorYMm: 100,
    detectorOriginXZMm: [-200, 150],
    imagerPixelSpacingMm: [0.5, 0.25],
    columnSignX: 1,
    rowSignZ: -1,
  };

  it('puts the central ray at the detector position of the source', () => {
    close(projectToRadiograph(projection, worldPoint(0, 30, 0)), [200 / 0.25, 150 / 0.5]);
  });

  it('magnifies off-axis points by detector distance over source distance', () => {
    // A point 50 mm left and 20 mm caudal at y = 0 lands 55 mm and 22 mm from the central ray (×1.1).
    expect(radiographMagnification(projection, 0)).toBeCloseTo(1.1, 9);
    close(projectToRadiograph(projection, worldPoint(50, 0, -20)), [(200 + 55) / 0.25, (150 + 22) / 0.5]);
  });

  it('honours a mirrored column direction', () => {
    const mirrored = { ...projection, columnSignX: -1 as const, detectorOriginXZMm: [200, 150] as const };
    close(projectToRadiograph(mirrored, worldPoint(50, 0, 0)), [(200 - 55) / 0.25, 150 / 0.5]);
  });
});
