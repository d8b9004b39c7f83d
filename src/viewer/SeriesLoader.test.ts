import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../lib/Clock.ts';
import type { LoaderLimits } from './SeriesLoader.ts';

vi.mock('@cornerstonejs/core', () => ({
  Enums: { RequestType: { Interaction: 'interaction', Prefetch: 'prefetch' } },
  imageLoader: { loadAndCacheImage: () => Promise.resolve() },
}));

const {
  defaultLoaderLimits,
  loadedRunEnd,
  nearestFirstOrder,
  nearestLoadedIndex,
  onwardOrder,
  SeriesLoader,
} = await import('./SeriesLoader.ts');

describe('nearestFirstOrder', () => {
  it('starts at the shown slice and fans out to both sides', () => {
    expect(nearestFirstOrder(6, 2)).toEqual([2, 3, 1, 4, 0, 5]);
  });

  it('covers every slice once from either end', () => {
    expect(nearestFirstOrder(4, 0)).toEqual([0, 1, 2, 3]);
    expect(nearestFirstOrder(4, 3)).toEqual([3, 2, 1, 0]);
    expect(nearestFirstOrder(0, 0)).toEqual([]);
  });
});

describe('onwardOrder', () => {
  it('runs from the loaded edge to the end of the stack in the scroll direction, then the rest', () => {
    expect(onwardOrder(8, 3, 1)).toEqual([3, 4, 5, 6, 7, 2, 1, 0]);
    expect(onwardOrder(8, 3, -1)).toEqual([3, 2, 1, 0, 4, 5, 6, 7]);
  });
});

describe('loadedRunEnd', () => {
  // 0 not requested, 1 requested, 2 loaded
  const state = [0, 2, 2, 2, 1, 0, 2, 2];
  it('is the first slice past the loaded run in the direction, when within reach', () => {
    expect(loadedRunEnd(state, 1, 1, 8)).toBe(4);
    expect(loadedRunEnd(state, 3, -1, 8)).toBe(0);
    expect(loadedRunEnd(state, 1, 1, 3)).toBe(4);
  });

  it('is -1 when the run is longer than the reach or runs to the end of the stack', () => {
    expect(loadedRunEnd(state, 1, 1, 2)).toBe(-1);
    expect(loadedRunEnd(state, 6, 1, 8)).toBe(-1);
  });
});

describe('nearestLoadedIndex', () => {
  const loadedSet = (...indices: number[]) => {
    const set = new Set(indices);
    return (i: number) => set.has(i);
  };

  it('is the wanted slice when it is loaded', () => {
    expect(nearestLoadedIndex(loadedSet(5, 7), 10, 7)).toBe(7);
  });

  it('is the closest loaded slice otherwise, on either side', () => {
    expect(nearestLoadedIndex(loadedSet(2, 9), 10, 7)).toBe(9);
    expect(nearestLoadedIndex(loadedSet(2, 4), 10, 7)).toBe(4);
  });

  it('breaks a tie towards the slice on screen', () => {
    expect(nearestLoadedIndex(loadedSet(5, 9), 10, 7, 5)).toBe(5);
    expect(nearestLoadedIndex(loadedSet(5, 9), 10, 7, 9)).toBe(9);
  });

  it('is -1 when nothing is loaded or the index is outside the stack', () => {
    expect(nearestLoadedIndex(loadedSet(), 10, 3)).toBe(-1);
    expect(nearestLoadedIndex(loadedSet(1), 10, 12)).toBe(-1);
    expect(nearestLoadedIndex(loadedSet(0), 10, 9, -1, 3)).toBe(-1);
  });
});

