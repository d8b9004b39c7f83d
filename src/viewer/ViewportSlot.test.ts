import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../lib/Emitter.ts';
import { type ChangeSource, createStore, type Store } from '../lib/Store.ts';
import type { ManifestSeries } from '../model/CaseManifest.ts';
import type { ViewerEvents } from '../model/ViewerController.ts';
import { initialViewState, patchViewport, type ViewState } from '../model/ViewState.ts';

const events = {
  IMAGE_RENDERED: 'CORNERSTONE_IMAGE_RENDERED',
  STACK_NEW_IMAGE: 'CORNERSTONE_STACK_NEW_IMAGE',
  VOI_MODIFIED: 'CORNERSTONE_VOI_MODIFIED',
  CAMERA_MODIFIED: 'CORNERSTONE_CAMERA_MODIFIED',
} as const;

vi.mock('@cornerstonejs/core', () => ({
  Enums: { Events: events },
  cache: { isLoaded: () => false },
  metaData: { get: () => undefined },
  StackViewport: class {},
  utilities: {
    windowLevel: {
      toLowHighRange: (width: number, center: number) => ({
        lower: center - width / 2,
        upper: center + width / 2,
      }),
      toWindowLevel: (lower: number, upper: number) => ({
        windowWidth: upper - lower,
        windowCenter: (lower + upper) / 2,
      }),
    },
  },
}));

const { ViewportSlot } = await import('./ViewportSlot.ts');
type Slot = InstanceType<typeof ViewportSlot>;

interface Range {
  lower: number;
  upper: number;
}
interface Camera {
  focalPoint: [number, number, number];
  position: [number, number, number];
  parallelScale: number;
  viewUp: [number, number, number];
  viewPlaneNormal: [number, number, number];
}

/** An element with the parts the slot uses (node has EventTarget and CustomEvent, not the DOM). */
class FakeElement extends EventTarget {
  readonly dataset: Record<string, string> = {};
  private readonly attributes = new Map<string, string>();
  oncontextmenu: unknown = null;
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
}

const image = {
  imageId: 'ct-0',
  invert: false,
  photometricInterpretation: 'MONOCHROME2',
  windowCenter: 40,
  windowWidth: 400,
  minPixelValue: -1000,
  maxPixelValue: 1000,
  slope: 1,
  intercept: 0,
  preScale: { scaled: true },
  getPixelData: () => new Int16Array(16),
};

/**
 * Cornerstone's stack viewport as far as the slot sees it: properties and camera setters fire their events
 * synchronously, as Cornerstone's do; the fitted camera depends on the canvas height.
 */
class FakeViewport {
  readonly element = new FakeElement();
  readonly canvas = { width: 800, height: 600, clientWidth: 800, clientHeight: 600 };
  readonly id = 'vp-0';
  current = 0;
  targetIndex = 0;
  voiRange: Range | undefined;
  invert = false;
  camera: Camera = this.fitted();
  renders = 0;

  fitted(): Camera {
    return {
      focalPoint: [0, 0, 0],
      position: [0, 0, 1000],
      parallelScale: this.canvas ? this.canvas.height / 4 : 150,
      viewUp: [0, -1, 0],
      viewPlaneNormal: [0, 0, -1],
    };
  }
  setStack(_ids: string[], index: number): Promise<string> {
    this.current = index;
    this.targetIndex = index;
    return Promise.resolve('');
  }
  setImageIdIndex(index: number): Promise<string> {
    this.current = index;
    this.targetIndex = index;
    return Promise.resolve('');
  }
  getTargetImageIdIndex(): number {
    return this.targetIndex;
  }
  getCurrentImageIdIndex(): number {
    return this.current;
  }
  getCornerstoneImage() {
    return image;
  }
  setProperties(props: { voiRange?: Range; invert?: boolean }, suppressEvents = false): void {
    if (props.voiRange) this.voiRange = props.voiRange;
    if (props.invert !== undefined) this.invert = props.invert;
    if (!suppressEvents) this.fire(events.VOI_MODIFIED, { range: this.voiRange });
  }
  getProperties() {
    return { voiRange: this.voiRange };
  }
  getCamera(): Camera {
    return structuredClone(this.camera);
  }
  setCamera(camera: Partial<Camera>): void {
    this.camera = { ...this.camera, ...camera };
    this.fire(events.CAMERA_MODIFIED, {});
  }
  resetCamera(): void {
    this.camera = this.fitted();
    this.fire(events.CAMERA_MODIFIED, {});
  }
  render(): void {
    this.renders++;
  }
  fire(name: string, detail: unknown): void {
    this.element.dispatchEvent(new CustomEvent(name, { detail }));
  }
  /** Cornerstone sets up image `index` (after setStack or setImageIdIndex). */
  newImage(index: number): void {
    this.fire(events.STACK_NEW_IMAGE, { imageIdIndex: index, image: { ...image, imageId: `ct-${index}` } });
  }
}

