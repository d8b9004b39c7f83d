/**
 * `npm run bench`: builds our app and the dwv peer page for production, serves both and the sample case
 * from one loopback server, drives Debian's Chromium through Playwright (a fresh context per run, ours and
 * the peer interleaved), prints a table of medians and p95s with the ratio ours/peer and writes JSON under
 * bench-results/. `--smoke` is the quick harness check `npm test` runs. Node only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { resolveChromiumPath } from '../e2e/chromiumPath.ts';
import { CASE_ID } from '../generator/caseGeometry.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { benchChromiumArgs } from './browserFlags.ts';
import { allJs, folderBytes, type TransferFigures, timedCommand, transferredBetween } from './buildStats.ts';
import {
  loadedCount,
  type MemoryFigures,
  type OpenPage,
  openViewer,
  ours,
  peer,
  performanceMarks,
  readMemory,
  renderingPath,
  type ScrollResult,
  setPeerSize,
  switchSeries,
  type ViewerTarget,
  viewportSize,
  waitForImage,
  waitForLoaded,
  wheelScroll,
} from './driveViewer.ts';
import { formatMarkdown, formatTable, type TableRow } from './formatTable.ts';
import { smokeProblems } from './smokeProblems.ts';
import { type RunningServer, startStaticServer } from './staticServer.ts';
import { type Summary, summarize } from './stats.ts';
import { writeStressCase } from './stressSeries.ts';
import { writeSubsetCase } from './subsetCase.ts';

const root = resolve(import.meta.dirname, '..');
const caseId = CASE_ID;
const ctKey = 'ct-axial';
const resultsDir = join(root, 'bench-results');

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    smoke: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    stress: { type: 'string' },
    notches: { type: 'string', default: '60' },
    dist: { type: 'string' },
    only: { type: 'string' },
    'case-dir': { type: 'string' },
  },
});
const smoke = options.smoke;
const runs = smoke ? 1 : Math.max(1, Number(options.runs));
const notches = smoke ? 8 : Number(options.notches);

/** What one full run of a viewer measured. */
interface FullRun {
  firstImageMs: number;
  marks: Record<string, number>;
  ctLoadedMs: number;
  cachedScroll: ScrollResult;
  switches: {
    openRadiograph: number;
    radiographToCt: number;
    ctToMr: number;
    mrLoadedAtClick: number;
  } | null;
  wholeCaseLoadedMs: number | null;
  memory: MemoryFigures;
  rawPixelBytesLoaded: number;
  transfer: TransferFigures;
  rendering: { path: string; renderer: string; reason: string };
}

/** What one scroll-while-loading run measured. */
interface ColdRun {
  firstImageMs: number;
  scroll: ScrollResult;
  loadedAtEnd: number;
  total: number;
}

/** Today's date and time in UTC, minutes precision. */
function utcMinute(): string {
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Raw pixel bytes of each series, from the manifest and the first file's pixel-module attributes. */
function rawPixelBytes(manifest: CaseManifest, caseDir: string): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const series of manifest.series) {
    const first = series.instances[0];
    if (!first) continue;
    const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(join(caseDir, first.file))), {
      untilTag: 'x7fe00010',
    });
    const bitsAllocated = dataSet.uint16('x00280100') ?? 16;
    const samples = dataSet.uint16('x00280002') ?? 1;
    const frames = Number(dataSet.string('x00280008') ?? 1) || 1;
    const perInstance = series.Rows * series.Columns * samples * (bitsAllocated / 8) * frames;
    bytes.set(series.key, perInstance * series.instances.length);
  }
  return bytes;
}

/** The WebGL renderer headless Chromium offers on this machine. */
async function webglRenderer(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const renderer = (await page.evaluate(`(() => {
    const gl = document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl');
    if (!gl) return 'no WebGL';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  })()`)) as string;
  await context.close();
  return renderer;
}

