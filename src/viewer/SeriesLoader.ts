/**
 * Loads whole series into Cornerstone's image cache in the background, nearest to the slice on screen first,
 * series on screen before the others, and counts progress and failures per series. It keeps only a few
 * requests in flight, so a series put on screen (or a jump far into a stack) takes over at once. What the
 * learner asks for ({@link SeriesLoader.want}) steers it: a slice jumped to is requested ahead of everything
 * queued; scrolling slice by slice past the loaded ones loads onwards from the loaded edge in the scroll
 * direction, so the picture advances steadily behind the wheel; scrolling through loaded slices holds
 * background loading back, so drawing is not slowed by it. Each file is requested once: loads go through
 * loadAndCacheImage, which shares one promise per image id with the viewports and thumbnails.
 */

import { Enums as CoreEnums, imageLoader } from '@cornerstonejs/core';
import { type Clock, realClock, type TimerHandle } from '../lib/Clock.ts';
import type { SeriesProgress } from '../model/ViewerController.ts';

/** What the loader reports. */
export interface SeriesLoaderCallbacks {
  onProgress(progress: SeriesProgress): void;
  onImageFailed(seriesKey: string, imageIndex: number, error: unknown): void;
  /** One image is in the cache (however it was loaded). */
  onImageLoaded?(seriesKey: string, imageIndex: number): void;
}

/** How many requests the loader keeps in flight. */
export interface LoaderLimits {
  /** Background requests when the learner is not asking for slices. */
  readonly background: number;
  /** Background requests while the learner scrolls through loaded slices (wheel, keys, slider, cine). */
  readonly backgroundWhileInteracting: number;
  /**
   * Background requests while the wheel is at or near the loaded edge: few, so slices arrive one after another
   * in scroll order (six downloads sharing the machine finish together, and the picture waits for the batch).
   */
  readonly backgroundWhileChasing: number;
  /** Requests for slices the learner asked for, on top of the background ones. */
  readonly wanted: number;
  /** How long after the last ask the learner counts as still interacting (ms). */
  readonly interactionMs: number;
  /** Largest step between two asks that counts as scrolling on (a larger one is a jump). */
  readonly scrollStep: number;
  /**
   * Scrolling through loaded slices with fewer than this many loaded ones ahead keeps loading onwards at full
   * speed (the wheel would otherwise reach the edge and wait); with more ahead, background loading is held.
   */
  readonly readAhead: number;
}

export const defaultLoaderLimits: LoaderLimits = {
  background: 6,
  backgroundWhileInteracting: 1,
  backgroundWhileChasing: 2,
  wanted: 2,
  interactionMs: 300,
  scrollStep: 4,
  readAhead: 30,
};

const notRequested = 0;
const requested = 1;
const loaded = 2;
const failed = 3;

interface SeriesEntry {
  readonly key: string;
  readonly imageIds: readonly string[];
  /** Per image: notRequested, requested, loaded or failed. */
  readonly state: Uint8Array;
  /** Indices still to request, in request order. */
  queue: number[];
  loaded: number;
  failed: number;
  /** The slice last asked for (-1 before any ask). */
  lastWant: number;
  /** How the queue runs: onwards in a scroll direction (1 or -1), or nearest first (0). */
  queueDirection: -1 | 0 | 1;
}

/**
 * Order in which to fetch a stack: the given index, then alternately one further on each side, so
 * scrolling away from the slice on screen finds its neighbours ready.
 */
export function nearestFirstOrder(count: number, start: number): number[] {
  const order: number[] = [];
  if (count <= 0) return order;
  const first = Math.max(0, Math.min(count - 1, start));
  order.push(first);
  for (let step = 1; order.length < count; step++) {
    if (first + step < count) order.push(first + step);
    if (first - step >= 0) order.push(first - step);
  }
  return order;
}

/**
 * Order in which to fetch a stack while the learner scrolls one way past the loaded slices: from `front`
 * onwards in `direction` to the end of the stack, then the rest nearest to `front` first.
 */
export function onwardOrder(count: number, front: number, direction: 1 | -1): number[] {
  const order: number[] = [];
  for (let i = front; i >= 0 && i < count; i += direction) order.push(i);
  for (const i of nearestFirstOrder(count, front)) if ((i - front) * direction < 0) order.push(i);
  return order;
}

