/**
 * A tiny typed store: one immutable value with get/set/update/subscribe. Generic; imports nothing of ours.
 */

/** Called after every change with the new and the previous value. */
export type StoreListener<T> = (next: T, previous: T) => void;

/** A single value that many readers watch and many writers replace. */
export interface Store<T> {
  /** The current value. Never mutate it: replace it with `set` or `update`. */
  get(): T;
  /** Replaces the value; listeners run unless `next` is the very same object. */
  set(next: T): void;
  /** Replaces the value with `fn(current)`. */
  update(fn: (current: T) => T): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: StoreListener<T>): () => void;
}

/**
 * Creates a store. A `set` made by a listener while listeners run is delivered after the current round,
 * so every listener sees the changes in order and always ends on the latest value.
 * @param initial - the first value
 */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  let notified = initial;
  let notifying = false;
  const listeners = new Set<StoreListener<T>>();

  const flush = (): void => {
    notifying = true;
    try {
      while (notified !== value) {
        const previous = notified;
        const next = value;
        notified = next;
        for (const listener of [...listeners]) listener(next, previous);
      }
    } finally {
      notifying = false;
    }
  };

  return {
    get: () => value,
    set(next) {
      if (next === value) return;
      value = next;
      if (!notifying) flush();
    },
    update(fn) {
      this.set(fn(value));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
