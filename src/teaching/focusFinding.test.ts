import { describe, expect, it } from 'vitest';
import { parallelCameraFrom } from '../model/cameraMapping.ts';
import { imagePlane, imagePoint, imageToWorld, worldVector } from '../model/geometry.ts';
import { initialViewState, stoppedCine, type ViewState } from '../model/ViewState.ts';
import { buildAnnotationIndex, resolveFindingLink } from './AnnotationIndex.ts';
import { focusFinding, focusZoom, panToCentre } from './focusFinding.ts';
import {
  ctSeries,
  dxAnnotation,
  dxSeries,
  fileWith,
  levelOnSlice5,
  syntheticManifest,
} from './syntheticCase.testutil.ts';

const level = levelOnSlice5;
const xr = dxAnnotation('cluster', 'mass', {
  kind: 'ellipse',
  points: [
    [70, 30],
    [80, 30],
    [70, 36],
  ],
});
const index = buildAnnotationIndex(fileWith([level, xr]), syntheticManifest);
const target = (id: string) => {
  const t = resolveFindingLink(index, id);
  if (!t) throw new Error(`no target ${id}`);
  return t;
};

describe('panToCentre', () => {
  it('is zero for the fitted focal point and moves the image against the offset', () => {
    expect(panToCentre(ctSeries, imagePoint(32, 32))).toEqual([0, 0]);
    // 10 columns right of it at 0.5 mm: the image moves 5 mm left.
    expect(panToCentre(ctSeries, imagePoint(42, 22))).toEqual([-5, 5]);
    // Anisotropic pixels: PixelSpacing is [row spacing, column spacing].
    expect(panToCentre({ Rows: 11, Columns: 21, PixelSpacing: [2, 0.5] }, imagePoint(20.5, 0.5))).toEqual([
      -5, 10,
    ]);
  });

  it("measures in the viewer's spacing when it is given (a radiograph corrected for magnification)", () => {
    expect(panToCentre(dxSeries, imagePoint(60, 40), [0.1, 0.1])).toEqual([-1, 0]);
  });

  it('puts the point under the camera focal point (cameraMapping round trip on an axial CT)', () => {
    const plane = imagePlane(ctSeries, 5);
    if (!plane) throw new Error('no plane');
    const centre = imageToWorld(plane, imagePoint(32, 32));
    const frame = {
      fit: { focalPoint: centre, parallelScale: 16 },
      right: worldVector(1, 0, 0),
      down: worldVector(0, 1, 0),
    };
    const point = imagePoint(10, 50);
    const camera = parallelCameraFrom({ zoom: 2, panMm: panToCentre(ctSeries, point) }, frame);
    const world = imageToWorld(plane, point);
    expect(camera.focalPoint[0]).toBeCloseTo(world[0], 9);
    expect(camera.focalPoint[1]).toBeCloseTo(world[1], 9);
  });
});

describe('focusFinding', () => {
  const start: ViewState = initialViewState('demo-case', 'ct-axial', 12);

  it('goes to the image, centres the finding, shows its category and highlights it', () => {
    const next = focusFinding(start, target('level-1'), ctSeries);
    expect(next.viewports[0]).toMatchObject({ seriesKey: 'ct-axial', imageIndex: 5 });
    // Centre of the level: x = 0, y = 2 mm -> column 32, row 36 on a grid starting at -16 mm.
    expect(next.viewports[0]?.camera).toEqual({ zoom: focusZoom, panMm: [0, -2] });
    expect(next.visibleCategories).toEqual(['level']);
    expect(next.highlightedFinding).toBe('level-1');
  });

  it('keeps the zoom, W/L and other categories when the series is already shown', () => {
    const zoomed: ViewState = {
      ...start,
      visibleCategories: ['level', 'mass'],
      viewports: [
        {
          seriesKey: 'ct-axial',
          imageIndex: 3,
          invert: false,
          voi: { windowCenter: 300, windowWidth: 1500 },
          camera: { zoom: 3, panMm: [4, 4] },
          cine: { playing: true, fps: 20 },
        },
      ],
    };
    const next = focusFinding(zoomed, target('level-1'), ctSeries);
    expect(next.viewports[0]).toEqual({
      seriesKey: 'ct-axial',
      imageIndex: 5,
      invert: false,
      voi: { windowCenter: 300, windowWidth: 1500 },
      camera: { zoom: 3, panMm: [0, -2] },
      cine: { playing: false, fps: 20 },
    });
    expect(next.visibleCategories).toEqual(['level', 'mass']);
  });

  it('switches the active viewport to the series, at the focus zoom, with the default window', () => {
    const next = focusFinding(
      { ...start, viewports: [{ ...start.viewports[0], camera: { zoom: 2, panMm: [1, 1] } } as never] },
      target('cluster'),
      dxSeries,
    );
    expect(next.viewports[0]).toEqual({
      seriesKey: 'dx-pelvis',
      imageIndex: 0,
      invert: false,
      cine: stoppedCine,
      camera: { zoom: focusZoom, panMm: [-(70 - 50) * 0.2, -(30 - 40) * 0.2] }, // an ellipse centres on its first point
    });
    expect(next.activeViewport).toBe(0);
  });

  it('uses (and activates) another viewport that already shows the series', () => {
    const two: ViewState = {
      ...start,
      layout: '1x2',
      activeViewport: 0,
      viewports: [
        { seriesKey: 'ct-axial', imageIndex: 2, invert: false, cine: stoppedCine },
        { seriesKey: 'dx-pelvis', imageIndex: 0, invert: true, cine: stoppedCine },
      ],
    };
    const next = focusFinding(two, target('cluster'), dxSeries);
    expect(next.activeViewport).toBe(1);
    expect(next.viewports[0]).toBe(two.viewports[0]);
    expect(next.viewports[1]).toMatchObject({ seriesKey: 'dx-pelvis', invert: true });
  });
});
