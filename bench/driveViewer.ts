/**
 * Drives one viewer page in a fresh Playwright context and reads the probe: open a case, wait for the
 * first image and for a series to load, scroll with real wheel input, switch series, read memory. Knows
 * the two viewers only through `ViewerTarget`; no timing thresholds here (the report judges).
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { installProbe, type LoadRecord, type ProbeState, type RenderRecord } from './pageProbe.ts';
import { analyzeScroll, type ScrollFigures } from './scrollMetrics.ts';

/** One of the viewers being compared. */
export interface ViewerTarget {
  readonly name: 'ours' | 'peer';
  /** Page URL for a case manifest (absolute path on the bench server). */
  url(caseUrl: string, seriesKey: string): string;
  /** CSS selector of the viewport element showing a series. */
  viewportSelector(seriesKey: string): string;
  /** Whether the page can switch series (ours) or shows one series (peer). */
  readonly switchesSeries: boolean;
  /** Reads `{ path, renderer }` in the page. */
  readonly renderingPathScript: string;
}

/** Our production build at `/`. */
export const ours: ViewerTarget = {
  name: 'ours',
  url: (caseUrl) => `/?case=${encodeURIComponent(caseUrl)}`,
  viewportSelector: (key) => `[data-render-count][data-series-key="${key}"]`,
  switchesSeries: true,
  renderingPathScript:
    '({ path: window.__casebook?.renderingPath ?? "?", renderer: window.__casebook?.renderer ?? "", reason: window.__casebook?.renderingReason ?? "" })',
};

/** The dwv peer page at `/peer/`. */
export const peer: ViewerTarget = {
  name: 'peer',
  url: (caseUrl, seriesKey) =>
    `/peer/?case=${encodeURIComponent(caseUrl)}&series=${encodeURIComponent(seriesKey)}&size=${peerSize}`,
  viewportSelector: () => '#layerGroup0',
  switchesSeries: false,
  renderingPathScript:
    '({ path: window.__peer?.renderingPath ?? "?", renderer: window.__peer?.renderer ?? "", reason: "dwv draws with canvas 2D" })',
};

let peerSize = '800x800';
/** Makes the peer's viewport the size ours had (so both draw the same number of pixels). */
export function setPeerSize(width: number, height: number): void {
  peerSize = `${Math.round(width)}x${Math.round(height)}`;
}

/** The page a run drives, with its CDP session and probe. */
export interface OpenPage {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly target: ViewerTarget;
  /** Epoch ms of the page's navigation start (performance.timeOrigin). */
  readonly timeOrigin: number;
}

// tsx compiles with esbuild's keepNames, which wraps inner functions in __name(); give the page a no-op one.
const nameShim = 'globalThis.__name ??= (target) => target;';

