import { describe, expect, it } from 'vitest';
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import { imagePoint, type WorldPoint, worldPoint } from '../model/geometry.ts';
import type { TeachingAnnotation } from '../model/TeachingAnnotation.ts';
import { distanceToShape, hitTest, type ImageClick } from './hitTest.ts';
import { placeAnnotation } from './placeAnnotation.ts';
import {
  ctAnnotation,
  ctSeries,
  dxAnnotation,
  mrSeries,
  syntheticManifest,
} from './syntheticCase.testutil.ts';

/** A second CT series in the same frame: 5 mm slices from z = 20 down, another pixel grid. */
const thickSeries: ManifestSeries = {
  ...ctSeries,
  key: 'ct-thick',
  SeriesInstanceUID: '1.2.3.9',
  SliceThickness: 5,
  sliceSpacingMm: 5,
  Rows: 32,
  Columns: 32,
  PixelSpacing: [1, 1],
  instances: Array.from({ length: 8 }, (_, i) => ({
    file: `thick/${i}.dcm`,
    SOPInstanceUID: `1.2.3.9.${i + 1}`,
    InstanceNumber: i + 1,
    ImagePositionPatient: worldPoint(-16, -16, 20 - 5 * i),
  })),
};
const manifest: CaseManifest = { ...syntheticManifest, series: [...syntheticManifest.series, thickSeries] };

const placed = (annotation: TeachingAnnotation) => {
  const result = placeAnnotation(annotation, manifest);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.placement;
};

/** A click at (x, y) mm on CT slice `slice` (z = 20 − 2·slice). */
const ctClick = (slice: number, x: number, y: number): ImageClick => ({
  seriesKey: 'ct-axial',
  SOPInstanceUID: `1.2.3.1.${slice + 1}`,
  world: worldPoint(x, y, 20 - 2 * slice),
});

const tolerance = { toleranceMm: 3, throughPlaneMm: 2.5 };

/** Every kind drawn on CT slice 5 (z = 10), with a point on it, one within 3 mm, and one 20 mm away. */
const kinds: ReadonlyArray<{
  name: string;
  annotation: TeachingAnnotation;
  on: readonly [number, number];
  near: readonly [number, number];
  nearMm: number;
  far: readonly [number, number];
  /** A point that is close to a handle but not to what counts (arrow tail, open polyline's gap). */
  notCounted?: readonly [number, number];
}> = [
  {
    name: 'point (a disc of the tolerance)',
    annotation: ctAnnotation('p', 'c', 5, { kind: 'point', points: [[0, 0, 10]] }),
    on: [0, 0],
    near: [1.8, 2.4],
    nearMm: 3,
    far: [20, 0],
  },
  {
    name: 'arrow (its tip)',
    annotation: ctAnnotation('a', 'c', 5, {
      kind: 'arrow',
      points: [
        [-10, -10, 10],
        [0, 0, 10],
      ],
    }),
    on: [0, 0],
    near: [0, 2],
    nearMm: 2,
    far: [0, 20],
    notCounted: [-10, -10],
  },
  {
    name: 'line (the segment)',
    annotation: ctAnnotation('l', 'c', 5, {
      kind: 'line',
      points: [
        [-5, 2, 10],
        [5, 2, 10],
      ],
    }),
    on: [3, 2],
    near: [4, 4.5],
    nearMm: 2.5,
    far: [0, 22],
    notCounted: [8.5, 2],
  },
  {
    name: 'open polyline (the path)',
    annotation: ctAnnotation('o', 'c', 5, {
      kind: 'polyline',
      closed: false,
      points: [
        [-6, -4, 10],
        [6, -4, 10],
        [6, 6, 10],
      ],
    }),
    on: [6, 0],
    near: [8, 1],
    nearMm: 2,
    far: [-6, -24],
    // Inside the shape it would close: an open path is no region.
    notCounted: [-4, 3],
  },
  {
    name: 'closed polyline (inside, or near the edge)',
    annotation: ctAnnotation('r', 'c', 5, {
      kind: 'polyline',
      closed: true,
      points: [
        [-6, -4, 10],
        [6, -4, 10],
        [6, 6, 10],
        [-6, 6, 10],
      ],
    }),
    on: [-4, 3],
    near: [-8, 0],
    nearMm: 2,
    far: [0, 26],
  },
  {
    name: 'ellipse (inside, or near the edge)',
    annotation: ctAnnotation('e', 'c', 5, {
      kind: 'ellipse',
      points: [
        [0, 0, 10],
        [8, 0, 10],
        [0, 4, 10],
      ],
    }),
    on: [5, 2],
    near: [0, 6.5],
    nearMm: 2.5,
    far: [0, 24],
  },
  {
    name: 'text (its anchor)',
    annotation: ctAnnotation('t', 'c', 5, { kind: 'text', text: 'level', points: [[2, 2, 10]] }),
    on: [2, 2],
    near: [2, 4.9],
    nearMm: 2.9,
    far: [22, 2],
  },
];

