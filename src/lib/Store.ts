/**
 * A tiny typed store: one immutable value with get/set/update/subscribe, every change tagged with who made
 * it. Generic; imports nothing of ours.
 */

/**
 * Who made a change: the learner's own hands (wheel, keys, drags, clicks), the app itself (defaults, a
 * restored link), a guided tour, or a remote presenter. Listeners filter on it: a tour step or a remote
 * update is never counted as the learner moving, and is never echoed back.
 */
export const changeSources = ['learner', 'app', 'tour', 'remote'] as const;
export type ChangeSource = (typeof changeSources)[number];

/** Called after every change with the new value, the previous value and who made the change. */
export type StoreListener<T> = (next: T, previous: T, source: ChangeSource) => void;

/** Which changes a listener hears; all of them when absent. */
export interface SubscribeOptions {
  readonly sources?: readonly ChangeSource[];
}

/** A single value that many readers watch and many writers replace. */
export interface Store<T> {
  /** The current value. Never mutate it: replace it with `set` or `update`. */
  get(): T;
  /** Replaces the value; listeners run unless `next` is the very same object. */
  set(next: T, source: ChangeSource): void;
  /** Replaces the value with `fn(current)`. */
  update(fn: (current: T) => T, source: ChangeSource): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: StoreListener<T>, options?: SubscribeOptions): () => void;
}

/**
 * Creates a store. A `set` made by a listener while listeners run is delivered after the current round, so
 * every listener sees every change in order, each with its own source, and ends on the latest value.
 * @param initial - the first value
 */
export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  let notified = initial;
  let notifying = false;
  const pending: Array<{ readonly next: T; readonly source: ChangeSource }> = [];
  const listeners = new Map<StoreListener<T>, ReadonlySet<ChangeSource> | null>();

  const flush = (): void => {
    notifying = true;
    try {
      for (let change = pending.shift(); change; change = pending.shift()) {
        if (change.next === notified) continue;
        const previous = notified;
        notified = change.next;
        for (const [listener, sources] of [...listeners]) {
          if (!sources || sources.has(change.source)) listener(change.next, previous, change.source);
        }
      }
    } finally {
      notifying = false;
      pending.length = 0;
    }
  };

  return {
    get: () => value,
    set(next, source) {
      if (next === value) return;
      value = next;
      pending.push({ next, source });
      if (!notifying) flush();
    },
    update(fn, source) {
      this.set(fn(value), source);
    },
    subscribe(listener, options) {
      listeners.set(listener, options?.sources ? new Set(options.sources) : null);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
