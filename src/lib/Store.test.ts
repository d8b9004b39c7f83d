import { describe, expect, it } from 'vitest';
import { createStore } from './Store.ts';

describe('createStore', () => {
  it('notifies listeners with next and previous values', () => {
    const store = createStore({ n: 1 });
    const seen: Array<[number, number]> = [];
    store.subscribe((next, previous) => seen.push([next.n, previous.n]));
    store.set({ n: 2 });
    store.update((s) => ({ n: s.n + 1 }));
    expect(seen).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it('does not notify when the same object is set again', () => {
    const value = { n: 1 };
    const store = createStore(value);
    let calls = 0;
    store.subscribe(() => calls++);
    store.set(value);
    expect(calls).toBe(0);
  });

  it('delivers a set made inside a listener after the current round, in order', () => {
    const store = createStore(0);
    const first: number[] = [];
    const second: number[] = [];
    store.subscribe((n) => {
      first.push(n);
      if (n === 1) store.set(2);
    });
    store.subscribe((n) => second.push(n));
    store.set(1);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
    expect(store.get()).toBe(2);
  });

  it('stops notifying after unsubscribe', () => {
    const store = createStore(0);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set(1);
    off();
    store.set(2);
    expect(calls).toBe(1);
  });
});
