import { describe, expect, it } from 'vitest';
import { onDevicePixelRatioChange, type ResolutionSource } from './onDevicePixelRatioChange.ts';

/** A window whose ratio the test sets; like a browser, it tells the queries that stop matching. */
function fakeWindow(initial: number) {
  const queries: Array<{ media: string; target: EventTarget }> = [];
  const source = {
    devicePixelRatio: initial,
    matchMedia(media: string) {
      const target = new EventTarget();
      queries.push({ media, target });
      return Object.assign(target, { media, matches: true }) as unknown as MediaQueryList;
    },
  } satisfies ResolutionSource;
  const setRatio = (ratio: number) => {
    source.devicePixelRatio = ratio;
    for (const query of queries.splice(0)) query.target.dispatchEvent(new Event('change'));
  };
  return { source, setRatio, queries };
}

describe('onDevicePixelRatioChange', () => {
  it('reports each new ratio, watching the current one after every change', () => {
    const { source, setRatio, queries } = fakeWindow(1);
    const seen: number[] = [];
    onDevicePixelRatioChange((ratio) => seen.push(ratio), source);
    expect(queries.map((q) => q.media)).toEqual(['(resolution: 1dppx)']);
    setRatio(2);
    expect(queries.map((q) => q.media)).toEqual(['(resolution: 2dppx)']);
    setRatio(1.25);
    expect(seen).toEqual([2, 1.25]);
  });

  it('stops when asked', () => {
    const { source, setRatio } = fakeWindow(1.5);
    const seen: number[] = [];
    const stop = onDevicePixelRatioChange((ratio) => seen.push(ratio), source);
    stop();
    setRatio(2);
    expect(seen).toEqual([]);
  });

  it('does nothing without matchMedia', () => {
    const stop = onDevicePixelRatioChange(() => undefined, undefined);
    expect(stop).toBeTypeOf('function');
  });
});