/**
 * The first slice past the run of loaded slices from `index` in `direction`, when it is at most `within` slices
 * away; else -1 (the run is longer, or reaches the end of the stack).
 * @param state - per slice: loaded is 2
 */
export function loadedRunEnd(
  state: ArrayLike<number>,
  index: number,
  direction: 1 | -1,
  within: number,
): number {
  for (let i = index, n = 0; i >= 0 && i < state.length && n <= within; i += direction, n++) {
    if (state[i] !== loaded) return i;
  }
  return -1;
}

/**
 * The loaded slice nearest to `wanted`, or -1 when none is. On a tie the one on the side of `shown` wins, so
 * the picture does not swing back and forth while the wanted slice loads.
 * @param isLoaded - whether slice i is loaded
 * @param count - slices in the stack
 * @param wanted - the slice asked for
 * @param shown - the slice on screen now (-1 when none)
 * @param maxDistance - give up beyond this many slices
 */
export function nearestLoadedIndex(
  isLoaded: (index: number) => boolean,
  count: number,
  wanted: number,
  shown = -1,
  maxDistance = count,
): number {
  if (wanted < 0 || wanted >= count) return -1;
  if (isLoaded(wanted)) return wanted;
  const firstSide = shown >= 0 && shown < wanted ? -1 : 1;
  for (let d = 1; d <= maxDistance; d++) {
    const a = wanted + firstSide * d;
    const b = wanted - firstSide * d;
    const aIn = a >= 0 && a < count;
    const bIn = b >= 0 && b < count;
    if (!aIn && !bIn) break;
    if (aIn && isLoaded(a)) return a;
    if (bIn && isLoaded(b)) return b;
  }
  return -1;
}

/** A slice the learner asked for, waiting for a free request. */
interface WantedJob {
  readonly entry: SeriesEntry;
  readonly index: number;
}

/** Background loader of series with a small number of requests in flight. */
export class SeriesLoader {
  private readonly series = new Map<string, SeriesEntry>();
  /** Series to load, most urgent first. */
  private order: SeriesEntry[] = [];
  /** Background requests in flight. */
  private inFlight = 0;
  /** Requests for wanted slices in flight. */
  private wantedInFlight = 0;
  /** The latest slice asked for that is not requested yet (only the latest matters). */
  private pendingWanted: WantedJob | null = null;
  private lastWantAt = Number.NEGATIVE_INFINITY;
  /** The latest slice asked for, and whether it was loaded then (scrolling through loaded slices). */
  private lastWanted: { entry: SeriesEntry; index: number } | null = null;
  private lastWantWasLoaded = false;
  private lastWantNearEdge = false;
  private resumeTimer: TimerHandle | null = null;

  /**
   * @param imageIdsBySeries - image ids of every series
   * @param callbacks - progress and failure reports
   * @param limits - requests kept in flight (enough to hide latency, few enough to re-prioritise fast)
   * @param load - loads one image into the cache (Cornerstone's loadAndCacheImage; replaced in tests)
   * @param clock - time and timers (a ManualClock in tests)
   */
  constructor(
    imageIdsBySeries: ReadonlyMap<string, readonly string[]>,
    private readonly callbacks: SeriesLoaderCallbacks,
    private readonly limits: LoaderLimits = defaultLoaderLimits,
    private readonly load: (imageId: string, urgent: boolean) => Promise<unknown> = (imageId, urgent) =>
      imageLoader.loadAndCacheImage(imageId, {
        priority: urgent ? -10 : 0,
        requestType: urgent ? CoreEnums.RequestType.Interaction : CoreEnums.RequestType.Prefetch,
      }),
    private readonly clock: Clock = realClock,
  ) {
    for (const [key, imageIds] of imageIdsBySeries) {
      this.series.set(key, {
        key,
        imageIds,
        state: new Uint8Array(imageIds.length),
        queue: [],
        loaded: 0,
        failed: 0,
        lastWant: -1,
        queueDirection: 0,
      });
    }
  }

  /** Current progress of a series, or null for an unknown key. */
  progress(seriesKey: string): SeriesProgress | null {
    const entry = this.series.get(seriesKey);
    if (!entry) return null;
    return { seriesKey, loaded: entry.loaded, failed: entry.failed, total: entry.imageIds.length };
  }

