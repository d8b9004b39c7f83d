/**
 * Layouts hold different series, the active viewport is outlined and follows the mouse, a series dragged
 * from the list lands in the viewport it is dropped on, `?` lists every shortcut, and every series in the list
 * gets a thumbnail.
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

test('every series in the list gets a thumbnail of its own images once the series on screen has loaded', async ({
  page,
}) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const thumbnails = page.locator('li.series-item img.thumbnail');
  await expect(thumbnails).toHaveCount(sample.manifest.series.length);
  // Drawn images with contrast (not blank), each different from the others.
  const read = () =>
    thumbnails.evaluateAll((images: HTMLImageElement[]) =>
      images.map((image) => {
        if (!image.complete || image.naturalWidth === 0) return null;
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d');
        if (!context) return null;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let min = 255;
        let max = 0;
        for (let i = 0; i < data.length; i += 4) {
          const v = data[i] ?? 0;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        return { contrast: max - min, src: image.src.slice(-200) };
      }),
    );
  await expect.poll(async () => (await read()).every((t) => t !== null), { timeout: 30_000 }).toBe(true);
  const drawn = await read();
  for (const t of drawn) expect(t?.contrast, 'a thumbnail with no contrast is blank').toBeGreaterThan(60);
  expect(new Set(drawn.map((t) => t?.src)).size).toBe(sample.manifest.series.length);
});
