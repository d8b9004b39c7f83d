// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../lib/Emitter.ts';
import { createStore } from '../lib/Store.ts';
import type { ManifestSeries } from '../model/CaseManifest.ts';
import {
  type CanvasPoint,
  canvasPoint,
  type ImagePoint,
  type WorldPoint,
  worldPoint,
} from '../model/geometry.ts';
import type { LivePointer as Pointer } from '../model/liveProtocol.ts';
import { syntheticManifestOf, syntheticSeries } from '../model/syntheticStack.testutil.ts';
import type { ViewerEvents, ViewportDisplay } from '../model/ViewerController.ts';
import { initialViewState } from '../model/ViewState.ts';
import { LivePointer, pointerStaleMs } from './LivePointer.ts';

const base = syntheticSeries('ct', 3, '2.25.7');
const ct: ManifestSeries = {
  ...base,
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  instances: base.instances.map((instance, i) => ({
    ...instance,
    ImagePositionPatient: worldPoint(0, 0, -i),
  })),
};
const dx: ManifestSeries = { ...syntheticSeries('dx', 1, '2.25.8'), Modality: 'DX' };
const manifest = syntheticManifestOf('demo', [ct, dx]);

/** A viewer whose canvas is world × zoom + offset, and image pixels × 3 + [5, 7]; one viewport. */
function setup() {
  const events = new Emitter<ViewerEvents>();
  const camera = { zoom: 2, offset: [10, 20] as [number, number] };
  let display: ViewportDisplay | null = {
    viewportIndex: 0,
    seriesKey: 'ct',
    imageIndex: 1,
    imageCount: 3,
    voi: null,
    invert: false,
    zoom: 1,
    markers: null,
    renderCount: 1,
  };
  const viewer = {
    events,
    getDisplay: () => display,
    worldToCanvas: (_i: number, p: WorldPoint): CanvasPoint =>
      canvasPoint(p[0] * camera.zoom + camera.offset[0], p[1] * camera.zoom + camera.offset[1]),
    canvasToWorld: (_i: number, p: CanvasPoint): WorldPoint =>
      worldPoint((p[0] - camera.offset[0]) / camera.zoom, (p[1] - camera.offset[1]) / camera.zoom, -1),
    imageToCanvas: (_i: number, p: ImagePoint): CanvasPoint => canvasPoint(p[0] * 3 + 5, p[1] * 3 + 7),
  };
  const element = document.createElement('div');
  element.getBoundingClientRect = () => ({ left: 100, top: 50, right: 500, bottom: 450 }) as DOMRect;
  document.body.append(element);
  const frames: Array<() => void> = [];
  const pointer = new LivePointer({
    viewer,
    manifest,
    store: createStore(initialViewState('demo', 'ct', 1)),
    viewportElement: (i) => (i === 0 ? element : undefined),
    schedule: (callback) => frames.push(callback),
  });
  const dot = () =>
    pointer.dot.hidden
      ? null
      : [Number.parseFloat(pointer.dot.style.left), Number.parseFloat(pointer.dot.style.top)];
  const show = (next: Partial<ViewportDisplay> | null) => {
    display = next && display ? { ...display, ...next } : null;
    events.emit('display', display as ViewportDisplay);
  };
  const runFrames = () => {
    for (const frame of frames.splice(0)) frame();
  };
  return { pointer, camera, dot, show, runFrames, events };
}

const onCt = (point: readonly [number, number, number]): Pointer => ({
  image: { seriesKey: 'ct', SOPInstanceUID: '2.25.7.2' },
  point,
});

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('LivePointer: the dot', () => {
  it('sits at worldToCanvas of the point on the viewport showing the image, in page px', () => {
    const { pointer, dot } = setup();
    pointer.show(onCt([30, 40, -1]));
    expect(dot()).toEqual([100 + 30 * 2 + 10, 50 + 40 * 2 + 20]);
    expect(pointer.dot.className).toBe('live-pointer-dot');
  });

  it("moves with the viewport's camera on its next display event (zoom, pan)", () => {
    const { pointer, dot, camera, show } = setup();
    pointer.show(onCt([30, 40, -1]));
    camera.zoom = 3;
    camera.offset = [0, 0];
    show({ zoom: 1.5 });
    expect(dot()).toEqual([100 + 90, 50 + 120]);
  });

  it('hides when null, when no viewport shows the image, and when the point is off the viewport', () => {
    const { pointer, dot, show } = setup();
    pointer.show(onCt([30, 40, -1]));
    pointer.show(null);
    expect(dot()).toBeNull();
    pointer.show({ image: { seriesKey: 'ct', SOPInstanceUID: '2.25.7.3' }, point: [30, 40, -2] });
    expect(dot(), 'another slice').toBeNull();
    pointer.show(onCt([30, 40, -1]));
    show({ imageIndex: 2 });
    expect(dot(), 'the student scrolled away').toBeNull();
    show({ imageIndex: 1 });
    expect(dot(), 'and back').not.toBeNull();
    pointer.show(onCt([5000, 40, -1]));
    expect(dot(), 'off the viewport').toBeNull();
  });

  it('hides after 3 s without an update, and an update keeps it', () => {
    vi.useFakeTimers();
    const { pointer, dot } = setup();
    pointer.show(onCt([30, 40, -1]));
    vi.advanceTimersByTime(pointerStaleMs - 100);
    pointer.show(onCt([31, 40, -1]));
    vi.advanceTimersByTime(pointerStaleMs - 100);
    expect(dot()).not.toBeNull();
    vi.advanceTimersByTime(200);
    expect(dot()).toBeNull();
  });

  it('places a projection pointer ([column, row, 0]) with imageToCanvas', () => {
    const { pointer, dot, show } = setup();
    show({ seriesKey: 'dx', imageIndex: 0, imageCount: 1 });
    pointer.show({ image: { seriesKey: 'dx', SOPInstanceUID: '2.25.8.1' }, point: [10, 20, 0] });
    expect(dot()).toEqual([100 + 35, 50 + 67]);
  });
});

describe('LivePointer: the teacher holds it', () => {
  const move = (x: number, y: number) =>
    window.dispatchEvent(Object.assign(new Event('pointermove'), { clientX: x, clientY: y }));

  it('sends the latest position once per frame in patient mm, then null on release', () => {
    const { pointer, runFrames, dot } = setup();
    const sent: Array<Pointer | null> = [];
    move(300, 300);
    expect(sent, 'not held: nothing').toEqual([]);
    pointer.hold((p) => sent.push(p) > 0);
    move(110 + 20, 70 + 40);
    move(110 + 60, 70 + 80);
    runFrames();
    expect(sent).toEqual([onCt([30, 40, -1])]);
    expect(dot(), 'the teacher sees the dot too').toEqual([170, 150]);
    pointer.release();
    expect(sent.at(-1)).toBeNull();
    expect(dot()).toBeNull();
    move(200, 200);
    runFrames();
    expect(sent, 'released: nothing more').toHaveLength(2);
  });

  it('sends null for a position outside every viewport, and [column, row, 0] on a projection', () => {
    const { pointer, runFrames, show } = setup();
    const sent: Array<Pointer | null> = [];
    pointer.hold((p) => sent.push(p) > 0, { x: 20, y: 20 });
    runFrames();
    expect(sent).toEqual([null]);
    show({ seriesKey: 'dx', imageIndex: 0, imageCount: 1 });
    move(100 + 35, 50 + 67);
    runFrames();
    expect(sent.at(-1)).toEqual({
      image: { seriesKey: 'dx', SOPInstanceUID: '2.25.8.1' },
      point: [10, 20, 0],
    });
    pointer.release();
  });
});
