/**
 * The in-page probe the benchmark injects before any page script runs (Playwright `addInitScript`). It
 * watches the test signals both viewers carry on their viewport element (data-render-count, data-image-index,
 * data-series-key, data-loaded) and records when they change, plus wheel and pointer input, animation frames
 * and long tasks. Self-contained: `installProbe` is serialised into the page, so it may use nothing from
 * this module's scope.
 */

/** One observed render of a viewport: [time ms since navigation, series key, image index, blank]. */
export type RenderRecord = [t: number, seriesKey: string, imageIndex: number, blank: 0 | 1 | -1];
/** One observed load-progress change: [time, series key, images loaded]. */
export type LoadRecord = [t: number, seriesKey: string, loaded: number];

/** What the probe exposes as `window.__bench`. */
export interface ProbeState {
  readonly renders: RenderRecord[];
  readonly loads: LoadRecord[];
  /** `timeStamp` of each wheel event the page received. */
  readonly wheels: number[];
  /** `timeStamp` of each pointerdown. */
  readonly pointerDowns: number[];
  /** requestAnimationFrame timestamps while `recordFrames` is on. */
  readonly frames: number[];
  /** [start, duration] of each long task (main thread busy > 50 ms). */
  readonly longTasks: [number, number][];
  /** When true, each render samples the viewport canvas to tell a blank frame (costs ~0.3 ms). */
  sampleBlank: boolean;
  recordFrames(on: boolean): void;
}

/** Installs `window.__bench`. Runs in the page; keep it free of outer references. */
export function installProbe(): void {
  const renders: RenderRecord[] = [];
  const loads: LoadRecord[] = [];
  const wheels: number[] = [];
  const pointerDowns: number[] = [];
  const frames: number[] = [];
  const longTasks: [number, number][] = [];
  let recording = false;
  let sampler: CanvasRenderingContext2D | null = null;
  const side = 24;

  /** 1 when the canvas shows nothing (every sample near black or one flat value), 0 otherwise. */
  const blankOf = (element: Element): 0 | 1 | -1 => {
    const canvas = element.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 1;
    if (!sampler) {
      const small = document.createElement('canvas');
      small.width = side;
      small.height = side;
      sampler = small.getContext('2d', { willReadFrequently: true });
    }
    if (!sampler) return -1;
    sampler.clearRect(0, 0, side, side);
    sampler.drawImage(canvas, 0, 0, side, side);
    const data = sampler.getImageData(0, 0, side, side).data;
    let min = 255;
    let max = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = Math.max(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return max - min < 8 ? 1 : 0;
  };

  const state: ProbeState = {
    renders,
    loads,
    wheels,
    pointerDowns,
    frames,
    longTasks,
    sampleBlank: true,
    recordFrames(on: boolean) {
      if (on === recording) return;
      recording = on;
      const tick = (t: number) => {
        if (!recording) return;
        frames.push(t);
        requestAnimationFrame(tick);
      };
      if (on) requestAnimationFrame(tick);
    },
  };
  Object.defineProperty(window, '__bench', { value: state });

  new MutationObserver((records) => {
    const t = performance.now();
    const rendered = new Set<HTMLElement>();
    for (const record of records) {
      const element = record.target as HTMLElement;
      if (record.attributeName === 'data-render-count') rendered.add(element);
      else if (record.attributeName === 'data-loaded' && element.dataset.seriesKey) {
        loads.push([t, element.dataset.seriesKey, Number(element.dataset.loaded)]);
      }
    }
    for (const element of rendered) {
      const index = element.dataset.imageIndex === undefined ? -1 : Number(element.dataset.imageIndex);
      const blank = state.sampleBlank ? blankOf(element) : -1;
      renders.push([t, element.dataset.seriesKey ?? '', index, blank]);
    }
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-render-count', 'data-loaded'],
  });

  addEventListener('wheel', (event) => wheels.push(event.timeStamp), { capture: true, passive: true });
  addEventListener('pointerdown', (event) => pointerDowns.push(event.timeStamp), {
    capture: true,
    passive: true,
  });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Long-task timing is unsupported: the field stays empty.
  }
}