const series = (key: string): ManifestSeries => ({
  key,
  SeriesInstanceUID: `1.2.${key.length}`,
  SeriesNumber: 1,
  Modality: 'CT',
  SeriesDescription: key,
  Rows: 512,
  Columns: 512,
  PixelSpacing: [0.7, 0.7],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  PhotometricInterpretation: 'MONOCHROME2',
  windows: [{ WindowCenter: 40, WindowWidth: 400, explanation: 'SOFT TISSUE' }],
  instances: Array.from({ length: 20 }, (_, i) => ({
    file: `${key}/${i}.dcm`,
    SOPInstanceUID: `1.2.3.${i}`,
    InstanceNumber: i + 1,
  })),
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let frames: Map<number, FrameRequestCallback>;

beforeEach(() => {
  frames = new Map();
  let next = 1;
  vi.stubGlobal('window', { devicePixelRatio: 1 });
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    frames.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Runs the animation frames queued now, at time `now` (ms). */
function runFrames(now: number): void {
  const due = [...frames.entries()];
  frames.clear();
  for (const [, callback] of due) callback(now);
}

/** A slot on a fake viewport, wired to a store that records who wrote each change. */
function setUp(imageIndex = 5, loaded: (index: number) => boolean = () => true) {
  const store: Store<ViewState> = createStore(initialViewState('case', 'ct', imageIndex));
  const sources: ChangeSource[] = [];
  store.subscribe((_next, _previous, source) => sources.push(source));
  const viewport = new FakeViewport();
  const stacks = new Map(['ct', 'mr'].map((key) => [key, series(key)]));
  const slot: Slot = new ViewportSlot(0, viewport as never, {
    store,
    loader: {
      want: () => undefined,
      isLoaded: (_key: string, index: number) => loaded(index),
      nearestLoaded: (_key: string, wanted: number) => {
        for (let d = 1; d < 20; d++) if (loaded(wanted - d)) return wanted - d;
        return -1;
      },
      focus: () => undefined,
      noteLoaded: () => undefined,
    } as never,
    renderingPath: { path: 'gpu', reason: 'test', renderer: '' },
    events: new Emitter<ViewerEvents>(),
    stackOf: (key) => {
      const found = stacks.get(key);
      return found ? { series: found, imageIds: found.instances.map((_, i) => `${key}-${i}`) } : undefined;
    },
    imageShown: () => undefined,
  });
  store.subscribe((state) => {
    const wanted = state.viewports[0];
    if (wanted) slot.sync(wanted);
  });
  const viewportState = () => store.get().viewports[0];
  return { store, sources, viewport, slot, viewportState };
}

/** Opens the store's series and lets its first image arrive. */
async function open(setup: ReturnType<typeof setUp>): Promise<void> {
  const wanted = setup.store.get().viewports[0];
  if (wanted) setup.slot.sync(wanted);
  setup.viewport.newImage(wanted?.imageIndex ?? 0);
  await flush();
}

describe('ViewportSlot phases', () => {
  it('is empty, then opening at the wanted slice, then showing with the default window applied', async () => {
    const setup = setUp(5);
    expect(setup.slot.showing).toBe(false);
    setup.slot.sync(setup.viewportState() as never);
    expect(setup.slot.showing).toBe(false);
    expect(setup.viewport.targetIndex).toBe(5);
    expect(setup.slot.element.dataset.seriesKey).toBe('ct');
    // A slice asked for while opening replaces the pending one.
    setup.store.update((s) => patchViewport(s, 0, { imageIndex: 7 }), 'learner');
    expect(setup.viewport.targetIndex).toBe(7);
    setup.viewport.newImage(7);
    await flush();
    expect(setup.slot.showing).toBe(true);
    expect(setup.viewport.voiRange).toEqual({ lower: -160, upper: 240 });
    // Applying the default window echoed VOI_MODIFIED and CAMERA_MODIFIED: none of it reached the store.
    expect(setup.viewportState()?.voi).toBeUndefined();
    expect(setup.viewportState()?.camera).toBeUndefined();
    expect(setup.sources).toEqual(['learner']);
  });
});

describe('ViewportSlot echo detection by value', () => {
  it("ignores a VOI event with the value it applied and writes another one as the learner's", async () => {
    const setup = setUp();
    await open(setup);
    setup.viewport.fire(events.VOI_MODIFIED, { range: { lower: -160, upper: 240 } });
    expect(setup.sources).toEqual([]);
    // A W/L drag.
    setup.viewport.fire(events.VOI_MODIFIED, { range: { lower: 0, upper: 100 } });
    expect(setup.viewportState()?.voi).toEqual({ windowCenter: 50, windowWidth: 100 });
    expect(setup.sources).toEqual(['learner']);
    // The store's change comes back to the slot as the value it already has: nothing is applied again.
    expect(setup.viewport.voiRange).toEqual({ lower: -160, upper: 240 });
  });

  it("applies a window from the store without echoing it, and an invert's VOI event is an echo too", async () => {
    const setup = setUp();
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { voi: { windowCenter: 400, windowWidth: 1800 } }), 'app');
    expect(setup.viewport.voiRange).toEqual({ lower: -500, upper: 1300 });
    setup.store.update((s) => patchViewport(s, 0, { invert: true }), 'app');
    expect(setup.viewport.invert).toBe(true);
    expect(setup.sources).toEqual(['app', 'app']);
  });

  it("writes a zoom drag as the learner's camera and ignores the echo of the store's camera", async () => {
    const setup = setUp();
    await open(setup);
    // A zoom tool halves the parallel scale and moves the focal point 10 mm to the patient's left.
    setup.viewport.setCamera({ parallelScale: 75, focalPoint: [10, 0, 0] });
    const camera = setup.viewportState()?.camera;
    expect(camera?.zoom).toBeCloseTo(2, 6);
    expect(camera?.panMm[0]).toBeCloseTo(-10, 6);
    expect(setup.sources).toEqual(['learner']);
    // Fit from the toolbar: applied, its CAMERA_MODIFIED is an echo.
    setup.store.update((s) => patchViewport(s, 0, { camera: undefined }), 'learner');
    expect(setup.viewport.camera.parallelScale).toBe(150);
    expect(setup.sources).toEqual(['learner', 'learner']);
  });

  it('takes a camera change at another canvas size for a resize, and keeps the zoom through it', async () => {
    const setup = setUp();
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { camera: { zoom: 2, panMm: [0, 0] } }), 'learner');
    expect(setup.viewport.camera.parallelScale).toBe(75);
    // The engine resizes the canvas and fits the image at the new size.
    setup.slot.beforeResize();
    Object.assign(setup.viewport.canvas, { width: 800, height: 400, clientHeight: 400 });
    setup.viewport.resetCamera();
    expect(setup.viewportState()?.camera).toEqual({ zoom: 2, panMm: [0, 0] });
    // A box that changed before its resize is handled: Cornerstone reads back another zoom, not the learner's.
    Object.assign(setup.viewport.canvas, { clientHeight: 380 });
    setup.viewport.setCamera({ parallelScale: 90 });
    expect(setup.viewportState()?.camera).toEqual({ zoom: 2, panMm: [0, 0] });
    Object.assign(setup.viewport.canvas, { clientHeight: 400 });
    setup.slot.afterResize();
    // Fitted at the new size (parallel scale 100), then the store's zoom applied again.
    expect(setup.viewport.camera.parallelScale).toBeCloseTo(50, 6);
    expect(setup.viewportState()?.camera).toEqual({ zoom: 2, panMm: [0, 0] });
  });

  it('ignores the refitting of a same-size resize, also where it lands off the first fit', async () => {
    const setup = setUp();
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { camera: { zoom: 3, panMm: [5, 0] } }), 'learner');
    // The engine refits every image when any canvas changes; Cornerstone's CPU fit need not land where the
    // first one did (seen: 27 mm lower in a viewport of a layout opened from a link).
    setup.slot.beforeResize();
    setup.viewport.setCamera({ focalPoint: [0, 27, 0], parallelScale: 150 });
    setup.viewport.resetCamera();
    expect(setup.viewportState()?.camera).toEqual({ zoom: 3, panMm: [5, 0] });
    setup.slot.afterResize();
    expect(setup.viewportState()?.camera).toEqual({ zoom: 3, panMm: [5, 0] });
    expect(setup.viewport.camera.parallelScale).toBeCloseTo(50, 6);
    expect(setup.viewport.camera.focalPoint[0]).toBeCloseTo(-5, 6);
  });

  it("writes a stack moved by a tool as the learner's slice; its own slice changes are not written back", async () => {
    const setup = setUp(5);
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { imageIndex: 6 }), 'learner');
    setup.viewport.newImage(6);
    expect(setup.sources).toEqual(['learner']);
    // A tool jumps to slice 12 (e.g. to an annotation).
    setup.viewport.targetIndex = 12;
    setup.viewport.newImage(12);
    expect(setup.viewportState()?.imageIndex).toBe(12);
    expect(setup.sources).toEqual(['learner', 'learner']);
  });
});

