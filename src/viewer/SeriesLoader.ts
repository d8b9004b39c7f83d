/**
 * Loads whole series into Cornerstone's image cache in the background, nearest to the slice on screen first,
 * series on screen before the others, and counts progress and failures per series. It keeps only a few
 * requests in flight, so a series put on screen (or a jump far into a stack) takes over at once. Each file is
 * requested once: loads go through loadAndCacheImage, which shares one promise per image id with the
 * viewports and thumbnails.
 */
import { Enums as CoreEnums, imageLoader, imageLoadPoolManager } from '@cornerstonejs/core';
import type { SeriesProgress } from '../model/ViewerController.ts';

/** What the loader reports. */
export interface SeriesLoaderCallbacks {
  onProgress(progress: SeriesProgress): void;
  onImageFailed(seriesKey: string, imageIndex: number, error: unknown): void;
}

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

/** Background loader of series with a small number of requests in flight. */
export class SeriesLoader {
  private readonly series = new Map<string, SeriesEntry>();
  /** Series to load, most urgent first. */
  private order: SeriesEntry[] = [];
  private inFlight = 0;

  /**
   * @param imageIdsBySeries - image ids of every series
   * @param callbacks - progress and failure reports
   * @param maxInFlight - requests kept in flight (enough to hide latency, few enough to re-prioritise fast)
   */
  constructor(
    imageIdsBySeries: ReadonlyMap<string, readonly string[]>,
    private readonly callbacks: SeriesLoaderCallbacks,
    private readonly maxInFlight = 12,
  ) {
    for (const [key, imageIds] of imageIdsBySeries) {
      this.series.set(key, {
        key,
        imageIds,
        state: new Uint8Array(imageIds.length),
        queue: [],
        loaded: 0,
        failed: 0,
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

  /**
   * Makes a series the most urgent and orders its remaining images nearest to `imageIndex` first (call when
   * it is put on screen, or when the learner jumps far into it while it loads).
   */
  focus(seriesKey: string, imageIndex: number): void {
    const entry = this.series.get(seriesKey);
    if (!entry || this.isComplete(seriesKey)) return;
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

  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      const job = this.next();
      if (!job) return;
      const { entry, index } = job;
      entry.state[index] = requested;
      this.inFlight++;
      const imageId = entry.imageIds[index] as string;
      const request = () =>
        imageLoader
          .loadAndCacheImage(imageId, { priority: 0, requestType: CoreEnums.RequestType.Prefetch })
          .then(
            () => this.settle(entry, index, null),
            (error: unknown) => this.settle(entry, index, error ?? 'unknown error'),
          )
          .finally(() => {
            this.inFlight--;
            this.pump();
          });
      imageLoadPoolManager.addRequest(request, CoreEnums.RequestType.Prefetch, { imageId }, 0);
    }
  }

  private settle(entry: SeriesEntry, index: number, error: unknown): void {
    if ((entry.state[index] ?? loaded) >= loaded) return;
    if (error === null) {
      entry.state[index] = loaded;
      entry.loaded++;
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