describe('SeriesLoader priorities', () => {
  /** A loader whose loads resolve only when the test says so. */
  function setup(count = 40, limits: Partial<LoaderLimits> = {}) {
    const ids = Array.from({ length: count }, (_, i) => `img:${i}`);
    const pending = new Map<string, () => void>();
    const requests: Array<{ id: string; urgent: boolean }> = [];
    const clock = new ManualClock();
    const loaded: number[] = [];
    const loader = new SeriesLoader(
      new Map([['ct', ids]]),
      {
        onProgress: () => undefined,
        onImageFailed: () => undefined,
        onImageLoaded: (_, i) => loaded.push(i),
      },
      {
        background: 4,
        backgroundWhileInteracting: 1,
        backgroundWhileChasing: 4,
        wanted: 2,
        interactionMs: 300,
        scrollStep: 4,
        readAhead: 8,
        ...limits,
      },
      (id, urgent) => {
        requests.push({ id, urgent });
        return new Promise<void>((resolve) => pending.set(id, resolve));
      },
      clock,
    );
    const finish = async (id: string) => {
      pending.get(id)?.();
      pending.delete(id);
      await new Promise((r) => setTimeout(r, 0));
    };
    return {
      loader,
      requests,
      loaded,
      finish,
      /** Moves the loader's time on, running its timers that fall due. */
      tick: (ms: number) => clock.advance(ms),
    };
  }

  it('requests a wanted slice at once, ahead of the queue, even with the background slots full', () => {
    const { loader, requests } = setup();
    loader.focus('ct', 20);
    expect(requests.map((r) => r.id)).toEqual(['img:20', 'img:21', 'img:19', 'img:22']);
    loader.want('ct', 35);
    expect(requests.at(-1)).toEqual({ id: 'img:35', urgent: true });
    expect(loader.requestsInFlight()).toEqual({ background: 4, wanted: 1 });
  });

  it('keeps only the latest wish when the wanted slots are busy', async () => {
    const { loader, requests, finish } = setup();
    loader.want('ct', 30);
    loader.want('ct', 10);
    loader.want('ct', 20);
    loader.want('ct', 38);
    expect(requests.filter((r) => r.urgent).map((r) => r.id)).toEqual(['img:30', 'img:10']);
    await finish('img:30');
    expect(requests.filter((r) => r.urgent).map((r) => r.id)).toEqual(['img:30', 'img:10', 'img:38']);
  });

  it('scrolling on past the loaded slices loads onwards from the loaded edge, at full speed', async () => {
    const { loader, requests, finish } = setup();
    loader.focus('ct', 20);
    for (const id of ['img:20', 'img:21', 'img:19', 'img:22']) await finish(id);
    // In flight now, nearest first: 18, 23, 17, 24. The wheel turns one slice a notch from 20 towards the
    // end, ahead of what is loaded.
    for (let i = 21; i <= 26; i++) loader.want('ct', i);
    const before = requests.length;
    for (const id of ['img:18', 'img:23', 'img:17', 'img:24']) await finish(id);
    const after = requests.slice(before);
    expect(after.map((r) => r.id)).toEqual(['img:25', 'img:26', 'img:27', 'img:28']);
    expect(after.every((r) => !r.urgent)).toBe(true);
  });

  it('keeps loading onwards at full speed while the wheel runs through loaded slices near the loaded edge', async () => {
    const { loader, requests, finish } = setup();
    loader.focus('ct', 20);
    for (const id of ['img:20', 'img:21', 'img:19', 'img:22']) await finish(id);
    // In flight, nearest first: 18, 23, 17, 24. The wheel turns from 20 towards the end over loaded slices,
    // one slice from the edge.
    for (const i of [20, 21, 22]) loader.want('ct', i);
    const before = requests.length;
    for (const id of ['img:18', 'img:17']) await finish(id);
    expect(requests.slice(before).map((r) => r.id)).toEqual(['img:25', 'img:26']);
    expect(loader.requestsInFlight().background).toBe(4);
  });

  it('loads onwards while the wheel runs over slices still on their way', async () => {
    const { loader, requests, finish } = setup();
    loader.focus('ct', 20);
    await finish('img:20');
    // In flight, nearest first: 21, 19, 22. The wheel turns onto them towards the end.
    for (const i of [20, 21, 22]) loader.want('ct', i);
    const before = requests.length;
    await finish('img:21');
    await finish('img:19');
    expect(requests.slice(before).map((r) => r.id)).toEqual(['img:23', 'img:24']);
  });

  it('turning back into slices not loaded loads from the wheel towards the loaded ones, not from the far end', async () => {
    const { loader, requests, finish } = setup();
    loader.focus('ct', 10);
    for (const id of ['img:10', 'img:11', 'img:9', 'img:12']) await finish(id);
    // The wheel ran ahead of loading up to 20, then turns back.
    for (let i = 10; i <= 20; i++) loader.want('ct', i);
    loader.want('ct', 19);
    const before = requests.length;
    for (const id of ['img:8', 'img:13']) await finish(id);
    const next = requests.slice(before).map((r) => r.id);
    expect(next).toHaveLength(2);
    for (const id of next) expect(Number(id.split(':')[1])).toBeLessThanOrEqual(19);
  });

  it('keeps few requests in flight while the wheel waits at the loaded edge, so slices arrive in order', async () => {
    const { loader, requests, finish } = setup(40, { backgroundWhileChasing: 2 });
    loader.focus('ct', 20);
    for (const id of ['img:20', 'img:21', 'img:19', 'img:22']) await finish(id);
    for (let i = 20; i <= 26; i++) loader.want('ct', i);
    // In flight from the focus: 18, 23, 17, 24. As they land, only two are kept going, onwards.
    for (const id of ['img:18', 'img:23', 'img:17']) await finish(id);
    expect(loader.requestsInFlight().background).toBe(2);
    expect(requests.slice(-1).map((r) => r.id)).toEqual(['img:25']);
  });

  it('holds background loading to one request while the learner scrolls through loaded slices, then resumes', async () => {
    const { loader, requests, finish, tick } = setup();
    loader.focus('ct', 5);
    await finish('img:5');
    await finish('img:6');
    loader.want('ct', 5);
    const before = requests.length;
    for (const id of ['img:4', 'img:7', 'img:3']) await finish(id);
    expect(requests.length - before).toBe(0);
    expect(loader.requestsInFlight().background).toBe(1);
    tick(400);
    await finish('img:8');
    expect(loader.requestsInFlight().background).toBe(4);
  });

  it('requests the slice the learner stopped on once the wheel rests, if loading has not reached it', async () => {
    const { loader, requests, tick } = setup();
    loader.focus('ct', 10);
    for (let i = 11; i <= 30; i++) loader.want('ct', i);
    expect(requests.some((r) => r.id === 'img:30')).toBe(false);
    tick(defaultLoaderLimits.interactionMs);
    expect(requests.some((r) => r.id === 'img:30')).toBe(false);
    tick(10);
    expect(requests.at(-1)).toEqual({ id: 'img:30', urgent: true });
  });

  it('does not request a slice of the series the learner left once the wheel rests', async () => {
    const requests: string[] = [];
    const clock = new ManualClock();
    const loader = new SeriesLoader(
      new Map([
        ['ct', Array.from({ length: 40 }, (_, i) => `ct:${i}`)],
        ['mr', Array.from({ length: 10 }, (_, i) => `mr:${i}`)],
      ]),
      { onProgress: () => undefined, onImageFailed: () => undefined },
      { ...defaultLoaderLimits, background: 1 },
      (id) => {
        requests.push(id);
        return new Promise<void>(() => undefined);
      },
      clock,
    );
    loader.focus('ct', 10);
    for (let i = 11; i <= 20; i++) loader.want('ct', i);
    loader.focus('mr', 5);
    const atSwitch = requests.length;
    clock.advance(defaultLoaderLimits.interactionMs + 20);
    expect(clock.pendingTimers).toBe(0);
    expect(requests.slice(atSwitch).filter((id) => id.startsWith('ct:'))).toEqual([]);
  });

  it('does not request a slice twice and reports each load once', async () => {
    const { loader, requests, loaded, finish } = setup(10);
    loader.want('ct', 3);
    loader.want('ct', 3);
    loader.focus('ct', 3);
    expect(requests.filter((r) => r.id === 'img:3')).toHaveLength(1);
    await finish('img:3');
    expect(loaded).toEqual([3]);
    expect(loader.isLoaded('ct', 3)).toBe(true);
    expect(loader.nearestLoaded('ct', 6)).toBe(3);
  });
});
