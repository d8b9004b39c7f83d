import { describe, expect, it } from 'vitest';
import {
  add,
  type CanvasPoint,
  type CanvasVector,
  canvasPoint,
  canvasVector,
  cross,
  displacement,
  dot,
  fromCornerstoneImageCoords,
  halfSliceThicknessMm,
  type ImagePoint,
  imagePlane,
  imagePlaneOf,
  imagePoint,
  imageToWorld,
  isInsideImage,
  nearestImageIndex,
  norm,
  type StackGeometry,
  scale,
  sub,
  toCornerstoneImageCoords,
  translate,
  type WorldPoint,
  type WorldVector,
  worldPoint,
  worldToImage,
  worldVector,
} from './geometry.ts';

function close(actual: readonly number[], expected: readonly number[]): void {
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 9);
  });
}

/** CT: 24 axial slices of 64×64, 0.5 mm pixels, 2 mm thick every 2 mm, superior (z = 20) to inferior. */
const ctStack: StackGeometry = {
  Rows: 64,
  Columns: 64,
  PixelSpacing: [0.5, 0.5],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  SliceThickness: 2,
  sliceSpacingMm: 2,
  instances: Array.from({ length: 24 }, (_, i) => ({
    ImagePositionPatient: worldPoint(-16, -16, 20 - 2 * i),
  })),
};

const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
/** MR: 6 slices of 40×30 (columns × rows), 0.8 × 1.2 mm pixels, 5 mm thick, rotated 30° about z. */
const mrStack: StackGeometry = {
  Rows: 30,
  Columns: 40,
  PixelSpacing: [1.2, 0.8],
  ImageOrientationPatient: [c, s, 0, -s, c, 0],
  SliceThickness: 5,
  instances: Array.from({ length: 6 }, (_, i) => ({ ImagePositionPatient: worldPoint(10, -20, 12 - 5 * i) })),
};

/** A radiograph: one 100×80 image, no patient geometry. */
const dxStack: StackGeometry = { Rows: 80, Columns: 100, PixelSpacing: [0.2, 0.2], instances: [{}] };

describe('vectors', () => {
  const a = worldVector(1, 2, 3);
  const b = worldVector(-4, 0.5, 2);

  it('add, subtract, scale, dot and cross as in LPS (right-handed: x × y = z)', () => {
    expect(add(a, b)).toEqual([-3, 2.5, 5]);
    expect(sub(a, b)).toEqual([5, 1.5, 1]);
    expect(scale(a, -2)).toEqual([-2, -4, -6]);
    expect(dot(a, b)).toBe(3);
    expect(cross(worldVector(1, 0, 0), worldVector(0, 1, 0))).toEqual([0, 0, 1]);
    expect(dot(cross(a, b), a)).toBeCloseTo(0, 12);
  });

  it('measures length', () => {
    expect(norm(worldVector(3, 4, 12))).toBe(13);
  });

  it('moves a point by a vector, and gives the vector between two points', () => {
    const p = worldPoint(10, 20, 30);
    expect(translate(p, a)).toEqual([11, 22, 33]);
    expect(displacement(p, worldPoint(11, 22, 33))).toEqual([1, 2, 3]);
  });
});

describe('one image from its DICOM attributes', () => {
  const plane = imagePlaneOf({
    ImagePositionPatient: worldPoint(-100, -80, 5),
    // A coronal image: rows run to patient left (+x), columns to the feet (−z).
    ImageOrientationPatient: [1, 0, 0, 0, 0, -1],
    PixelSpacing: [2, 0.5],
    Rows: 10,
    Columns: 20,
  });

  it('takes its directions from IOP, its normal from their cross product, spacings from PixelSpacing', () => {
    expect(plane.rowDirection).toEqual([1, 0, 0]);
    expect(plane.columnDirection).toEqual([0, 0, -1]);
    close(plane.normal, [0, 1, 0]);
    expect(plane.rowSpacingMm).toBe(2);
    expect(plane.columnSpacingMm).toBe(0.5);
  });

  it('maps [column, row] to IPP + column·PixelSpacing[1] along the row + row·PixelSpacing[0] down', () => {
    close(imageToWorld(plane, imagePoint(4, 3)), [-98, -80, -1]);
    const back = worldToImage(plane, worldPoint(-98, -77, -1));
    close(back.point, [4, 3]);
    expect(back.distanceMm).toBeCloseTo(3, 9);
  });
});

describe('CT axial geometry', () => {
  const plane = imagePlane(ctStack, 3);
  if (!plane) throw new Error('CT slice 3 must have a plane');

  it('puts [column, row] at IPP + column·PixelSpacing[1] along x + row·PixelSpacing[0] along y', () => {
    close(imageToWorld(plane, imagePoint(0, 0)), [-16, -16, 14]);
    close(imageToWorld(plane, imagePoint(10, 20)), [-11, -6, 14]);
  });

  it('maps a patient point back to [column, row] and its distance from the slice', () => {
    const { point, distanceMm } = worldToImage(plane, worldPoint(-11, -6, 14.75));
    close(point, [10, 20]);
    expect(distanceMm).toBeCloseTo(0.75, 9);
  });

  it('finds the nearest slice of a point (slices run superior to inferior)', () => {
    expect(nearestImageIndex(ctStack, worldPoint(0, 0, 14.4))).toEqual({
      imageIndex: 3,
      distanceMm: expect.closeTo(0.4, 9),
    });
    expect(nearestImageIndex(ctStack, worldPoint(0, 0, -25.9))?.imageIndex).toBe(23);
  });

  it('knows half the slice thickness, or half the slice spacing without one', () => {
    expect(halfSliceThicknessMm(ctStack)).toBe(1);
    expect(halfSliceThicknessMm(mrStack)).toBe(2.5);
    expect(halfSliceThicknessMm({ ...mrStack, SliceThickness: undefined })).toBe(2.5);
  });
});

