/**
 * The build deployed where a department would put it: copied under a sub-folder of a plain web server
 * (`/casebook/`), it opens the case with its teaching layer and every series, with no failed request; a case
 * URL that does not exist is named on the page; opened from file:// (where browsers block module workers and
 * fetch) the page says why it cannot run and what to do instead. Screenshots: test-results/screens/deploy-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { loadSampleCase } from './pages/sampleCase.ts';
import { type StaticServer, startStaticServer } from './pages/staticServer.ts';
import { findingHome, loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.E2E_DIST ?? 'dist');
const screens = resolve(root, 'test-results/screens');
const sample = loadSampleCase();
const file = loadCaseAnnotations();

let server: StaticServer | undefined;

test.beforeAll(async () => {
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`No build in ${dist} (run npx vite build).`);
  server = await startStaticServer(dist, '/casebook/');
  mkdirSync(screens, { recursive: true });
});

test.afterAll(async () => {
  await server?.close();
});

/** Collects failed requests and console errors (a failed resource names its URL in the location only). */
function watchFailures(page: Page): { failed: string[]; errors: string[] } {
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  return { failed, errors };
}

test('served from a sub-folder the build opens the case, its teaching layer and every series', async ({
  page,
}) => {
  const watched = watchFailures(page);
  const teaching = new TeachingPage(page);
  await page.goto(server?.url ?? '');
  await teaching.waitForImage(0);
  await expect(page.getByTestId('findings')).toBeVisible();
  expect(await page.getByTestId('findings').locator('.finding').count()).toBeGreaterThan(0);

  const target = findingHome(file, sample.manifest, 'mass-t2');
  await teaching.textLink('mass-t2', 'findings-mr').click();
  await teaching.waitForImage(0, target.seriesKey);
  await teaching.waitForImageIndex(0, target.imageIndex);
  for (const series of sample.manifest.series) {
    await page.getByTestId(`series-${series.key}`).click();
    await teaching.waitForImage(0, series.key);
  }
  await page.screenshot({ path: resolve(screens, 'deploy-subfolder.png') });
  expect(watched.failed, 'failed requests').toEqual([]);
  expect(watched.errors, 'console errors').toEqual([]);
});

test('a case URL that does not exist is named on the page', async ({ page }) => {
  await page.goto(`${server?.url ?? ''}?case=missing/manifest.json`);
  const error = page.locator('.startup-error');
  await expect(error).toBeVisible();
  // The file as asked for, where it was looked for (inside the sub-folder), and the status.
  await expect(error).toContainText(`missing/manifest.json (${server?.url ?? ''}missing/manifest.json)`);
  await expect(error).toContainText('HTTP 404');
  await expect(error).not.toContainText('ensure-sample');
  await page.screenshot({ path: resolve(screens, 'deploy-missing-case.png') });
});

test('when the app code cannot be loaded the page names the file instead of staying blank', async ({
  page,
}) => {
  // A deployment that lost its assets folder: every script of the build answers 404.
  await page.route('**/assets/*.js', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto(server?.url ?? '');
  const notice = page.getByTestId('code-load-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/casebook\/assets\/index-[\w-]+\.js/);
});

test('opened from file:// the page explains why it cannot run and what to do', async ({ page }) => {
  await page.goto(`file://${resolve(dist, 'index.html')}`);
  const notice = page.getByTestId('file-protocol-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('file://');
  await expect(notice).toContainText('npx vite preview');
  await page.screenshot({ path: resolve(screens, 'deploy-file-protocol.png') });
});
