/**
 * The mouse tools load after the first image: a drag before they arrive changes nothing and breaks nothing,
 * a tool chosen meanwhile is the one on the left button once they are there, and then W/L and the HU probe
 * work as usual.
 */
import { expect, test } from '@playwright/test';
import { caseQuery, landmark, loadSampleCase, nearestSliceIndex, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

test('a drag before the tools arrive is ignored; the chosen tool works once they are loaded', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Hold the tools chunk back until the test has dragged on the image.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/assets/setupTools-*.js', async (route) => {
    await released;
    await route.continue();
  });

  const viewer = new ViewerPage(page);
  await page.goto(`/${caseQuery}`);
  await viewer.waitForImage(0);
  const before = await viewer.state(0);
  await expect(viewer.element(0)).not.toHaveAttribute('data-tools', 'ready');
  await viewer.dragCanvas(0, [300, 300], [420, 380]);
  await viewer.clickToolbar('tool-Probe');
  await expect(page.getByTestId('tool-Probe')).toHaveAttribute('aria-pressed', 'true');
  expect((await viewer.state(0)).voi, 'nothing happens to the window before the tools arrive').toBe(
    before.voi,
  );

  release();
  await viewer.waitForTools(0);
  // The probe chosen before the tools arrived is on the left button.
  const fat = landmark(sample, 'fat');
  await viewer.goToImage(0, nearestSliceIndex(ct, fat.pointMm));
  await viewer.clickWorld(0, fat.pointMm);
  await expect.poll(async () => (await viewer.measurements()).length).toBe(1);
  const value = Number((await viewer.measurements())[0]?.value);
  expect(value).toBeGreaterThanOrEqual(fat.expectedHU[0] - 40);
  expect(value).toBeLessThanOrEqual(fat.expectedHU[1] + 40);

  // W/L drag now changes the window.
  await viewer.clickToolbar('tool-WindowLevel');
  await viewer.dragCanvas(0, [300, 300], [420, 380]);
  await expect.poll(async () => (await viewer.state(0)).voi).not.toBe(before.voi);
  expect(errors).toEqual([]);
});
