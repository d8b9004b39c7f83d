import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calmWatcher } from './calmWatcher.ts';
import { createStore } from './Store.ts';

describe('calmWatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    const store = createStore({ slice: 0, other: 0 });
    const whenCalm = calmWatcher(
      store,
      (next, previous) => next.slice !== previous.slice,
      () => Date.now(),
    );
    let done = false;
    const wait = (quietMs: number, maxWaitMs: number) => {
      done = false;
      void whenCalm(quietMs, maxWaitMs).then(() => {
        done = true;
      });
    };
    return { store, wait, isDone: () => done };
  }

  it('resolves on the next task when the view has been still long enough already', async () => {
    const { wait, isDone } = setup();
    await vi.advanceTimersByTimeAsync(500);
    wait(150, 2000);
    await vi.advanceTimersByTimeAsync(1);
    expect(isDone()).toBe(true);
  });

  it('waits while the learner keeps scrolling, and resolves once they pause', async () => {
    const { store, wait, isDone } = setup();
    wait(150, 2000);
    for (let i = 1; i <= 10; i++) {
      store.update((s) => ({ ...s, slice: i }), 'learner');
      await vi.advanceTimersByTimeAsync(50);
      expect(isDone()).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(120);
    expect(isDone()).toBe(true);
  });

  it('ignores changes that are not the learner moving the view', async () => {
    const { store, wait, isDone } = setup();
    await vi.advanceTimersByTimeAsync(200);
    store.update((s) => ({ ...s, other: 1 }), 'learner');
    wait(150, 2000);
    await vi.advanceTimersByTimeAsync(1);
    expect(isDone()).toBe(true);
  });

  it('gives up waiting after maxWaitMs', async () => {
    const { store, wait, isDone } = setup();
    wait(150, 400);
    for (let i = 1; i <= 6; i++) {
      store.update((s) => ({ ...s, slice: i }), 'learner');
      await vi.advanceTimersByTimeAsync(60);
    }
    expect(isDone()).toBe(false);
    await vi.advanceTimersByTimeAsync(60);
    expect(isDone()).toBe(true);
  });

  it('does not count a tour step, a remote presenter or the app moving the slices as the learner', async () => {
    const { store, wait, isDone } = setup();
    await vi.advanceTimersByTimeAsync(200);
    wait(150, 2000);
    for (const source of ['tour', 'remote', 'app'] as const) {
      store.update((s) => ({ ...s, slice: s.slice + 1 }), source);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(isDone()).toBe(true);
    expect(store.get().slice).toBe(3);
  });
});
