/**
 * `npm start` end to end, as a newcomer runs it: the README's command (scripts/start.mjs, then the Vite dev
 * server) on a port of its own with an empty dependency cache. The first image draws, the teaching layer
 * starts (findings listed, no problem banner), a text link moves the image, every series opens, and Vite's
 * dependency optimiser never reloads the page under the learner. Screenshot: test-results/screens/dev-server.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { type ChildServer, startChildServer } from './pages/childServer.ts';
import { loadSampleCase } from './pages/sampleCase.ts';
import { findingHome, loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const root = resolve(import.meta.dirname, '..');
// Not 5173: a developer's own `npm start` may be running there (the server is started with --strictPort).
const port = Number(process.env.E2E_DEV_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1010);
const origin = `http://127.0.0.1:${port}`;
const sample = loadSampleCase();
const file = loadCaseAnnotations();

let server: ChildServer | undefined;
let cacheDir = '';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: origin });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cacheDir = mkdtempSync(join(tmpdir(), 'casebook-vite-cache-'));
  server = await startChildServer(
    'node',
    ['scripts/start.mjs', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: root, env: { CASEBOOK_VITE_CACHE_DIR: cacheDir }, url: `${origin}/`, timeoutMs: 170_000 },
  );
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('dev server output', { body: server?.output() ?? '', contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  await server?.stop();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

test('npm start on a fresh dependency cache: image, findings, a text link and every series, no reload', async ({
  page,
}) => {
  // Cold dependency optimisation and on-demand transforms take far longer than a built page.
  test.setTimeout(180_000);
  // Documents loaded, not 'framenavigated': the deep link rewrites the URL's hash with history.replaceState,
  // a same-document navigation that Playwright reports as one too.
  const navigations: string[] = [];
  page.on('load', () => navigations.push(page.url()));
  const failedResponses: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // A failed resource names its URL only in the location (the favicon is not a page request).
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });

  const teaching = new TeachingPage(page);
  await page.goto('/');
  await expect
    .poll(async () => (await teaching.state(0)).renderCount > 0 && (await teaching.state(0)).voi !== '', {
      timeout: 90_000,
    })
    .toBe(true);
  await expect(page.getByTestId('findings')).toBeVisible({ timeout: 60_000 });
  const listed = new Set(file.annotations.map((a) => a.id));
  const shown = await page
    .getByTestId('findings')
    .locator('.finding')
    .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.findingId ?? ''));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.filter((id) => !listed.has(id))).toEqual([]);
  await expect(page.getByTestId('problems')).not.toContainText('teaching layer could not be started');

  // A text link moves the image to its finding.
  const target = findingHome(file, sample.manifest, 'mass-t2');
  await teaching.textLink('mass-t2', 'findings-mr').click();
  await teaching.waitForImage(0, target.seriesKey);
  await teaching.waitForImageIndex(0, target.imageIndex);
  await expect(teaching.overlayNodes(0, { findingId: 'mass-t2' }).first()).toBeAttached();

  // Every series draws (the decode worker and each file type under the dev server).
  for (const series of sample.manifest.series) {
    await page.getByTestId(`series-${series.key}`).click();
    await teaching.waitForImage(0, series.key);
  }

  mkdirSync(resolve(root, 'test-results/screens'), { recursive: true });
  await page.screenshot({ path: resolve(root, 'test-results/screens/dev-server.png') });

  // The optimiser found every dependency before the first visit: it neither re-bundled nor reloaded. A
  // source file saved meanwhile (someone editing the tree while the test runs) reloads the page too, and Vite
  // logs it as "page reload <file>": only such reloads are allowed.
  const output = server?.output() ?? '';
  expect(output).not.toMatch(/new dependencies optimized|optimized dependencies changed/);
  const editReloads = output.match(/page reload /g)?.length ?? 0;
  expect(navigations.length, 'main-frame navigations').toBeGreaterThanOrEqual(1);
  expect(navigations.length - 1, `reloads (${editReloads} after file edits)`).toBeLessThanOrEqual(
    editReloads,
  );
  expect(failedResponses, 'failed requests').toEqual([]);
  expect(consoleErrors, 'console errors').toEqual([]);
});
