/**
 * Screenshots for a human to look at (test-results/screens/): CT in soft-tissue and bone windows, MR,
 * radiograph, the 2x2 layout and the help overlay. Each waits for the real render signal first.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from '@playwright/test';
import { landmark, loadSampleCase, nearestSliceIndex, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const outDir = resolve(import.meta.dirname, '../test-results/screens');

test('screenshots of every series and layout', async ({ page }) => {
  mkdirSync(outDir, { recursive: true });
  const shot = (name: string) => page.screenshot({ path: resolve(outDir, `${name}.png`) });
  const viewer = new ViewerPage(page);
  await viewer.open();
  const ct = seriesOf(sample, 'CT');
  const sediment =
    sample.truth.landmarks.find((l) => l.tissue === 'loculus sediment') ?? landmark(sample, 'fat');
  await viewer.goToImage(0, nearestSliceIndex(ct, sediment.pointMm));
  await shot('ct-soft-tissue');
  await page.keyboard.press('2');
  await page.getByTestId('viewport-element-0').and(page.locator('[data-voi="2000/500"]')).waitFor();
  await shot('ct-bone');
  await page.keyboard.press('3');
  await page.getByTestId('viewport-element-0').and(page.locator('[data-voi="1600/400"]')).waitFor();
  await shot('ct-calcification');
  for (const series of sample.manifest.series.filter((s) => s.Modality !== 'CT')) {
    await page.getByTestId(`series-${series.key}`).click();
    await viewer.waitForImage(0, series.key);
    await shot(series.key);
  }
  await viewer.clickToolbar('layout-2x2');
  for (let i = 0; i < Math.min(4, sample.manifest.series.length); i++) await viewer.waitForImage(i);
  await shot('layout-2x2');
  await page.keyboard.press('?');
  await page.getByTestId('help-overlay').waitFor();
  await shot('help');
});