describe('hitTest on a CT stack, per kind', () => {
  for (const k of kinds) {
    describe(k.name, () => {
      const targets = [placed(k.annotation)];
      it('scores on its own slice, on the geometry and within the tolerance', () => {
        const on = hitTest(ctClick(5, ...k.on), targets, tolerance, manifest);
        expect(on.hit).toBe(true);
        expect(on.nearest?.annotationId).toBe(k.annotation.id);
        expect(on.nearest?.throughPlaneMm).toBeCloseTo(0, 9);
        const near = hitTest(ctClick(5, ...k.near), targets, tolerance, manifest);
        expect(near.hit).toBe(true);
        expect(near.nearest?.inPlaneMm).toBeCloseTo(k.nearMm, 2);
      });
      it('scores on the neighbouring slice (2 mm, within 2.5 mm through-plane), either side', () => {
        for (const slice of [4, 6]) {
          const result = hitTest(ctClick(slice, ...k.on), targets, tolerance, manifest);
          expect(result.hit).toBe(true);
          expect(result.nearest?.throughPlaneMm).toBeCloseTo(2, 9);
        }
      });
      it('misses two slices away (4 mm), saying it is the slice', () => {
        const result = hitTest(ctClick(7, ...k.on), targets, tolerance, manifest);
        expect(result.hit).toBe(false);
        expect(result.reason).toBe('other-slice');
        expect(result.nearest?.throughPlaneMm).toBeCloseTo(4, 9);
      });
      it('misses 20 mm away on its own slice, reporting the distance', () => {
        const result = hitTest(ctClick(5, ...k.far), targets, tolerance, manifest);
        expect(result.hit).toBe(false);
        expect(result.reason).toBe('too-far');
        expect(result.nearest?.inPlaneMm).toBeGreaterThanOrEqual(19.9);
        expect(result.nearest?.inPlaneMm).toBeLessThan(26);
      });
      if (k.notCounted) {
        const notCounted = k.notCounted;
        it('does not count what is not the finding', () => {
          expect(hitTest(ctClick(5, ...notCounted), targets, tolerance, manifest).hit).toBe(false);
        });
      }
      it('never compares with another frame of reference', () => {
        const click: ImageClick = {
          seriesKey: mrSeries.key,
          SOPInstanceUID: '1.2.3.2.1',
          // The very same patient coordinates, in the MR's own frame: not the same place.
          world: worldPoint(k.on[0], k.on[1], 12),
        };
        const result = hitTest(click, targets, { toleranceMm: 100, throughPlaneMm: 100 }, manifest);
        expect(result).toMatchObject({ hit: false, nearest: null, reason: 'not-comparable' });
      });
    });
  }
});

