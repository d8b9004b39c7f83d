import { describe, expect, it } from 'vitest';
import { createStore } from './Store.ts';

describe('createStore', () => {
  it('notifies listeners with next and previous values', () => {
    const store = createStore({ n: 1 });
    const seen: Array<[number, number]> = [];
    store.subscribe((next, previous) => seen.push([next.n, previous.n]));
    store.set({ n: 2 }, 'learner');
    store.update((s) => ({ n: s.n + 1 }), 'app');
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
    store.set(value, 'learner');
    expect(calls).toBe(0);
  });

  it('delivers a set made inside a listener after the current round, in order', () => {
    const store = createStore(0);
    const first: number[] = [];
    const second: number[] = [];
    store.subscribe((n) => {
      first.push(n);
      if (n === 1) store.set(2, 'app');
    });
    store.subscribe((n) => second.push(n));
    store.set(1, 'learner');
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
    expect(store.get()).toBe(2);
  });

  it('stops notifying after unsubscribe', () => {
    const store = createStore(0);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set(1, 'learner');
    off();
    store.set(2, 'learner');
    expect(calls).toBe(1);
  });

  it('tells every listener who made each change, and filters on it', () => {
    const store = createStore(0);
    const all: Array<[number, string]> = [];
    const learnerOnly: number[] = [];
    store.subscribe((n, _previous, source) => all.push([n, source]));
    store.subscribe((n) => learnerOnly.push(n), { sources: ['learner'] });
    store.set(1, 'learner');
    store.set(2, 'tour');
    store.set(3, 'remote');
    store.update((n) => n + 1, 'learner');
    expect(all).toEqual([
      [1, 'learner'],
      [2, 'tour'],
      [3, 'remote'],
      [4, 'learner'],
    ]);
    expect(learnerOnly).toEqual([1, 4]);
  });

  it('keeps the source of each change a listener makes while listeners run', () => {
    const store = createStore(0);
    const seen: Array<[number, number, string]> = [];
    store.subscribe((n) => {
      if (n === 1) {
        store.set(2, 'app');
        store.set(3, 'remote');
      }
    });
    store.subscribe((n, previous, source) => seen.push([n, previous, source]));
    store.set(1, 'learner');
    expect(seen).toEqual([
      [1, 0, 'learner'],
      [2, 1, 'app'],
      [3, 2, 'remote'],
    ]);
  });

  it('goes on delivering later changes after a listener threw', () => {
    const store = createStore(0);
    const seen: number[] = [];
    const off = store.subscribe(() => {
      throw new Error('listener failed');
    });
    expect(() => store.set(1, 'learner')).toThrow('listener failed');
    off();
    store.subscribe((n) => seen.push(n));
    store.set(2, 'learner');
    expect(seen).toEqual([2]);
    expect(store.get()).toBe(2);
  });
});
