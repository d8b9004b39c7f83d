/**
 * A typed event emitter: `on(name, listener)` / `emit(name, payload)`. Generic; imports nothing of ours.
 */

/** Subscribe side of an emitter, the part handed to readers. */
export interface Subscribable<Events extends object> {
  /** Registers a listener for one event; returns the function that removes it. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void;
}

/** An emitter whose event names and payload types come from `Events`. */
export class Emitter<Events extends object> implements Subscribable<Events> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Calls every listener of `name` with `payload`; a throwing listener does not stop the others. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        console.error(`Listener of "${String(name)}" failed`, error);
      }
    }
  }
}
