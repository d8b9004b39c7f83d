/**
 * A file that cannot be loaded (404, truncated, unsupported transfer syntax, not DICOM at all) is named in
 * the UI with its problem, and the rest of the series keeps working; none escapes as an unhandled rejection
 * or a page error. A manifest without window presets opens; a case without teaching files opens plainly.
 */
import { expect, type Page, test } from '@playwright/test';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

/** Page errors (uncaught exceptions and unhandled rejections) and console errors of a page. */
function watchErrors(page: Page): { pageErrors: string[]; consoleErrors: string[] } {
  const watched = { pageErrors: [] as string[], consoleErrors: [] as string[] };
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  return watched;
}

test('missing, truncated and undecodable CT files are reported by name; other slices still render', async ({
  page,
}) => {
  const middle = Math.floor((ct.instances.length - 1) / 2);
  const missing = ct.instances[middle + 3];
  const truncated = ct.instances[middle + 5];
  if (!missing || !truncated) throw new Error('CT too short');
  await page.route(`**/${missing.file}`, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.route(`**/${truncated.file}`, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, Math.floor(body.length / 3)) });
  });
  // A third file claims a transfer syntax no decoder knows (same length as Explicit VR Little Endian).
  const unsupported = ct.instances[middle + 7];
  if (!unsupported) throw new Error('CT too short');
  await page.route(`**/${unsupported.file}`, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    const at = body.indexOf('1.2.840.10008.1.2.1\0', 128, 'latin1');
    expect(at).toBeGreaterThan(128);
    body.write('1.2.840.10008.1.2.99', at, 'latin1');
    await route.fulfill({ response, body });
  });
  const watched = watchErrors(page);
  const viewer = new ViewerPage(page);
  await viewer.open();

  const problems = page.getByTestId('problems');
  await expect(problems).toContainText(`${missing.file}`, { timeout: 60_000 });
  await expect(problems).toContainText('HTTP 404');
  await expect(problems).toContainText(`${truncated.file}`, { timeout: 60_000 });
  await expect(problems).toContainText('truncated');
  await expect(problems).toContainText(`${unsupported.file}`, { timeout: 60_000 });
  await expect(problems).toContainText('unsupported transfer syntax 1.2.840.10008.1.2.99');

  // On the missing slice the viewport says what happened...
  await viewer.setSlider(0, middle + 3);
  await expect(viewer.cell(0).locator('.viewport-problem')).toContainText(missing.file);
  // ...and the next slice still renders.
  await viewer.goToImage(0, middle + 4);
  await expect(viewer.cell(0).locator('.viewport-problem')).toBeHidden();
  const stats = await viewer.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
  expect(watched.pageErrors, 'unhandled rejections or page errors').toEqual([]);
});

test('a PNG renamed .dcm and random bytes are named as not DICOM; no page error; the series loads on', async ({
  page,
}) => {
  const png = ct.instances[1];
  const random = ct.instances[2];
  if (!png || !random) throw new Error('CT too short');
  await page.route(`**/${png.file}`, (route) =>
    route.fulfill({ status: 200, body: Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex') }),
  );
  // Bytes that are not DICOM, but with a DICM at 128 so the parser goes on and fails inside.
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  junk.write('DICM', 128, 'latin1');
  await page.route(`**/${random.file}`, (route) => route.fulfill({ status: 200, body: junk }));
  const watched = watchErrors(page);
  const viewer = new ViewerPage(page);
  await viewer.open();
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText(`${png.file}`, { timeout: 60_000 });
  await expect(problems).toContainText('not a DICOM Part-10 file (no DICM prefix)');
  await expect(problems).toContainText(`${random.file}`, { timeout: 60_000 });
  await viewer.goToImage(0, 3);
  const stats = await viewer.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
  expect(watched.pageErrors, 'unhandled rejections or page errors').toEqual([]);
});

test('a manifest without window presets opens its images with a default window', async ({ page }) => {
  await page.route('**/manifest.json', async (route) => {
    const response = await route.fetch();
    const manifest = (await response.json()) as { series: Array<{ windows?: unknown }> };
    for (const series of manifest.series) delete series.windows;
    await route.fulfill({ response, json: manifest });
  });
  const watched = watchErrors(page);
  const viewer = new ViewerPage(page);
  await viewer.open();
  await viewer.waitForImage(0);
  const stats = await viewer.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
  // The voi attribute reads "W/C"-like text; a real window is shown, not an empty one.
  expect((await viewer.state(0)).voi).toMatch(/\d/);
  await expect(page.getByTestId('problems')).toBeHidden();
  expect(watched.pageErrors, 'unhandled rejections or page errors').toEqual([]);
});

test('a case without teaching files opens plainly: no error banner, the findings panel says so', async ({
  page,
}) => {
  await page.route('**/annotations/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  const watched = watchErrors(page);
  const viewer = new ViewerPage(page);
  await viewer.open();
  await viewer.waitForImage(0);
  await expect(page.getByTestId('findings-unavailable')).toContainText('no teaching annotations');
  await expect(page.getByTestId('problems')).toBeHidden();
  const stats = await viewer.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
  expect(watched.pageErrors, 'unhandled rejections or page errors').toEqual([]);
});
