/**
 * The build deployed where a department would put it: copied under a sub-folder of a plain web server
 * (`/casebook/`), it opens the case with its teaching layer and every series, with no failed request; a case
 * URL that does not exist is named on the page; opened from file:// (where browsers block module workers and
 * fetch) the page says why it cannot run and what to do instead. Screenshots: test-results/screens/deploy-*.png.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { loadSampleCase } from './pages/sampleCase.ts';
import { type StaticServer, startStaticServer } from './pages/staticServer.ts';
import { findingHome, loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';
import { watchFailures } from './pages/watchFailures.ts';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.E2E_DIST ?? 'dist');
const screens = resolve(root, 'test-results/screens');
const sample = loadSampleCase();
const file = loadCaseAnnotations();

/**
 * Compressed files nobody on this project wrote (Debian's python3-pydicom), one series each: they go to
 * Cornerstone's decode worker and its WASM codecs, whose URLs must resolve under the sub-folder too.
 */
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const compressed = [
  { key: 'jpeg-ls', file: 'MR_small_jpeg_ls_lossless.dcm' },
  { key: 'jpeg-2000', file: 'MR_small_jp2klossless.dcm' },
  { key: 'rle', file: 'MR_small_RLE.dcm' },
];

/** Writes a case of the compressed files into `folder`: the files and a manifest read from their tags. */
function writeCompressedCase(folder: string): void {
  const series = compressed.map(({ key, file }, i) => {
    copyFileSync(join(pydicomFiles, file), join(folder, file));
    const data = dicomParser.parseDicom(new Uint8Array(readFileSync(join(folder, file))));
    const numbers = (tag: string) => (data.string(tag) ?? '').split('\\').map(Number);
    return {
      key,
      SeriesInstanceUID: `${data.string('x0020000e')}.${i}`,
      SeriesNumber: i + 1,
      Modality: 'MR',
      SeriesDescription: `${key} (${file})`,
      Rows: data.uint16('x00280010'),
      Columns: data.uint16('x00280011'),
      PixelSpacing: numbers('x00280030'),
      ImageOrientationPatient: numbers('x00200037'),
      PhotometricInterpretation: 'MONOCHROME2',
      windows: [],
      instances: [
        {
          file,
          SOPInstanceUID: data.string('x00080018'),
          InstanceNumber: 1,
          ImagePositionPatient: numbers('x00200032'),
        },
      ],
    };
  });
  const manifest = {
    schemaVersion: 1,
    caseId: 'compressed-conformance',
    title: 'Compressed transfer syntaxes',
    StudyInstanceUID: '1.2.826.0.1.3680043.8.498.1',
    StudyDescription: 'pydicom test files',
    PatientName: 'Test',
    PatientID: 'TEST',
    series,
  };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

let server: StaticServer | undefined;
let compressedCase = '';

test.beforeAll(async () => {
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`No build in ${dist} (run npx vite build).`);
  compressedCase = mkdtempSync(join(tmpdir(), 'casebook-compressed-'));
  if (existsSync(pydicomFiles)) writeCompressedCase(compressedCase);
  server = await startStaticServer(dist, '/casebook/', { '/casebook/compressed/': compressedCase });
  mkdirSync(screens, { recursive: true });
});

test.afterAll(async () => {
  await server?.close();
  if (compressedCase) rmSync(compressedCase, { recursive: true, force: true });
});

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

test('under the sub-folder the decode worker and its WASM codecs draw compressed files', async ({ page }) => {
  test.skip(!existsSync(pydicomFiles), 'needs Debian python3-pydicom (bash .ci/run installs it)');
  const watched = watchFailures(page);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const viewer = new TeachingPage(page);
  await page.goto(`${server?.url ?? ''}?case=compressed/manifest.json`);
  for (const { key } of compressed) {
    await page.getByTestId(`series-${key}`).click();
    await viewer.waitForImage(0, key);
    const stats = await viewer.pixels(0);
    expect(stats.max - stats.min, `${key} drawn with contrast`).toBeGreaterThan(50);
  }
  expect(workers.some((url) => /\/casebook\/assets\/decodeImageFrameWorker-[\w-]+\.js/.test(url))).toBe(true);
  // This case has no teaching annotations: only their file may be missing.
  const noAnnotations = /\/casebook\/annotations\/compressed-conformance\.json/;
  expect(
    watched.failed.filter((f) => !noAnnotations.test(f)),
    'failed requests',
  ).toEqual([]);
  expect(
    watched.errors.filter((e) => !noAnnotations.test(e)),
    'console errors',
  ).toEqual([]);
  await page.screenshot({ path: resolve(screens, 'deploy-subfolder-compressed.png') });
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