describe('MR oblique geometry (its own frame, rectangular pixels)', () => {
  const plane = imagePlane(mrStack, 2);
  if (!plane) throw new Error('MR slice 2 must have a plane');

  it('follows the rotated row and column directions with their own spacings', () => {
    const column = 3;
    const row = 2;
    const world: WorldPoint = worldPoint(
      10 + column * 0.8 * c - row * 1.2 * s,
      -20 + column * 0.8 * s + row * 1.2 * c,
      2,
    );
    close(imageToWorld(plane, imagePoint(column, row)), world);
    const back = worldToImage(plane, worldPoint(world[0], world[1], world[2] - 1.5));
    close(back.point, [column, row]);
    expect(back.distanceMm).toBeCloseTo(-1.5, 9);
  });

  it('round-trips arbitrary points', () => {
    for (const p of [imagePoint(0.3, 7.1), imagePoint(39, 29), imagePoint(-0.5, 12.25)]) {
      close(worldToImage(plane, imageToWorld(plane, p)).point, p);
    }
  });
});

describe('image bounds and projection images', () => {
  it('accepts points up to the outer pixel edges only', () => {
    expect(isInsideImage(mrStack, imagePoint(-0.5, -0.5))).toBe(true);
    expect(isInsideImage(mrStack, imagePoint(39.5, 29.5))).toBe(true);
    expect(isInsideImage(mrStack, imagePoint(39.6, 10))).toBe(false);
    expect(isInsideImage(mrStack, imagePoint(10, -0.6))).toBe(false);
  });

  it('has no plane for a radiograph', () => {
    expect(imagePlane(dxStack, 0)).toBeUndefined();
    expect(nearestImageIndex(dxStack, worldPoint(0, 0, 0))).toBeUndefined();
  });

  it('has no plane for an image index outside the series', () => {
    expect(imagePlane(ctStack, 24)).toBeUndefined();
  });
});

describe('Cornerstone image coordinates', () => {
  it('are ours shifted by half a pixel (their origin is the first pixel corner)', () => {
    expect(toCornerstoneImageCoords(imagePoint(0, 0))).toEqual([0.5, 0.5]);
    expect(fromCornerstoneImageCoords([10.5, 3])).toEqual([10, 2.5]);
  });
});

describe('coordinate spaces', () => {
  // Each `@ts-expect-error` below must be an error for `npm run typecheck` (tsc includes this file) to
  // pass: should a brand stop telling two spaces apart, the directive is unused and the check fails.
  it('does not compile a point of one space where another is expected', () => {
    const plane = imagePlane(ctStack, 0);
    if (!plane) throw new Error('CT slice 0 must have a plane');
    const onCanvas = canvasPoint(12, 34);
    const offset = worldVector(1, 2, 3);
    // @ts-expect-error a canvas point (CSS px) is not an image point (column, row)
    expect(isInsideImage(ctStack, onCanvas)).toBe(true);
    // @ts-expect-error an image point is not a canvas point
    const notCanvas: CanvasPoint = imagePoint(1, 2);
    // @ts-expect-error a displacement is not a position
    expect(worldToImage(plane, offset).point).toHaveLength(2);
    // @ts-expect-error a position is not a displacement
    const notOffset: WorldVector = worldPoint(1, 2, 3);
    // @ts-expect-error a canvas displacement is not a canvas point
    const notOnCanvas: CanvasPoint = canvasVector(1, 2);
    // @ts-expect-error a bare tuple belongs to no space: only the constructors make points
    const bare: ImagePoint = [1, 2];
    // @ts-expect-error two points do not add up: translate takes a point and a vector
    expect(translate(worldPoint(0, 0, 0), worldPoint(1, 1, 1))).toEqual([1, 1, 1]);
    expect([notCanvas, notOffset, notOnCanvas, bare]).toHaveLength(4);
  });

  it('are plain arrays at run time: the constructors wrap nothing', () => {
    const points: readonly (WorldPoint | WorldVector | ImagePoint | CanvasPoint | CanvasVector)[] = [
      worldPoint(1, 2, 3),
      worldVector(1, 2, 3),
      imagePoint(4, 5),
      canvasPoint(6, 7),
      canvasVector(8, 9),
    ];
    for (const p of points) {
      expect(Array.isArray(p)).toBe(true);
      expect(Object.keys(p)).toEqual(p.length === 3 ? ['0', '1', '2'] : ['0', '1']);
    }
    expect(JSON.stringify(points)).toBe('[[1,2,3],[1,2,3],[4,5],[6,7],[8,9]]');
  });
});