describe('hitTest details', () => {
  const level = placed(
    ctAnnotation('level', 'c', 5, {
      kind: 'line',
      points: [
        [-5, 2, 10],
        [5, 2, 10],
      ],
    }),
  );

  it('takes the through-plane distance between planes, not from the click to the segment', () => {
    // 2 mm off in-plane and 2 mm off through-plane: 2.8 mm in 3-D but a hit with 2 / 2.5 mm tolerances.
    const result = hitTest(ctClick(4, 0, 4), [level], { toleranceMm: 2, throughPlaneMm: 2.5 }, manifest);
    expect(result.hit).toBe(true);
    expect(result.nearest).toMatchObject({ inPlaneMm: 2, throughPlaneMm: 2 });
  });

  it('with no through-plane tolerance counts only the annotation’s own image', () => {
    const own = { toleranceMm: 3, throughPlaneMm: 0 };
    expect(hitTest(ctClick(5, 0, 2), [level], own, manifest).hit).toBe(true);
    expect(hitTest(ctClick(4, 0, 2), [level], own, manifest).hit).toBe(false);
  });

  it('projects a click that is a little off its image plane onto it first', () => {
    const off: ImageClick = { ...ctClick(5, 0, 2), world: worldPoint(0, 2, 10.7) };
    const result = hitTest(off, [level], { toleranceMm: 1, throughPlaneMm: 0 }, manifest);
    expect(result.hit).toBe(true);
    expect(result.nearest?.throughPlaneMm).toBeCloseTo(0, 9);
  });

  it('compares another series in the same frame by its planes (5 mm slices vs the 2 mm stack)', () => {
    // Thick slice 2 is at z = 10, the level's own plane; thick slice 1 at z = 15 is 5 mm away.
    const thick = (slice: number, world: WorldPoint): ImageClick => ({
      seriesKey: 'ct-thick',
      SOPInstanceUID: `1.2.3.9.${slice + 1}`,
      world,
    });
    const on = hitTest(thick(2, worldPoint(1, 2, 10)), [level], tolerance, manifest);
    expect(on.hit).toBe(true);
    const off = hitTest(thick(1, worldPoint(1, 2, 15)), [level], tolerance, manifest);
    expect(off).toMatchObject({ hit: false, reason: 'other-slice' });
    expect(off.nearest?.throughPlaneMm).toBeCloseTo(5, 9);
  });

  it('with several targets, reports the one hit, else the nearest', () => {
    const other = placed(ctAnnotation('other', 'c', 8, { kind: 'point', points: [[0, 2, 4]] }));
    const onOther = hitTest(ctClick(8, 0, 3), [level, other], tolerance, manifest);
    expect(onOther.hit).toBe(true);
    expect(onOther.nearest?.annotationId).toBe('other');
    expect(onOther.distances.map((d) => d.annotationId)).toEqual(['level', 'other']);
    const between = hitTest(ctClick(6, 30, 2), [level, other], tolerance, manifest);
    expect(between.hit).toBe(false);
    expect(between.nearest?.annotationId).toBe('level');
  });

  it('an unknown image is not comparable (and does not throw)', () => {
    const click: ImageClick = { seriesKey: 'ct-axial', SOPInstanceUID: 'nope', world: worldPoint(0, 2, 10) };
    expect(hitTest(click, [level], tolerance, manifest)).toMatchObject({
      hit: false,
      reason: 'not-comparable',
    });
  });

  it('works in an oblique plane (the MR is rotated 30°)', () => {
    // A point annotation on MR slice 2 placed at the image point (10, 10) of that slice.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const at = (col: number, row: number, slice: number) =>
      worldPoint(10 + col * 0.8 * c - row * 1.2 * s, -20 + col * 0.8 * s + row * 1.2 * c, 12 - 5 * slice);
    const mark = placed({
      id: 'mr-mark',
      category: 'c',
      label: 'x',
      sections: ['s'],
      space: 'patient',
      image: {
        seriesKey: 'mr-t1',
        SOPInstanceUID: '1.2.3.2.3',
        FrameOfReferenceUID: mrSeries.FrameOfReferenceUID ?? '',
      },
      kind: 'point',
      points: [at(10, 10, 2)],
    } as TeachingAnnotation);
    const click = (col: number, row: number): ImageClick => ({
      seriesKey: 'mr-t1',
      SOPInstanceUID: '1.2.3.2.3',
      world: at(col, row, 2),
    });
    // 2.5 columns of 0.8 mm = 2 mm along the rotated row direction.
    expect(hitTest(click(12.5, 10), [mark], tolerance, manifest).nearest?.inPlaneMm).toBeCloseTo(2, 9);
    expect(hitTest(click(10, 15), [mark], tolerance, manifest).hit).toBe(false);
  });
});

describe('hitTest on a radiograph (pixel space)', () => {
  // 0.2 mm pixels: 15 pixels are 3 mm.
  const cluster = placed(
    dxAnnotation('cluster', 'c', {
      kind: 'polyline',
      closed: true,
      points: [
        [20, 20],
        [60, 20],
        [60, 50],
        [20, 50],
      ],
    }),
  );
  const dx = (column: number, row: number): ImageClick => ({
    seriesKey: 'dx-pelvis',
    SOPInstanceUID: '1.2.3.3.1',
    image: imagePoint(column, row),
  });

  it('scores inside, and within the tolerance scaled by PixelSpacing', () => {
    expect(hitTest(dx(40, 30), [cluster], tolerance, manifest).hit).toBe(true);
    const near = hitTest(dx(74, 30), [cluster], tolerance, manifest);
    expect(near.hit).toBe(true);
    expect(near.nearest?.inPlaneMm).toBeCloseTo(2.8, 9);
    const far = hitTest(dx(76, 30), [cluster], tolerance, manifest);
    expect(far).toMatchObject({ hit: false, reason: 'too-far' });
    expect(far.nearest?.inPlaneMm).toBeCloseTo(3.2, 9);
  });

  it('counts on its own image only', () => {
    const onCt: ImageClick = { ...ctClick(5, 0, 0), image: imagePoint(40, 30) };
    expect(hitTest(onCt, [cluster], tolerance, manifest)).toMatchObject({
      hit: false,
      reason: 'not-comparable',
    });
  });
});

describe('distanceToShape', () => {
  it('gives 0 inside a closed shape and the edge distance outside', () => {
    const square = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ] as const;
    expect(distanceToShape('polyline', square, true, [5, 5])).toBe(0);
    expect(distanceToShape('polyline', square, false, [5, 5])).toBe(5);
    expect(distanceToShape('polyline', square, true, [13, 14])).toBeCloseTo(5, 9);
  });

  it('measures an ellipse edge along its axes', () => {
    const ellipse = [
      [0, 0],
      [10, 0],
      [0, 5],
    ] as const;
    expect(distanceToShape('ellipse', ellipse, false, [9.9, 0])).toBe(0);
    expect(distanceToShape('ellipse', ellipse, false, [13, 0])).toBeCloseTo(3, 3);
    expect(distanceToShape('ellipse', ellipse, false, [0, 7])).toBeCloseTo(2, 3);
  });
});
