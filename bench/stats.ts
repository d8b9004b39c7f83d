/**
 * Small statistics for benchmark samples: percentiles with linear interpolation (numpy's default), and
 * summaries of intervals. Pure; no Node or browser APIs.
 */

/**
 * The p-th percentile of the samples (0 ≤ p ≤ 100), interpolating linearly between closest ranks; NaN when
 * there are no finite samples.
 * @param samples - values in any order (non-finite ones are ignored)
 * @param p - the percentile, e.g. 50 for the median
 */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

/** Median and 95th percentile of a set of runs. */
export interface Summary {
  readonly median: number;
  readonly p95: number;
  readonly n: number;
}

/** Median, p95 and count of the finite samples. */
export function summarize(samples: readonly number[]): Summary {
  return {
    median: percentile(samples, 50),
    p95: percentile(samples, 95),
    n: samples.filter(Number.isFinite).length,
  };
}

/** Differences between consecutive values (times → intervals). */
export function intervals(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push((times[i] as number) - (times[i - 1] as number));
  return out;
}
