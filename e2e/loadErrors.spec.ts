/**
 * A file that cannot be loaded (404, truncated, unsupported transfer syntax) is named in the UI with its
 * problem, and the rest of the series keeps working.
 */
import { expect, test } from '@playwright/test';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

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
});