interface Setup {
  readonly browser: Browser;
  readonly server: RunningServer;
  readonly caseUrl: string;
  readonly manifest: CaseManifest;
  readonly rawBytes: Map<string, number>;
  readonly distDir: string;
  readonly peerDir: string;
  readonly caseDir: string;
}

function newContext(setup: Setup) {
  return setup.browser.newContext({
    baseURL: setup.server.origin,
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
  });
}

function buildRootOf(setup: Setup, target: ViewerTarget): string {
  return target.name === 'ours' ? setup.distDir : setup.peerDir;
}

/** Open, first image, CT loaded, cached scroll, series switches, whole case, memory. */
/** What a full run includes beyond first image, CT load and cached scroll. */
interface FullRunPlan {
  /** Series switches (ours only). */
  readonly switches: boolean;
  /** Wait for every series before reading memory (ours only); else memory is read with what is loaded. */
  readonly wholeCase: boolean;
}

async function fullRun(setup: Setup, target: ViewerTarget, plan: FullRunPlan): Promise<FullRun> {
  const context = await newContext(setup);
  try {
    setup.server.log.length = 0;
    const open = await openViewer(context, target, setup.caseUrl, ctKey);
    const ct = setup.manifest.series.find((s) => s.key === ctKey);
    if (!ct) throw new Error('no CT in the case');
    const firstImageMs = await waitForImage(open, ctKey);
    const transfer = transferredBetween(
      setup.server.log,
      open.timeOrigin,
      open.timeOrigin + firstImageMs,
      buildRootOf(setup, target),
    );
    const ctLoadedMs = await waitForLoaded(open, ctKey, ct.instances.length);
    if (target.name === 'ours') {
      const size = await viewportSize(open, ctKey);
      setPeerSize(size.width, size.height);
    }
    let wholeCaseLoadedMs: number | null = null;
    let rawPixelBytesLoaded = setup.rawBytes.get(ctKey) ?? 0;
    if (target.switchesSeries && plan.wholeCase) {
      // Ours loads the rest of the case in the background: let it finish, so the scroll below measures
      // drawing from a warm cache (scrolling during loading is the cold run's job).
      let last = 0;
      for (const series of setup.manifest.series) {
        last = Math.max(last, await waitForLoaded(open, series.key, series.instances.length));
      }
      wholeCaseLoadedMs = last;
      rawPixelBytesLoaded = [...setup.rawBytes.values()].reduce((a, b) => a + b, 0);
    }
    const cachedScroll = await wheelScroll(open, ctKey, { notches, rateHz: 60, sampleBlank: false });
    let switches: FullRun['switches'] = null;
    if (target.switchesSeries && plan.switches) {
      const dx = setup.manifest.series.find((s) => s.Modality === 'DX' || s.Modality === 'CR');
      const mr = setup.manifest.series.find((s) => s.Modality === 'MR');
      if (dx && mr) {
        const openRadiograph = await switchSeries(open, dx.key);
        const radiographToCt = await switchSeries(open, ctKey);
        const mrLoadedAtClick = (await loadedCount(open, mr.key)) / mr.instances.length;
        const ctToMr = await switchSeries(open, mr.key);
        switches = { openRadiograph, radiographToCt, ctToMr, mrLoadedAtClick };
      }
    }
    const memory = await readMemory(open);
    const rendering = await renderingPath(open);
    const marks = await performanceMarks(open);
    return {
      firstImageMs,
      marks,
      ctLoadedMs,
      cachedScroll,
      switches,
      wholeCaseLoadedMs,
      memory,
      rawPixelBytesLoaded,
      transfer,
      rendering,
    };
  } finally {
    await context.close();
  }
}

/** Open, first image, then scroll at once while the CT is still loading. */
async function coldRun(setup: Setup, target: ViewerTarget): Promise<ColdRun> {
  const context = await newContext(setup);
  try {
    const open: OpenPage = await openViewer(context, target, setup.caseUrl, ctKey);
    const firstImageMs = await waitForImage(open, ctKey);
    const scroll = await wheelScroll(open, ctKey, { notches, rateHz: 60, sampleBlank: true });
    const total = setup.manifest.series.find((s) => s.key === ctKey)?.instances.length ?? 0;
    return { firstImageMs, scroll, loadedAtEnd: await loadedCount(open, ctKey), total };
  } finally {
    await context.close();
  }
}