  /** True when every image of the series is loaded or has failed. */
  isComplete(seriesKey: string): boolean {
    const entry = this.series.get(seriesKey);
    return !!entry && entry.loaded + entry.failed === entry.imageIds.length;
  }

  /** True when the image is loaded (by this loader, a viewport or a thumbnail). */
  isLoaded(seriesKey: string, imageIndex: number): boolean {
    return this.series.get(seriesKey)?.state[imageIndex] === loaded;
  }

  /** The loaded slice nearest to `wanted` (see {@link nearestLoadedIndex}), or -1. */
  nearestLoaded(seriesKey: string, wanted: number, shown = -1): number {
    const entry = this.series.get(seriesKey);
    if (!entry) return -1;
    const state = entry.state;
    return nearestLoadedIndex((i) => state[i] === loaded, entry.imageIds.length, wanted, shown);
  }

  /**
   * The learner asks for a slice (wheel, keys, slider, cine). A loaded slice: background loading is held
   * back for a moment (the wheel is probably still turning). A step of a few slices past the loaded ones:
   * loading goes on from the loaded edge in the scroll direction, at full speed. A jump: the slice is
   * requested ahead of the queue and loading is centred on it.
   */
  want(seriesKey: string, imageIndex: number): void {
    const entry = this.series.get(seriesKey);
    if (!entry || imageIndex < 0 || imageIndex >= entry.imageIds.length) return;
    this.lastWantAt = this.clock.now();
    const step = entry.lastWant < 0 ? Number.POSITIVE_INFINITY : imageIndex - entry.lastWant;
    entry.lastWant = imageIndex;
    this.lastWanted = { entry, index: imageIndex };
    const scrolling = step !== 0 && Math.abs(step) <= this.limits.scrollStep;
    const direction = step > 0 ? 1 : -1;
    const state = entry.state[imageIndex];
    let nearEdge = false;
    if (scrolling && state === loaded) {
      // Through loaded slices: keep loading ahead while the edge is near.
      const edge = loadedRunEnd(entry.state, imageIndex, direction, this.limits.readAhead);
      if (edge >= 0) {
        nearEdge = true;
        this.loadOnwards(entry, edge, direction);
      }
    } else if (scrolling) {
      // At or past the loaded edge (the slice is on its way or not asked for yet): load onwards from the edge.
      nearEdge = true;
      this.loadOnwards(entry, imageIndex, direction);
    }
    this.lastWantWasLoaded = state === loaded && !nearEdge;
    this.lastWantNearEdge = nearEdge;
    if (state !== notRequested || scrolling) {
      // The learner moved on: an older wish is stale.
      if (this.pendingWanted?.entry === entry) this.pendingWanted = null;
    } else {
      this.pendingWanted = { entry, index: imageIndex };
      this.focus(seriesKey, imageIndex);
    }
    this.pump();
    this.scheduleResume();
  }

  /**
   * Orders the series' queue from the first slice not yet requested at the loaded edge next to `index`, onwards
   * in `direction`, and makes the series first.
   */
  private loadOnwards(entry: SeriesEntry, index: number, direction: 1 | -1): void {
    let front = index;
    while (entry.state[front - direction] === notRequested) front -= direction;
    // Nothing loaded or on its way behind (the wheel turned back into unloaded slices): start at the slice.
    if (entry.state[front - direction] === undefined) front = index;
    while (front >= 0 && front < entry.imageIds.length && entry.state[front] !== notRequested)
      front += direction;
    if (front < 0 || front >= entry.imageIds.length) return;
    if (entry.queue[0] !== front || entry.queueDirection !== direction || this.order[0] !== entry) {
      entry.queueDirection = direction;
      entry.queue = onwardOrder(entry.imageIds.length, front, direction).filter(
        (i) => entry.state[i] === notRequested,
      );
      this.order = [entry, ...this.order.filter((e) => e !== entry)];
    }
  }

  /** Requests currently in flight (background, wanted), for tests and diagnostics. */
  requestsInFlight(): { background: number; wanted: number } {
    return { background: this.inFlight, wanted: this.wantedInFlight };
  }

