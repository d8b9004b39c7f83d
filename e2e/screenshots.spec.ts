/**
 * Screenshots for a human to look at (test-results/screens/): CT in soft-tissue and bone windows, MR,
 * radiograph, the 2x2 layout and the help overlay. Each waits for the real render signal first, and each
 * must show what its name says: an image with contrast on the canvas, not the one shot before it, and the
 * wider CT windows darker than the soft-tissue window.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { landmark, loadSampleCase, nearestSliceIndex, seriesOf } from './pages/sampleCase.ts';
import { type PixelStats, ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const outDir = resolve(import.meta.dirname, '../test-results/screens');

test('screenshots of every series and layout', async ({ page }) => {
  mkdirSync(outDir, { recursive: true });
  const viewer = new ViewerPage(page);
  const shown = new Map<string, PixelStats>();
  /** Saves the page and checks viewport 0 shows a new image with contrast; returns its statistics. */
  const shot = async (name: string): Promise<PixelStats> => {
    await page.screenshot({ path: resolve(outDir, `${name}.png`) });
    const stats = await viewer.pixels(0);
    expect(stats.max - stats.min, `${name}: the canvas has contrast`).toBeGreaterThan(100);
    for (const [other, seen] of shown) {
      expect(stats.signature, `${name}: the canvas differs from ${other}`).not.toBe(seen.signature);
    }
    shown.set(name, stats);
    return stats;
  };
  await viewer.open();
  const ct = seriesOf(sample, 'CT');
  const sediment =
    sample.truth.landmarks.find((l) => l.tissue === 'loculus sediment') ?? landmark(sample, 'fat');
  await viewer.goToImage(0, nearestSliceIndex(ct, sediment.pointMm));
  await page.keyboard.press('1');
  await page.getByTestId('viewport-element-0').and(page.locator('[data-voi="400/40"]')).waitFor();
  const softTissue = await shot('ct-soft-tissue');
  await page.keyboard.press('2');
  await page.getByTestId('viewport-element-0').and(page.locator('[data-voi="2000/500"]')).waitFor();
  expect((await shot('ct-bone')).mean, 'bone window darker than soft tissue').toBeLessThan(softTissue.mean);
  await page.keyboard.press('3');
  await page.getByTestId('viewport-element-0').and(page.locator('[data-voi="1600/400"]')).waitFor();
  expect((await shot('ct-calcification')).mean, 'calcification window darker than soft tissue').toBeLessThan(
    softTissue.mean,
  );
  for (const series of sample.manifest.series.filter((s) => s.Modality !== 'CT')) {
    await page.getByTestId(`series-${series.key}`).click();
    await viewer.waitForImage(0, series.key);
    await shot(series.key);
  }
  await viewer.clickToolbar('layout-2x2');
  for (let i = 0; i < Math.min(4, sample.manifest.series.length); i++) await viewer.waitForImage(i);
  await page.screenshot({ path: resolve(outDir, 'layout-2x2.png') });
  for (let i = 0; i < Math.min(4, sample.manifest.series.length); i++) {
    const cell = await viewer.pixels(i);
    expect(cell.max - cell.min, `2x2 cell ${i}: the canvas has contrast`).toBeGreaterThan(100);
  }
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await page.screenshot({ path: resolve(outDir, 'help.png') });
});
