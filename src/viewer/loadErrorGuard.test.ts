import { describe, expect, it } from 'vitest';
import { guardLoadRejections, isMarkedLoadError, markLoadError } from './loadErrorGuard.ts';

/** A window stand-in that dispatches rejection events like a browser. */
function fakeWindow() {
  const listeners: Array<(event: PromiseRejectionEvent) => void> = [];
  return {
    addEventListener: (_type: string, listener: (event: PromiseRejectionEvent) => void) =>
      listeners.push(listener),
    removeEventListener: (_type: string, listener: (event: PromiseRejectionEvent) => void) =>
      listeners.splice(listeners.indexOf(listener), 1),
    /** Fires an unhandled rejection; true when a listener marked it handled. */
    reject(reason: unknown): boolean {
      let prevented = false;
      const event = { reason, preventDefault: () => (prevented = true) } as unknown as PromiseRejectionEvent;
      for (const listener of listeners) listener(event);
      return prevented;
    },
  };
}

describe('load error guard', () => {
  it("marks our loader's errors as handled, and leaves every other rejection alone", () => {
    const target = fakeWindow();
    const off = guardLoadRejections(target as never);
    const loadError = markLoadError(new Error('HTTP 404 Not Found'));
    expect(target.reject(loadError)).toBe(true);
    expect(target.reject(new Error('HTTP 404 Not Found')), 'same text, not ours').toBe(false);
    expect(target.reject('a string')).toBe(false);
    off();
    expect(target.reject(loadError), 'after removal').toBe(false);
  });

  it('turns what is not an Error into one with the same text', () => {
    const fromString = markLoadError('not a DICOM file');
    expect(fromString).toBeInstanceOf(Error);
    expect(fromString.message).toBe('not a DICOM file');
    expect(markLoadError({ error: new Error('inner') }).message).toBe('inner');
    expect(isMarkedLoadError(fromString)).toBe(true);
    expect(isMarkedLoadError({ message: 'x' })).toBe(false);
  });
});