  /**
   * Makes a series the most urgent and orders its remaining images nearest to `imageIndex` first (call when
   * it is put on screen, or when the learner jumps far into it while it loads).
   */
  focus(seriesKey: string, imageIndex: number): void {
    const entry = this.series.get(seriesKey);
    // Another series on screen: what the learner last asked of the one before is no longer wanted.
    if (this.lastWanted && this.lastWanted.entry !== entry) this.lastWanted = null;
    if (this.pendingWanted && this.pendingWanted.entry !== entry) this.pendingWanted = null;
    if (!entry || this.isComplete(seriesKey)) return;
    entry.queueDirection = 0;
    entry.queue = nearestFirstOrder(entry.imageIds.length, imageIndex).filter(
      (i) => entry.state[i] === notRequested,
    );
    this.order = [entry, ...this.order.filter((e) => e !== entry)];
    this.pump();
  }

  /** Queues a series after the ones already queued (background loading of the rest of the case). */
  enqueue(seriesKey: string): void {
    const entry = this.series.get(seriesKey);
    if (!entry || this.isComplete(seriesKey) || this.order.includes(entry)) return;
    if (entry.queue.length === 0) {
      entry.queueDirection = 0;
      entry.queue = nearestFirstOrder(
        entry.imageIds.length,
        Math.floor((entry.imageIds.length - 1) / 2),
      ).filter((i) => entry.state[i] === notRequested);
    }
    this.order.push(entry);
    this.pump();
  }

  /**
   * Records a load made elsewhere (a viewport or a thumbnail), so counts stay right and the file is not
   * requested again.
   */
  noteLoaded(seriesKey: string, imageIndex: number): void {
    const entry = this.series.get(seriesKey);
    if (entry && (entry.state[imageIndex] ?? loaded) < loaded) this.settle(entry, imageIndex, null);
  }

  private next(): { entry: SeriesEntry; index: number } | null {
    while (this.order.length > 0) {
      const entry = this.order[0] as SeriesEntry;
      while (entry.queue.length > 0) {
        const index = entry.queue.shift() as number;
        if (entry.state[index] === notRequested) return { entry, index };
      }
      this.order.shift();
    }
    return null;
  }

  /**
   * Once the learner stops asking: background loading back to full speed, and the slice they stopped on,
   * if loading has not reached it, requested ahead of the queue.
   */
  private scheduleResume(): void {
    if (this.resumeTimer !== null) this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = this.clock.setTimeout(() => {
      this.resumeTimer = null;
      const last = this.lastWanted;
      if (last && last.entry.state[last.index] === notRequested) this.pendingWanted = last;
      this.pump();
    }, this.limits.interactionMs + 5);
  }

  private pump(): void {
    while (this.pendingWanted && this.wantedInFlight < this.limits.wanted) {
      const { entry, index } = this.pendingWanted;
      this.pendingWanted = null;
      if (entry.state[index] === notRequested) this.request(entry, index, true);
    }
    const recent = this.clock.now() - this.lastWantAt < this.limits.interactionMs;
    const limit =
      recent && this.lastWantWasLoaded
        ? this.limits.backgroundWhileInteracting
        : recent && this.lastWantNearEdge
          ? Math.min(this.limits.backgroundWhileChasing, this.limits.background)
          : this.limits.background;
    while (this.inFlight < limit) {
      const job = this.next();
      if (!job) return;
      this.request(job.entry, job.index, false);
    }
  }

  private request(entry: SeriesEntry, index: number, urgent: boolean): void {
    entry.state[index] = requested;
    if (urgent) this.wantedInFlight++;
    else this.inFlight++;
    const imageId = entry.imageIds[index] as string;
    let result: Promise<unknown>;
    try {
      result = this.load(imageId, urgent);
    } catch (error) {
      result = Promise.reject(error);
    }
    result
      .then(
        () => this.settle(entry, index, null),
        (error: unknown) => this.settle(entry, index, error ?? 'unknown error'),
      )
      .finally(() => {
        if (urgent) this.wantedInFlight--;
        else this.inFlight--;
        this.pump();
      });
  }

  private settle(entry: SeriesEntry, index: number, error: unknown): void {
    if ((entry.state[index] ?? loaded) >= loaded) return;
    if (error === null) {
      entry.state[index] = loaded;
      entry.loaded++;
      this.callbacks.onImageLoaded?.(entry.key, index);
    } else {
      entry.state[index] = failed;
      entry.failed++;
      this.callbacks.onImageFailed(entry.key, index, error);
    }
    this.callbacks.onProgress({
      seriesKey: entry.key,
      loaded: entry.loaded,
      failed: entry.failed,
      total: entry.imageIds.length,
    });
  }
}
