import { describe, expect, it, vi } from 'vitest';

vi.mock('@cornerstonejs/core', () => ({
  Enums: { RequestType: { Interaction: 'interaction', Prefetch: 'prefetch' } },
  imageLoader: { loadAndCacheImage: () => Promise.resolve() },
}));

const { nearestFirstOrder, nearestLoadedIndex, SeriesLoader } = await import('./SeriesLoader.ts');

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
  function setup(count = 40) {
    const ids = Array.from({ length: count }, (_, i) => `img:${i}`);
    const pending = new Map<string, () => void>();
    const requests: Array<{ id: string; urgent: boolean }> = [];
    let clock = 0;
    const loaded: number[] = [];
    const loader = new SeriesLoader(
      new Map([['ct', ids]]),
      {
        onProgress: () => undefined,
        onImageFailed: () => undefined,
        onImageLoaded: (_, i) => loaded.push(i),
      },
      { background: 4, backgroundWhileInteracting: 1, wanted: 2, interactionMs: 300 },
      (id, urgent) => {
        requests.push({ id, urgent });
        return new Promise<void>((resolve) => pending.set(id, resolve));
      },
      () => clock,
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
      tick: (ms: number) => {
        clock += ms;
      },
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
    loader.want('ct', 31);
    loader.want('ct', 32);
    loader.want('ct', 33);
    expect(requests.filter((r) => r.urgent).map((r) => r.id)).toEqual(['img:30', 'img:31']);
    await finish('img:30');
    expect(requests.filter((r) => r.urgent).map((r) => r.id)).toEqual(['img:30', 'img:31', 'img:33']);
  });

  it('holds background loading to one request while the learner asks, then resumes', async () => {
    const { loader, requests, finish, tick } = setup();
    loader.want('ct', 5);
    loader.enqueue('ct');
    const background = () => requests.filter((r) => !r.urgent).length;
    expect(background()).toBe(1);
    tick(400);
    const first = requests.find((r) => !r.urgent)?.id ?? '';
    await finish(first);
    expect(background()).toBe(5);
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
