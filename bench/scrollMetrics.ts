/**
 * Turns what the page probe recorded during a wheel-scroll into the figures a reader feels: distinct
 * slices drawn per second, intervals between new slices, the longest stall, slices skipped and blank
 * frames. Pure; shares only types with the probe.
 */
import type { RenderRecord } from './pageProbe.ts';
import { percentile } from './stats.ts';

/** Figures of one scroll. Times in ms. */
export interface ScrollFigures {
  /** Wheel events the page received (the browser may coalesce what was sent). */
  readonly wheelsReceived: number;
  /** Distinct slices drawn (not counting the one on screen before the first wheel). */
  readonly distinctSlices: number;
  /** Distinct slices per second, from the first wheel event to the last new slice drawn. */
  readonly slicesPerSecond: number;
  /** Median and 95th percentile of the intervals between consecutive new slices on screen. */
  readonly frameP50: number;
  readonly frameP95: number;
  /** Longest time the picture did not change while scrolling (includes the wait for the first change). */
  readonly longestStall: number;
  /** Time from the first wheel event to the first new slice on screen. */
  readonly firstResponse: number;
  /** Slices the index passed over without ever drawing them. */
  readonly skipped: number;
  /** Renders whose canvas was blank. */
  readonly blankFrames: number;
  /** Slices moved per wheel event received (1 when every notch is one slice). */
  readonly slicesPerNotch: number;
}

/**
 * Analyses one scroll.
 * @param renders - the probe's renders of the scrolled viewport's series, in time order
 * @param wheels - wheel-event timestamps the page received during the scroll
 * @param startIndex - slice on screen before the first wheel event
 */
export function analyzeScroll(
  renders: readonly RenderRecord[],
  wheels: readonly number[],
  startIndex: number,
): ScrollFigures {
  const t0 = wheels[0] ?? Number.NaN;
  const during = renders.filter(([t]) => t >= t0);
  const blankFrames = during.filter(([, , , blank]) => blank === 1).length;
  const changes: { t: number; index: number }[] = [];
  let shown = startIndex;
  for (const [t, , index, blank] of during) {
    if (blank === 1 || index < 0 || index === shown) continue;
    changes.push({ t, index });
    shown = index;
  }
  const drawn = new Set(changes.map((c) => c.index));
  drawn.delete(startIndex);
  const gaps: number[] = [];
  let skipped = 0;
  let path = 0;
  let previous = { t: t0, index: startIndex };
  for (const change of changes) {
    gaps.push(change.t - previous.t);
    const step = Math.abs(change.index - previous.index);
    skipped += Math.max(0, step - 1);
    path += step;
    previous = change;
  }
  const first = changes[0];
  const last = changes[changes.length - 1];
  const betweenNew = gaps.slice(1);
  return {
    wheelsReceived: wheels.length,
    distinctSlices: drawn.size,
    slicesPerSecond: last && last.t > t0 ? (1000 * changes.length) / (last.t - t0) : 0,
    frameP50: percentile(betweenNew, 50),
    frameP95: percentile(betweenNew, 95),
    longestStall: gaps.length ? Math.max(...gaps) : Number.NaN,
    firstResponse: first ? first.t - t0 : Number.NaN,
    skipped,
    blankFrames,
    slicesPerNotch: wheels.length ? path / wheels.length : Number.NaN,
  };
}
