/**
 * `npx tsx bench/firstImageTimeline.ts [--target ours|peer] [--runs N] [--dist DIR]`: opens the viewer in fresh
 * contexts and prints, per run, when each script, DICOM file and performance mark happened relative to
 * navigation start, up to the first CT image — the breakdown behind the benchmark's "first CT image".
 * Node only; uses an existing build (bench-results/app-dist, else --dist).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { resolveChromiumPath } from '../e2e/chromiumPath.ts';
import { CASE_ID } from '../generator/caseGeometry.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { benchChromiumArgs } from './browserFlags.ts';
import { openViewer, ours, peer, waitForImage } from './driveViewer.ts';
import { startStaticServer } from './staticServer.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'ours' },
    runs: { type: 'string', default: '3' },
    dist: { type: 'string', default: join(root, 'bench-results', 'app-dist') },
  },
});
const target = values.target === 'peer' ? peer : ours;
const caseDir = join(root, 'sample-dicom', CASE_ID);
const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as CaseManifest;
if (!manifest.series.some((s) => s.key === 'ct-axial'))
  throw new Error('The sample case has no ct-axial series.');
if (!existsSync(values.dist))
  throw new Error(`No build at ${values.dist}: run npm run bench once (or vite build).`);

interface Row {
  readonly at: number;
  readonly what: string;
}

async function main(): Promise<void> {
  const server = await startStaticServer([
    { prefix: '/', dir: values.dist },
    { prefix: '/peer/', dir: join(root, 'bench-results', 'peer-dist') },
    { prefix: '/bench-case/', dir: caseDir },
  ]);
  const browser = await chromium.launch({
    executablePath: resolveChromiumPath(),
    args: [...benchChromiumArgs],
  });
  try {
    for (let run = 1; run <= Number(values.runs); run++) {
      const context = await browser.newContext({
        baseURL: server.origin,
        viewport: { width: 1400, height: 900 },
      });
      const open = await openViewer(context, target, '/bench-case/manifest.json', 'ct-axial');
      const first = await waitForImage(open, 'ct-axial');
      const rows = (await open.page.evaluate(() => [
        ...performance.getEntriesByType('resource').map((e) => {
          const r = e as PerformanceResourceTiming;
          return {
            at: r.responseEnd,
            what: `${r.initiatorType} ${new URL(r.name).pathname.split('/').slice(-2).join('/')} start ${Math.round(r.startTime)} (${Math.round(r.encodedBodySize / 1024)} KB)`,
          };
        }),
        ...performance.getEntriesByType('mark').map((e) => ({ at: e.startTime, what: `mark ${e.name}` })),
        ...performance.getEntriesByType('navigation').map((e) => ({
          at: (e as PerformanceNavigationTiming).domContentLoadedEventEnd,
          what: 'DOMContentLoaded end',
        })),
      ])) as Row[];
      console.log(`\nrun ${run} (${target.name}): first image at ${Math.round(first)} ms`);
      for (const row of rows.filter((r) => r.at <= first + 50).sort((a, b) => a.at - b.at)) {
        console.log(`${String(Math.round(row.at)).padStart(6)}  ${row.what}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
