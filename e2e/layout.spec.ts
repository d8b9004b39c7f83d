/**
 * Layouts hold different series, the active viewport is outlined and follows the mouse, a series dragged
 * from the list lands in the viewport it is dropped on, and `?` lists every shortcut.
 */
import { expect, test } from '@playwright/test';
import { loadSampleCase } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();

test('the 2x2 layout shows four different series, each rendered', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await viewer.clickToolbar('layout-2x2');
  const count = Math.min(4, sample.manifest.series.length);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    await viewer.waitForImage(i);
    keys.push((await viewer.state(i)).seriesKey);
    const stats = await viewer.pixels(i);
    expect(stats.max - stats.min, `viewport ${i} is not blank`).toBeGreaterThan(100);
  }
  expect(new Set(keys).size).toBe(count);

  await expect(viewer.cell(0)).toHaveClass(/active/);
  await viewer.cell(3).click();
  await expect(viewer.cell(3)).toHaveClass(/active/);
  await expect(viewer.cell(0)).not.toHaveClass(/active/);

  // Keys act on the active viewport only.
  const before0 = (await viewer.state(0)).imageIndex;
  const s3 = await viewer.state(3);
  if (s3.imageCount > 1) {
    await page.keyboard.press('Home');
    await viewer.waitForImageIndex(3, 0);
    expect((await viewer.state(0)).imageIndex).toBe(before0);
  }

  await page.keyboard.press('g');
  await expect(page.getByTestId('viewport-element-2')).toHaveCount(0);
  await expect(page.getByTestId('viewport-element-1')).toHaveCount(0);
  await page.keyboard.press('g');
  await expect(page.getByTestId('viewport-element-1')).toBeVisible();
});

test('a series dragged from the list shows in the viewport it is dropped on', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await viewer.clickToolbar('layout-1x2');
  await viewer.waitForImage(1);
  const shown = (await viewer.state(0)).seriesKey;
  const other = sample.manifest.series.find((s) => s.key !== shown && s.key !== '');
  if (!other) throw new Error('need two series');
  await page.getByTestId(`series-${other.key}`).dragTo(viewer.cell(0));
  await viewer.waitForImage(0, other.key);
  await expect(viewer.cell(0)).toHaveClass(/active/);
});

test('? shows every keyboard shortcut, Esc closes it', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  for (const text of [
    'Previous image',
    'Page Down',
    'Home',
    'End',
    'Cine play / pause',
    'Invert',
    'Tool: HU probe',
    'Tool: elliptical ROI',
    'Next layout',
    'W 400 / L 40',
    'W 2000 / L 500',
  ]) {
    await expect(help).toContainText(text);
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