const mb = (bytes: number) => bytes / 1e6;
const kb = (bytes: number) => bytes / 1e3;

function rowsFor(
  full: Record<'ours' | 'peer', FullRun[]>,
  cold: Record<'ours' | 'peer', ColdRun[]>,
  build: { ours: BuildFigures; peer: BuildFigures | null },
): TableRow[] {
  const s = (runs: readonly FullRun[], pick: (r: FullRun) => number | null | undefined): Summary | null =>
    runs.length ? summarize(runs.map((r) => pick(r) ?? Number.NaN)) : null;
  const c = (runs: readonly ColdRun[], pick: (r: ColdRun) => number): Summary | null =>
    runs.length ? summarize(runs.map(pick)) : null;
  const one = (value: number | undefined): Summary | null =>
    value === undefined ? null : { median: value, p95: value, n: 1 };
  const both = (
    label: string,
    unit: string,
    pick: (r: FullRun) => number | null | undefined,
    target?: string,
  ) => ({
    label,
    unit,
    ours: s(full.ours, pick),
    peer: s(full.peer, pick),
    target,
  });
  const bothCold = (label: string, unit: string, pick: (r: ColdRun) => number, target?: string) => ({
    label,
    unit,
    ours: c(cold.ours, pick),
    peer: c(cold.peer, pick),
    target,
  });
  return [
    both('first CT image (from navigation)', 'ms', (r) => r.firstImageMs, '<= 0.8x peer'),
    both('whole CT series loaded', 'ms', (r) => r.ctLoadedMs, '<= 1.0x peer'),
    both('cached scroll: new slices per second', '/s', (r) => r.cachedScroll.slicesPerSecond, '>= 58'),
    both('cached scroll: frame interval p50', 'ms', (r) => r.cachedScroll.frameP50),
    both('cached scroll: frame interval p95', 'ms', (r) => r.cachedScroll.frameP95, '<= 20'),
    both('cached scroll: slices skipped', 'count', (r) => r.cachedScroll.skipped, '0'),
    both('cached scroll: slices per wheel notch', '', (r) => r.cachedScroll.slicesPerNotch),
    bothCold('loading scroll: new slices per second', '/s', (r) => r.scroll.slicesPerSecond),
    bothCold('loading scroll: frame interval p95', 'ms', (r) => r.scroll.frameP95),
    bothCold('loading scroll: blank frames', 'count', (r) => r.scroll.blankFrames, '0'),
    bothCold('loading scroll: longest stall', 'ms', (r) => r.scroll.longestStall, '<= 100'),
    bothCold('loading scroll: longest gap between frames', 'ms', (r) => r.scroll.rafMax),
    bothCold('loading scroll: slices skipped', 'count', (r) => r.scroll.skipped),
    both('open radiograph (first time)', 'ms', (r) => r.switches?.openRadiograph),
    both('switch radiograph -> CT', 'ms', (r) => r.switches?.radiographToCt),
    both('switch CT -> MR', 'ms', (r) => r.switches?.ctToMr),
    both('whole case loaded (all series)', 'ms', (r) => r.wholeCaseLoadedMs),
    both('raw pixel bytes loaded', 'MB', (r) => mb(r.rawPixelBytesLoaded)),
    both('JS heap used after GC (main thread)', 'MB', (r) => mb(r.memory.jsHeapUsed)),
    both('ArrayBuffers (main thread)', 'MB', (r) => mb(r.memory.arrayBuffers)),
    both('image cache (viewer-reported)', 'MB', (r) =>
      r.memory.imageCache === null ? null : mb(r.memory.imageCache),
    ),
    both(
      '(heap + ArrayBuffers) / raw pixels',
      'x',
      (r) => (r.memory.jsHeapUsed + r.memory.arrayBuffers) / r.rawPixelBytesLoaded,
      '<= 1.5',
    ),
    both('JS before first image (gzip)', 'KB', (r) => kb(r.transfer.jsGzip), '<= 1000'),
    both('WASM before first image (gzip)', 'KB', (r) => kb(r.transfer.wasmGzip)),
    {
      label: 'all JS in the build (gzip)',
      unit: 'KB',
      ours: one(kb(build.ours.allJsGzip)),
      peer: one(build.peer ? kb(build.peer.allJsGzip) : undefined),
    },
    {
      label: 'build size (without sample data)',
      unit: 'MB',
      ours: one(mb(build.ours.bytes)),
      peer: one(build.peer ? mb(build.peer.bytes) : undefined),
    },
    {
      label: 'production build time',
      unit: 's',
      ours: one(build.ours.seconds),
      peer: one(build.peer?.seconds),
    },
  ];
}