/** Opens a viewer page in the (fresh) context with the probe installed before any page script. */
export async function openViewer(
  context: BrowserContext,
  target: ViewerTarget,
  caseUrl: string,
  seriesKey: string,
): Promise<OpenPage> {
  const page = await context.newPage();
  await page.addInitScript({ content: `${nameShim}(${installProbe.toString()})();` });
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, number>();
  const report = (kind: string, text: string) => {
    const key = `${kind}: ${text.slice(0, 200)}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1 || n === 10 || n === 100)
      console.error(`[${target.name} ${kind}${n > 1 ? ` x${n}` : ''}] ${text.slice(0, 300)}`);
  };
  page.on('pageerror', (error) => report('page error', `${error.message} ${error.stack ?? ''}`));
  page.on('requestfailed', (request) =>
    report('request failed', `${request.failure()?.errorText} ${request.url()}`),
  );
  await page.goto(target.url(caseUrl, seriesKey), { waitUntil: 'commit' });
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  return { page, cdp, target, timeOrigin };
}

async function probe<T>(page: Page, read: string): Promise<T> {
  return (await page.evaluate(`(() => { const b = window.__bench; return ${read}; })()`)) as T;
}

/**
 * Waits for the first non-blank render of a series after `after` and returns its time (ms since navigation).
 * @param after - only renders later than this count (e.g. a click's time)
 */
export async function waitForImage(
  open: OpenPage,
  seriesKey: string,
  after = 0,
  timeoutMs = 60_000,
): Promise<number> {
  const handle = await open.page.waitForFunction(
    ([key, since]) => {
      const b = (window as unknown as { __bench: ProbeState }).__bench;
      const hit = b.renders.find(
        ([t, k, index, blank]) => t >= since && k === key && index >= 0 && blank !== 1,
      );
      return hit ? hit[0] : false;
    },
    [seriesKey, after] as const,
    { polling: 50, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/** Waits until a series reports `total` images loaded; returns when that happened (ms since navigation). */
export async function waitForLoaded(
  open: OpenPage,
  seriesKey: string,
  total: number,
  timeoutMs = 120_000,
): Promise<number> {
  const handle = await open.page.waitForFunction(
    ([key, count]) => {
      const b = (window as unknown as { __bench: ProbeState }).__bench;
      const hit = b.loads.find(([, k, loaded]) => k === key && loaded >= count);
      return hit ? hit[0] : false;
    },
    [seriesKey, total] as const,
    { polling: 100, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/** Loaded count of a series as the page last reported it. */
export async function loadedCount(open: OpenPage, seriesKey: string): Promise<number> {
  const loads = await probe<LoadRecord[]>(open.page, 'b.loads');
  return loads.filter(([, k]) => k === seriesKey).reduce((max, [, , n]) => Math.max(max, n), 0);
}

/** The viewport element's box and current image index. */
async function viewportState(open: OpenPage, seriesKey: string) {
  const element = open.page.locator(open.target.viewportSelector(seriesKey)).first();
  const box = await element.boundingBox();
  if (!box) throw new Error(`${open.target.name}: no viewport for ${seriesKey}`);
  const index = Number(await element.getAttribute('data-image-index'));
  const count = Number(await element.getAttribute('data-image-count'));
  return { box, index, count };
}

/** Size of the viewport showing a series (CSS px). */
export async function viewportSize(
  open: OpenPage,
  seriesKey: string,
): Promise<{ width: number; height: number }> {
  const { box } = await viewportState(open, seriesKey);
  return { width: box.width, height: box.height };
}

/** Sends wheel notches through CDP at a fixed rate without waiting for each to be handled (like a mouse). */
async function sendWheels(cdp: CDPSession, x: number, y: number, deltas: readonly number[], rateHz: number) {
  const period = 1000 / rateHz;
  const start = performance.now();
  const sent: Promise<unknown>[] = [];
  for (let i = 0; i < deltas.length; i++) {
    const due = start + i * period;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((ok) => setTimeout(ok, wait));
    sent.push(
      cdp.send('Input.dispatchMouseEvent', {
        type: 'mouseWheel',
        x,
        y,
        deltaX: 0,
        deltaY: deltas[i] as number,
      }),
    );
  }
  await Promise.all(sent);
}

/**
 * Waits until the picture of a series has not changed slice for `quietMs` (or `maxMs` passed). Renders of
 * the same slice (a viewer redrawing while it loads) do not count as change.
 */
async function waitForQuiet(
  open: OpenPage,
  seriesKey: string,
  quietMs: number,
  maxMs: number,
): Promise<void> {
  await open.page.waitForFunction(
    ([key, quiet]) => {
      const b = (window as unknown as { __bench: ProbeState }).__bench;
      let lastChange = 0;
      let shown = -2;
      for (const [t, k, index] of b.renders) {
        if (k !== key || index === shown) continue;
        shown = index;
        lastChange = t;
      }
      return performance.now() - lastChange > quiet;
    },
    [seriesKey, quietMs] as const,
    { polling: 50, timeout: maxMs },
  );
}

/** Which way a positive wheel delta moves the slice index (+1 or -1), learned once per viewer. */
const wheelDirection = new Map<string, number>();

async function learnDirection(open: OpenPage, seriesKey: string): Promise<number> {
  const known = wheelDirection.get(open.target.name);
  if (known) return known;
  const { box, index } = await viewportState(open, seriesKey);
  const before = (await probe<RenderRecord[]>(open.page, 'b.renders')).length;
  await open.cdp.send('Input.dispatchMouseEvent', {
    type: 'mouseWheel',
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
    deltaX: 0,
    deltaY: 100,
  });
  await open.page.waitForFunction(
    ([n, from]) => {
      const b = (window as unknown as { __bench: ProbeState }).__bench;
      return b.renders.slice(n).some(([, , i]) => i >= 0 && i !== from);
    },
    [before, index] as const,
    { polling: 20, timeout: 15_000 },
  );
  await waitForQuiet(open, seriesKey, 200, 5_000);
  const after = (await viewportState(open, seriesKey)).index;
  const direction = after > index ? 1 : -1;
  wheelDirection.set(open.target.name, direction);
  return direction;
}

/** How a scroll is driven. */
export interface ScrollPlan {
  /** Notches each way (there and back); capped by the room in the stack. */
  readonly notches: number;
  /** Wheel notches per second (60: one per display frame). */
  readonly rateHz: number;
  /** Sample each render for blank frames (slightly slower; on for scrolls while loading). */
  readonly sampleBlank: boolean;
}

/** Scroll figures plus what the run looked like. */
export interface ScrollResult extends ScrollFigures {
  readonly wheelsSent: number;
  readonly startIndex: number;
  /** Longest main-thread task during the scroll (ms). */
  readonly longestTask: number;
  /** 95th percentile of requestAnimationFrame intervals during the scroll (main-thread frame pacing). */
  readonly rafP95: number;
  /** Longest requestAnimationFrame interval: the longest the page produced no frame at all (ms). */
  readonly rafMax: number;
}

/**
 * Scrolls a series there and back with real wheel events (CDP Input.dispatchMouseEvent) and analyses
 * what was drawn.
 */
export async function wheelScroll(
  open: OpenPage,
  seriesKey: string,
  plan: ScrollPlan,
): Promise<ScrollResult> {
  const direction = await learnDirection(open, seriesKey);
  const { box, index: startIndex, count } = await viewportState(open, seriesKey);
  // Go towards the far end of the stack, then come back.
  const towardsEnd = count - 1 - startIndex >= startIndex;
  const room = towardsEnd ? count - 1 - startIndex : startIndex;
  const notches = Math.max(1, Math.min(plan.notches, room));
  const sign = (towardsEnd ? 1 : -1) * direction;
  const deltas = [...Array(notches).fill(100 * sign), ...Array(notches).fill(-100 * sign)] as number[];
  const marks = await open.page.evaluate(
    `(() => { const b = window.__bench; b.sampleBlank = ${plan.sampleBlank}; b.recordFrames(true);
      return { renders: b.renders.length, wheels: b.wheels.length, frames: b.frames.length, t: performance.now() }; })()`,
  );
  const from = marks as { renders: number; wheels: number; frames: number; t: number };
  await sendWheels(open.cdp, box.x + box.width / 2, box.y + box.height / 2, deltas, plan.rateHz);
  await waitForQuiet(open, seriesKey, 400, 20_000);
  const raw = (await open.page.evaluate(
    `(() => { const b = window.__bench; b.recordFrames(false); b.sampleBlank = true;
      return { renders: b.renders.slice(${from.renders}), wheels: b.wheels.slice(${from.wheels}),
        frames: b.frames.slice(${from.frames}), longTasks: b.longTasks.filter(([s]) => s >= ${from.t}) }; })()`,
  )) as { renders: RenderRecord[]; wheels: number[]; frames: number[]; longTasks: [number, number][] };
  const figures = analyzeScroll(
    raw.renders.filter(([, k]) => k === seriesKey),
    raw.wheels,
    startIndex,
  );
  const rafIntervals = raw.frames.slice(1).map((t, i) => t - (raw.frames[i] as number));
  rafIntervals.sort((a, b) => a - b);
  return {
    ...figures,
    wheelsSent: deltas.length,
    startIndex,
    longestTask: raw.longTasks.reduce((max, [, d]) => Math.max(max, d), 0),
    rafP95: rafIntervals[Math.floor(0.95 * (rafIntervals.length - 1))] ?? Number.NaN,
    rafMax: rafIntervals.at(-1) ?? Number.NaN,
  };
}

/**
 * Clicks a series in our series list and returns ms from the pointerdown to its first non-blank image.
 */
export async function switchSeries(open: OpenPage, seriesKey: string): Promise<number> {
  const before = (await probe<number[]>(open.page, 'b.pointerDowns')).length;
  await open.page.locator(`li.series-item[data-series-key="${seriesKey}"]`).click();
  const down = (await probe<number[]>(open.page, 'b.pointerDowns'))[before];
  if (down === undefined) throw new Error('the click reached no pointerdown');
  const shown = await waitForImage(open, seriesKey, down, 30_000);
  return shown - down;
}

/** Memory of the page once everything is loaded, after a forced garbage collection. Bytes. */
export interface MemoryFigures {
  /** V8 heap in use on the page's main thread. */
  readonly jsHeapUsed: number;
  /** ArrayBuffer backing stores of the main thread (pixel arrays live here, outside the V8 heap). */
  readonly arrayBuffers: number;
  /** Image-cache bytes the viewer reports, when it reports them. */
  readonly imageCache: number | null;
}

/** Reads memory after a forced GC. */
export async function readMemory(open: OpenPage): Promise<MemoryFigures> {
  await open.cdp.send('HeapProfiler.enable');
  await open.cdp.send('HeapProfiler.collectGarbage');
  await open.cdp.send('HeapProfiler.collectGarbage');
  const usage = (await open.cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    backingStorageSize?: number;
  };
  const imageCache = (await open.page.evaluate(
    '(() => { const c = window.__casebook; return c && typeof c.getCacheBytes === "function" ? c.getCacheBytes() : null; })()',
  )) as number | null;
  return { jsHeapUsed: usage.usedSize, arrayBuffers: usage.backingStorageSize ?? Number.NaN, imageCache };
}

/** The rendering path a page ran on. */
export async function renderingPath(
  open: OpenPage,
): Promise<{ path: string; renderer: string; reason: string }> {
  return (await open.page.evaluate(open.target.renderingPathScript)) as {
    path: string;
    renderer: string;
    reason: string;
  };
}

/** Performance marks of the page (name → ms since navigation), for cross-checking the probe. */
export async function performanceMarks(open: OpenPage): Promise<Record<string, number>> {
  return (await open.page.evaluate(
    '(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])))()',
  )) as Record<string, number>;
}
