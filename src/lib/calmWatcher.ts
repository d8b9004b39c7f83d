/**
 * Tells when the learner pauses: work that is not urgent (loading more code, building panels) waits for a
 * moment when the view has not changed, so it runs between the learner's moves instead of freezing the
 * picture under the wheel. Generic over the store's value; imports nothing of ours but the Store type.
 */
import type { Store } from './Store.ts';

/** Resolves once the watched part has been still for `quietMs`, or after `maxWaitMs` whatever happens. */
export type WhenCalm = (quietMs: number, maxWaitMs: number) => Promise<void>;

/**
 * Watches the learner's own changes to a store (source `learner`: a tour step, a remote presenter or the app
 * setting a view is not the learner moving) that touch the part `changed` compares.
 * @param store - the store to watch
 * @param changed - whether a learner's change moved what is being watched (e.g. the viewports)
 * @param now - clock in ms (replaced in tests)
 * @returns a function that resolves on the next task when the part has been still long enough already,
 *   else as soon as it has (or at the latest after `maxWaitMs`)
 */
export function calmWatcher<T>(
  store: Store<T>,
  changed: (next: T, previous: T) => boolean,
  now: () => number = () => performance.now(),
): WhenCalm {
  let last = now();
  store.subscribe(
    (next, previous) => {
      if (changed(next, previous)) last = now();
    },
    { sources: ['learner'] },
  );
  return (quietMs, maxWaitMs) =>
    new Promise((resolve) => {
      const start = now();
      const check = () => {
        const t = now();
        if (t - last >= quietMs || t - start >= maxWaitMs) resolve();
        else setTimeout(check, Math.max(16, Math.min(quietMs - (t - last), maxWaitMs - (t - start))));
      };
      setTimeout(check, 0);
    });
}