interface BuildFigures {
  seconds: number | undefined;
  bytes: number;
  allJsGzip: number;
}

async function buildAll(oursMode: 'build' | 'existing' | 'none', withPeer: boolean) {
  // A full bench builds into its own folder, so it never races `npm test` or e2e runs over dist/;
  // the smoke run (inside `npm test`, after the build step) measures dist/ as built.
  const distDir = options.dist
    ? resolve(options.dist)
    : smoke
      ? join(root, 'dist')
      : join(resultsDir, 'app-dist');
  const peerDir = join(resultsDir, 'peer-dist');
  let oursSeconds: number | undefined;
  if (oursMode === 'build') {
    log('building our app (vite build)…');
    oursSeconds =
      (await timedCommand('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir'], root)) / 1000;
  } else if (oursMode === 'existing' && !existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir} has no build: run \`npx vite build\` first (or drop --skip-build).`);
  }
  const excluded = ['sample-dicom'];
  const oursBuild: BuildFigures =
    oursMode === 'none'
      ? { seconds: undefined, bytes: Number.NaN, allJsGzip: Number.NaN }
      : {
          seconds: oursSeconds,
          bytes: folderBytes(distDir, excluded),
          allJsGzip: allJs(distDir, excluded).gzip,
        };
  let peerBuild: BuildFigures | null = null;
  if (withPeer) {
    log('building the dwv peer page…');
    const seconds =
      (await timedCommand('npx', ['vite', 'build', '--config', 'bench/peer/vite.config.ts'], root)) / 1000;
    peerBuild = { seconds, bytes: folderBytes(peerDir), allJsGzip: allJs(peerDir).gzip };
  }
  return { distDir, peerDir, oursBuild, peerBuild };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg();
  // Other work on the machine skews every timing: sample the 1-minute load average while measuring.
  const loadSamples: number[] = [];
  const loadTimer = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 5_000);
  loadTimer.unref();
  mkdirSync(resultsDir, { recursive: true });
  const customCase = options['case-dir'] ? resolve(options['case-dir']) : null;
  if (!customCase) {
    const ensure = spawnSync('node', ['scripts/ensureSample.mjs'], { cwd: root, stdio: 'inherit' });
    if (ensure.status !== 0) throw new Error('the sample case could not be generated');
  }
  const withPeer = !options['no-peer'] && options.only !== 'ours';
  const withOurs = options.only !== 'peer';
  const oursMode = !withOurs ? 'none' : smoke || options['skip-build'] ? 'existing' : 'build';
  const { distDir, peerDir, oursBuild, peerBuild } = await buildAll(oursMode, withPeer);

  let caseDir = customCase ?? join(root, 'sample-dicom', caseId);
  let caseUrl = customCase ? '/bench-case/manifest.json' : `/sample-dicom/${caseId}/manifest.json`;
  if (smoke && !customCase) {
    // The smoke run checks the harness, not the viewer's speed: a 24-slice CT keeps it short.
    const smokeDir = join(resultsDir, 'smoke-case');
    writeSubsetCase(join(caseDir, 'manifest.json'), ctKey, 24, smokeDir);
    caseDir = smokeDir;
    caseUrl = '/bench-data/smoke-case/manifest.json';
  }
  const manifestPath = join(caseDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  const server = await startStaticServer([
    { prefix: '/', dir: distDir },
    { prefix: '/peer/', dir: peerDir },
    { prefix: '/sample-dicom/', dir: join(root, 'sample-dicom') },
    { prefix: '/bench-data/', dir: resultsDir },
    { prefix: '/bench-case/', dir: caseDir },
  ]);
  const browser = await chromium.launch({
    executablePath: resolveChromiumPath(),
    args: [...benchChromiumArgs],
    headless: true,
  });
  try {
    const browserVersion = browser.version();
    const webgl = await webglRenderer(browser);
    log(`Chromium ${browserVersion}; WebGL renderer: ${webgl}; serving ${server.origin}`);
    const setup: Setup = {
      browser,
      server,
      caseUrl,
      manifest,
      rawBytes: rawPixelBytes(manifest, caseDir),
      distDir,
      peerDir,
      caseDir,
    };
    const targets = [...(withOurs ? [ours] : []), ...(withPeer ? [peer] : [])];
    const full: Record<'ours' | 'peer', FullRun[]> = { ours: [], peer: [] };
    const cold: Record<'ours' | 'peer', ColdRun[]> = { ours: [], peer: [] };
    for (let run = 0; run < runs; run++) {
      for (const target of targets) {
        const result = await fullRun(setup, target, { switches: true, wholeCase: !smoke });
        full[target.name].push(result);
        log(
          `run ${run + 1}/${runs} ${target.name}: first image ${result.firstImageMs.toFixed(0)} ms, CT loaded ${result.ctLoadedMs.toFixed(0)} ms, ` +
            `cached scroll ${result.cachedScroll.slicesPerSecond.toFixed(1)}/s p95 ${result.cachedScroll.frameP95.toFixed(1)} ms` +
            (result.switches
              ? `, DX->CT ${result.switches.radiographToCt.toFixed(0)} ms, CT->MR ${result.switches.ctToMr.toFixed(0)} ms`
              : ''),
        );
        if (!smoke) {
          const c = await coldRun(setup, target);
          cold[target.name].push(c);
          log(
            `run ${run + 1}/${runs} ${target.name} (scroll while loading): ${c.scroll.slicesPerSecond.toFixed(1)}/s, ` +
              `stall ${c.scroll.longestStall.toFixed(0)} ms, blank ${c.scroll.blankFrames}, loaded ${c.loadedAtEnd}/${c.total} at the end`,
          );
        }
      }
    }

    let stress: unknown = null;
    if (options.stress) {
      stress = await stressRuns(setup, Number(options.stress), targets);
    }

    const rows = rowsFor(full, cold, { ours: oursBuild, peer: peerBuild });
    const table = formatTable(rows);
    const loadAfter = loadavg();
    const machine = {
      cpu: cpus()[0]?.model ?? '?',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 1e9),
      loadavgBefore: loadBefore,
      loadavgAfter: loadAfter,
      loadavgDuringRuns: summarize(loadSamples),
      launchArgs: benchChromiumArgs,
      chromium: browserVersion,
      webglRenderer: webgl,
      headless: true,
    };
    const rendering = {
      ours: full.ours[0]?.rendering ?? null,
      peer: full.peer[0]?.rendering ?? null,
    };
    console.log(`\nDICOM Casebook benchmark — ${runs} fresh context(s) per viewer, median (p95)`);
    console.log(
      `machine: ${machine.cores} cores ${machine.cpu}; 1-min load average during runs median ${machine.loadavgDuringRuns.median.toFixed(1)} ` +
        `(before ${(loadBefore[0] ?? 0).toFixed(1)}, after ${(loadAfter[0] ?? 0).toFixed(1)}); Chromium ${browserVersion} headless`,
    );
    console.log(
      `rendering: ours ${rendering.ours?.path ?? '?'} (${rendering.ours?.reason ?? ''}); peer ${rendering.peer?.path ?? '?'} (${rendering.peer?.reason ?? ''}); WebGL here: ${webgl}\n`,
    );
    console.log(table);
    const result = {
      when: new Date().toISOString(),
      mode: smoke ? 'smoke' : 'full',
      runs,
      notches,
      machine,
      rendering,
      build: { ours: oursBuild, peer: peerBuild },
      rows,
      markdown: [
        `${runs} fresh contexts per viewer, ${utcMinute()}; ${machine.cores}-core ${machine.cpu}, ${machine.memoryGB} GB, ` +
          `1-min load average during the runs ${machine.loadavgDuringRuns.median.toFixed(1)} (median); Chromium ${browserVersion} headless; ` +
          `rendering: ours ${rendering.ours?.path ?? '?'} (${rendering.ours?.reason ?? ''}), peer ${rendering.peer?.path ?? '?'} ` +
          `(${rendering.peer?.reason ?? ''}); WebGL available: ${webgl}.`,
        '',
        formatMarkdown(rows),
      ].join('\n'),
      full,
      cold,
      stress,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const name = smoke ? 'smoke.json' : `bench-${result.when.replace(/[:.]/g, '-')}.json`;
    writeFileSync(join(resultsDir, name), `${JSON.stringify(result, null, 1)}\n`);
    if (!smoke) {
      writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 1)}\n`);
      writeFileSync(join(resultsDir, 'latest.md'), `${result.markdown}\n`);
    }
    log(`wrote bench-results/${name}; total ${result.totalSeconds.toFixed(0)} s`);
    if (smoke) {
      const problems = smokeProblems(full, withPeer, withOurs);
      if (problems.length) {
        console.error(`\nbench smoke FAILED:\n- ${problems.join('\n- ')}`);
        process.exitCode = 1;
      } else {
        log('bench smoke: every figure present and sane');
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/** First image, CT load and cached scroll on a stretched CT of `slices` slices (3 runs each). */
async function stressRuns(setup: Setup, slices: number, targets: readonly ViewerTarget[]) {
  log(`writing a ${slices}-slice stress CT…`);
  const manifestPath = writeStressCase(
    join(setup.caseDir, 'manifest.json'),
    ctKey,
    slices,
    join(resultsDir, `stress-${slices}`),
  );
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest;
  const stressSetup: Setup = {
    ...setup,
    manifest,
    caseUrl: `/bench-data/stress-${slices}/manifest.json`,
    rawBytes: rawPixelBytes(manifest, join(resultsDir, `stress-${slices}`)),
  };
  const out: Record<'ours' | 'peer', FullRun[]> = { ours: [], peer: [] };
  for (let run = 0; run < 3; run++) {
    for (const target of targets) {
      const r = await fullRun(stressSetup, target, { switches: false, wholeCase: false });
      out[target.name].push(r);
      log(
        `stress ${slices} run ${run + 1}/3 ${target.name}: first image ${r.firstImageMs.toFixed(0)} ms, loaded ${r.ctLoadedMs.toFixed(0)} ms, ` +
          `scroll ${r.cachedScroll.slicesPerSecond.toFixed(1)}/s, heap+AB ${mb(r.memory.jsHeapUsed + r.memory.arrayBuffers).toFixed(0)} MB`,
      );
    }
  }
  const rows = rowsFor(
    { ours: out.ours ?? [], peer: out.peer ?? [] },
    { ours: [], peer: [] },
    {
      ours: { seconds: undefined, bytes: Number.NaN, allJsGzip: Number.NaN },
      peer: null,
    },
  ).filter((r) => /first CT|whole CT|cached scroll|heap|ArrayBuffers|raw pixel|image cache/.test(r.label));
  console.log(`\nStress: CT stretched to ${slices} slices (3 runs each)\n${formatTable(rows)}`);
  return { slices, runs: out, rows };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