describe('ViewportSlot slices', () => {
  it('stands in the nearest loaded slice for the wanted one until it arrives, without moving the store', async () => {
    const loaded = new Set([5, 6, 7]);
    const setup = setUp(5, (index) => loaded.has(index));
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { imageIndex: 9 }), 'learner');
    expect(setup.viewport.targetIndex).toBe(7);
    expect(setup.slot.element.dataset.wantedIndex).toBe('9');
    setup.viewport.newImage(7);
    expect(setup.viewportState()?.imageIndex).toBe(9);
    // Slice 8 arrives: nearer, swapped in; then 9 itself.
    loaded.add(8);
    setup.slot.onImageLoaded('ct', 8);
    expect(setup.viewport.targetIndex).toBe(8);
    loaded.add(9);
    setup.slot.onImageLoaded('ct', 9);
    expect(setup.viewport.targetIndex).toBe(9);
    expect(setup.sources).toEqual(['learner']);
  });
});

describe('ViewportSlot cine', () => {
  it('steps only when the previous frame is on screen, at the rate in the store', async () => {
    const setup = setUp(5);
    await open(setup);
    setup.slot.element.dispatchEvent(new CustomEvent(events.IMAGE_RENDERED));
    setup.store.update((s) => patchViewport(s, 0, { cine: { playing: true, fps: 10 } }), 'learner');
    const start = performance.now();
    runFrames(start + 50);
    expect(setup.viewportState()?.imageIndex).toBe(5);
    runFrames(start + 101);
    expect(setup.viewportState()?.imageIndex).toBe(6);
    // Slice 6 is not drawn yet: no step however long it takes.
    runFrames(start + 400);
    expect(setup.viewportState()?.imageIndex).toBe(6);
    setup.viewport.newImage(6);
    setup.slot.element.dispatchEvent(new CustomEvent(events.IMAGE_RENDERED));
    runFrames(start + 401);
    expect(setup.viewportState()?.imageIndex).toBe(7);
    expect(setup.sources.every((source) => source === 'learner')).toBe(true);
    setup.store.update((s) => patchViewport(s, 0, { cine: { playing: false, fps: 10 } }), 'learner');
    expect(frames.size).toBe(0);
  });

  it('stops the cine carried over to another series; a cine set with the new series plays', async () => {
    const setup = setUp(5);
    await open(setup);
    setup.store.update((s) => patchViewport(s, 0, { cine: { playing: true, fps: 15 } }), 'learner');
    expect(frames.size).toBe(1);
    setup.store.update((s) => patchViewport(s, 0, { seriesKey: 'mr', imageIndex: 0 }), 'learner');
    expect(setup.viewportState()?.cine).toEqual({ playing: false, fps: 15 });
    expect(setup.sources.at(-1)).toBe('app');
    expect(frames.size).toBe(0);
    setup.store.update(
      (s) => patchViewport(s, 0, { seriesKey: 'ct', imageIndex: 3, cine: { playing: true, fps: 20 } }),
      'tour',
    );
    expect(setup.viewportState()?.cine).toEqual({ playing: true, fps: 20 });
    expect(frames.size).toBe(1);
  });
});
