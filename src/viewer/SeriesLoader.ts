/**
 * Prefetches whole series into Cornerstone's image cache, nearest slices first, and counts progress and
 * failures per series. Each file is requested once: loads go through loadAndCacheImage, which shares one
 * promise per image id with the viewports and thumbnails.
 */
import { Enums as CoreEnums, imageLoader, imageLoadPoolManager } from '@cornerstonejs/core';
import type { SeriesProgress } from '../model/ViewerController.ts';

/** What the loader reports. */
export interface SeriesLoaderCallbacks {
  onProgress(progress: SeriesProgress): void;
  onImageFailed(seriesKey: string, imageIndex: number, error: unknown): void;
}

interface SeriesEntry {
  readonly imageIds: readonly string[];
  /** Per image: 0 not requested, 1 requested, 2 loaded, 3 failed. */
  readonly state: Uint8Array;
  loaded: number;
  failed: number;
}

/**
 * Order in which to fetch a stack: the given index, then alternately one further on each side, so
 * scrolling away from the opening slice finds its neighbours ready.
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

/** Prefetches series and reports their progress. */
export class SeriesLoader {
  private readonly series = new Map<string, SeriesEntry>();

  constructor(
    imageIdsBySeries: ReadonlyMap<string, readonly string[]>,
    private readonly callbacks: SeriesLoaderCallbacks,
  ) {
    for (const [key, imageIds] of imageIdsBySeries) {
      this.series.set(key, { imageIds, state: new Uint8Array(imageIds.length), loaded: 0, failed: 0 });
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
   * Queues every not yet requested image of a series, nearest to `startIndex` first.
   * @returns a promise that settles when the whole series is loaded or failed
   */
  prefetch(seriesKey: string, startIndex: number): Promise<void> {
    const entry = this.series.get(seriesKey);
    if (!entry) return Promise.resolve();
    const pending: Promise<void>[] = [];
    for (const index of nearestFirstOrder(entry.imageIds.length, startIndex)) {
      if (entry.state[index] !== 0) continue;
      entry.state[index] = 1;
      pending.push(
        new Promise<void>((resolve) => {
          const imageId = entry.imageIds[index] as string;
          const request = () =>
            imageLoader
              .loadAndCacheImage(imageId, {
                priority: 0,
                requestType: CoreEnums.RequestType.Prefetch,
              })
              .then(
                () => this.settle(seriesKey, entry, index, null),
                (error: unknown) => this.settle(seriesKey, entry, index, error ?? 'unknown error'),
              )
              .finally(resolve);
          imageLoadPoolManager.addRequest(request, CoreEnums.RequestType.Prefetch, { imageId }, 0);
        }),
      );
    }
    return Promise.all(pending).then(() => undefined);
  }

  /**
   * Records the outcome of a load made elsewhere (a viewport or thumbnail), so the counts stay right even
   * when the prefetch request for it had not run yet.
   */
  noteLoaded(seriesKey: string, imageIndex: number): void {
    const entry = this.series.get(seriesKey);
    if (entry && (entry.state[imageIndex] ?? 2) < 2) this.settle(seriesKey, entry, imageIndex, null);
  }

  private settle(seriesKey: string, entry: SeriesEntry, index: number, error: unknown): void {
    if ((entry.state[index] ?? 2) >= 2) return;
    if (error === null) {
      entry.state[index] = 2;
      entry.loaded++;
    } else {
      entry.state[index] = 3;
      entry.failed++;
      this.callbacks.onImageFailed(seriesKey, index, error);
    }
    this.callbacks.onProgress({
      seriesKey,
      loaded: entry.loaded,
      failed: entry.failed,
      total: entry.imageIds.length,
    });
  }
}
