/**
 * A smaller copy of a case for the benchmark's smoke run: the same files, but the CT listed with only a
 * contiguous block of slices around its middle. Writes just a manifest whose file paths point back at the
 * original files (relative URLs), so nothing is copied. Node only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CaseManifest } from '../src/model/CaseManifest.ts';

/**
 * Writes `outDir/manifest.json` listing `slices` consecutive slices from the middle of series `seriesKey`
 * and every other series whole; returns its path.
 */
export function writeSubsetCase(
  manifestPath: string,
  seriesKey: string,
  slices: number,
  outDir: string,
): string {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  const back = relative(outDir, dirname(manifestPath)).split('\\').join('/');
  const series = manifest.series.map((s) => {
    const start = s.key === seriesKey ? Math.max(0, Math.floor((s.instances.length - slices) / 2)) : 0;
    const instances = s.key === seriesKey ? s.instances.slice(start, start + slices) : s.instances;
    return { ...s, instances: instances.map((i) => ({ ...i, file: `${back}/${i.file}` })) };
  });
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'manifest.json');
  writeFileSync(out, `${JSON.stringify({ ...manifest, series }, null, 1)}\n`);
  return out;
}
