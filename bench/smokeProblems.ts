/**
 * The checks of the benchmark's smoke run (part of `npm test`): every figure is present and physically
 * sane. No timing thresholds: a slow machine must not fail the suite. Pure.
 */

/** The fields of a full run the smoke check reads. */
export interface SmokeRun {
  readonly firstImageMs: number;
  readonly ctLoadedMs: number;
  readonly cachedScroll: {
    readonly slicesPerSecond: number;
    readonly distinctSlices: number;
    readonly frameP50: number;
  };
  readonly memory: { readonly jsHeapUsed: number; readonly arrayBuffers: number };
  readonly transfer: { readonly jsGzip: number };
  readonly rendering: { readonly path: string };
  readonly switches: { readonly radiographToCt: number; readonly ctToMr: number } | null;
}

/**
 * Problems found in the smoke run's results (empty when all is well).
 * @param full - runs per viewer
 * @param withPeer - whether the peer was measured
 * @param withOurs - whether our viewer was measured
 */
export function smokeProblems(
  full: Readonly<Record<'ours' | 'peer', readonly SmokeRun[]>>,
  withPeer: boolean,
  withOurs = true,
): string[] {
  const problems: string[] = [];
  const sane = (name: string, value: number, low: number, high: number) => {
    if (!Number.isFinite(value) || value < low || value > high)
      problems.push(`${name} = ${value} (expected ${low}..${high})`);
  };
  const names = [...(withOurs ? ['ours' as const] : []), ...(withPeer ? ['peer' as const] : [])];
  for (const name of names) {
    const run = full[name][0];
    if (!run) {
      problems.push(`${name}: no run recorded`);
      continue;
    }
    sane(`${name} first image ms`, run.firstImageMs, 1, 120_000);
    sane(`${name} CT loaded ms`, run.ctLoadedMs, run.firstImageMs, 300_000);
    sane(`${name} cached scroll slices/s`, run.cachedScroll.slicesPerSecond, 0.1, 1000);
    sane(`${name} distinct slices scrolled`, run.cachedScroll.distinctSlices, 1, 100_000);
    sane(`${name} frame interval p50 ms`, run.cachedScroll.frameP50, 0.1, 10_000);
    sane(`${name} JS heap bytes`, run.memory.jsHeapUsed, 1e5, 1e10);
    sane(`${name} initial JS gzip bytes`, run.transfer.jsGzip, 1e3, 1e8);
    if (!['gpu', 'cpu'].includes(run.rendering.path))
      problems.push(`${name} rendering path is '${run.rendering.path}'`);
  }
  const switches = full.ours[0]?.switches;
  if (!withOurs) return problems;
  if (!switches) problems.push('ours: no series switch measured');
  else {
    sane('switch radiograph->CT ms', switches.radiographToCt, 0.1, 60_000);
    sane('switch CT->MR ms', switches.ctToMr, 0.1, 60_000);
  }
  return problems;
}
