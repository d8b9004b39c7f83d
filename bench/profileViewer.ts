/**
 * `npx tsx bench/profileViewer.ts --target ours|peer --scenario load|cold-scroll|cached-scroll|switch`:
 * records a Chrome trace (timeline + sampled CPU profile of the page and its workers) of one benchmark
 * scenario, writes it under bench-results/ (open it in DevTools' Performance panel) and prints where the
 * time went per thread. Uses an existing build (bench-results/app-dist, else dist/). Node only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { resolveChromiumPath } from '../e2e/chromiumPath.ts';
import { CASE_ID } from '../generator/caseGeometry.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { benchChromiumArgs } from './browserFlags.ts';
import {
  openViewer,
  ours,
  peer,
  readMemory,
  switchSeries,
  waitForImage,
  waitForLoaded,
  wheelScroll,
} from './driveViewer.ts';
import { retainersOfLargeBuffers } from './heapRetainers.ts';
import { startStaticServer } from './staticServer.ts';
import { formatTraceSummary, summarizeTrace } from './traceSummary.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'ours' },
    scenario: { type: 'string', default: 'load' },
    dist: { type: 'string', default: join(root, 'bench-results', 'app-dist') },
    query: { type: 'string', default: '' },
    'case-dir': { type: 'string', default: join(root, 'sample-dicom', CASE_ID) },
  },
});
const target = values.target === 'peer' ? peer : ours;
const caseUrl = '/bench-case/manifest.json';
const manifest = JSON.parse(readFileSync(join(values['case-dir'], 'manifest.json'), 'utf8')) as CaseManifest;
const ctCount = manifest.series.find((s) => s.key === 'ct-axial')?.instances.length ?? 0;

const categories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-v8.gc',
];

async function main(): Promise<void> {
  const server = await startStaticServer([
    { prefix: '/', dir: values.dist },
    { prefix: '/peer/', dir: join(root, 'bench-results', 'peer-dist') },
    { prefix: '/bench-case/', dir: resolve(values['case-dir']) },
  ]);
  const browser = await chromium.launch({
    executablePath: resolveChromiumPath(),
    args: [...benchChromiumArgs],
  });
  try {
    const context = await browser.newContext({
      baseURL: server.origin,
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 1,
    });
    const scenario = values.scenario;
    if (scenario === 'heap') {
      await heapScenario(context);
      return;
    }
    const warm = scenario === 'cached-scroll' || scenario === 'switch';
    // Warm scenarios trace only the interaction: load first, then start tracing.
    const page = warm ? null : await context.newPage();
    if (page) await browser.startTracing(page, { categories, screenshots: false });
    const targetWithQuery = values.query
      ? { ...target, url: (c: string, k: string) => `${target.url(c, k)}&${values.query}` }
      : target;
    const open = await openViewer(context, targetWithQuery, caseUrl, 'ct-axial');
    const first = await waitForImage(open, 'ct-axial');
    console.log(`first image ${first.toFixed(0)} ms`);
    if (scenario === 'load') {
      const loaded = await waitForLoaded(open, 'ct-axial', ctCount);
      console.log(`CT loaded ${loaded.toFixed(0)} ms`);
    } else if (scenario === 'cold-scroll') {
      const s = await wheelScroll(open, 'ct-axial', { notches: 100, rateHz: 60, sampleBlank: true });
      console.log(JSON.stringify(s));
    } else {
      // Let the background loading of the whole case finish, so only the interaction is traced.
      const all = target.switchesSeries
        ? manifest.series
        : manifest.series.filter((s) => s.key === 'ct-axial');
      for (const series of all) await waitForLoaded(open, series.key, series.instances.length);
      await browser.startTracing(open.page, { categories, screenshots: false });
      if (scenario === 'cached-scroll') {
        const s = await wheelScroll(open, 'ct-axial', { notches: 100, rateHz: 60, sampleBlank: false });
        console.log(JSON.stringify(s));
      } else {
        const dx = manifest.series.find((s) => s.Modality === 'DX')?.key ?? 'dx-pelvis-ap';
        const mr = manifest.series.find((s) => s.Modality === 'MR')?.key ?? 'mr-t1-axial';
        console.log('open DX', await switchSeries(open, dx));
        console.log('DX->CT', await switchSeries(open, 'ct-axial'));
        console.log('CT->MR', await switchSeries(open, mr));
      }
    }
    const trace = await browser.stopTracing();
    const out = join(root, 'bench-results', `trace-${target.name}-${scenario}.json`);
    writeFileSync(out, trace);
    console.log(`memory: ${JSON.stringify(await readMemory(open))}`);
    console.log(`trace: ${out}\n`);
    console.log(
      formatTraceSummary(summarizeTrace(JSON.parse(trace.toString()), /CrRendererMain|DedicatedWorker/)),
    );
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Loads the whole case, takes a heap snapshot and prints what retains the large ArrayBuffers. */
async function heapScenario(context: import('@playwright/test').BrowserContext): Promise<void> {
  const open = await openViewer(context, target, caseUrl, 'ct-axial');
  await waitForImage(open, 'ct-axial');
  const keys = target.switchesSeries ? manifest.series : manifest.series.filter((s) => s.key === 'ct-axial');
  for (const series of keys) await waitForLoaded(open, series.key, series.instances.length);
  console.log(`memory: ${JSON.stringify(await readMemory(open))}`);
  const chunks: string[] = [];
  open.cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => {
    chunks.push(event.chunk);
  });
  await open.cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const text = chunks.join('');
  const out = join(root, 'bench-results', `heap-${target.name}.heapsnapshot`);
  writeFileSync(out, text);
  console.log(`snapshot: ${out} (${(text.length / 1e6).toFixed(0)} MB)`);
  let total = 0;
  for (const group of retainersOfLargeBuffers(JSON.parse(text)).slice(0, 12)) {
    total += group.bytes;
    console.log(
      `${(group.bytes / 1e6).toFixed(1).padStart(7)} MB  ${String(group.count).padStart(4)} x  ${group.path}`,
    );
  }
  console.log(`(top groups: ${(total / 1e6).toFixed(1)} MB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
