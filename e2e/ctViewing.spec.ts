/**
 * CT reading: the first image renders (not blank, slices differ), the stack moves with wheel, keys and slider,
 * presets and W/L drag change the VOI the viewport reports, zoom and fit, cine, orientation markers.
 */
import { expect, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { loadCaseAnnotations } from './pages/TeachingPage.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

test('the first CT image renders, is not blank, and slices differ', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const state = await viewer.state(0);
  expect(state.seriesKey).toBe(ct.key);
  expect(state.imageCount).toBe(ct.instances.length);
  await expect(viewer.cell(0).locator('.image-number')).toHaveText(
    `Im ${state.imageIndex + 1}/${ct.instances.length}`,
  );

  const first = await viewer.pixels(0);
  expect(first.max - first.min, 'a blank canvas has no contrast').toBeGreaterThan(150);
  expect(first.mean).toBeGreaterThan(10);

  await viewer.goToImage(0, state.imageIndex + 25);
  const other = await viewer.pixels(0);
  expect(other.signature).not.toBe(first.signature);
  await expect(page.getByTestId('rendering-path')).toHaveText(/^Rendering: (CPU|GPU) \(.+\)$/);
});

test('wheel, arrow keys, Page Up/Down, Home/End and the slider move through the stack', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const start = (await viewer.state(0)).imageIndex;
  await viewer.hover(0);
  await page.mouse.wheel(0, 100);
  await viewer.waitForImageIndex(0, start + 1);
  await page.mouse.wheel(0, -100);
  await viewer.waitForImageIndex(0, start);
  await page.keyboard.press('ArrowDown');
  await viewer.waitForImageIndex(0, start + 1);
  await page.keyboard.press('ArrowUp');
  await viewer.waitForImageIndex(0, start);
  await page.keyboard.press('PageDown');
  await viewer.waitForImageIndex(0, start + 10);
  await page.keyboard.press('PageUp');
  await viewer.waitForImageIndex(0, start);
  await page.keyboard.press('Home');
  await viewer.waitForImageIndex(0, 0);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await viewer.waitForImageIndex(0, ct.instances.length - 1);
  await expect(viewer.cell(0).locator('.image-number')).toHaveText(
    `Im ${ct.instances.length}/${ct.instances.length}`,
  );
  // What the learner sees: the slider's thumb at the end of its track, and the image line drawn (the line
  // is a canvas; its DOM text above is what it draws).
  const thumbEnd = async () => {
    const track = await viewer.cell(0).locator('.slider-track').boundingBox();
    const thumb = await viewer.cell(0).locator('.slider-thumb').boundingBox();
    if (!track || !thumb) throw new Error('no slider track or thumb on screen');
    return {
      fraction: (thumb.x - track.x) / (track.width - thumb.width),
      end: thumb.x + thumb.width - track.x,
    };
  };
  expect((await thumbEnd()).fraction).toBeCloseTo(1, 2);
  const litPixels = await viewer
    .cell(0)
    .locator('canvas.image-number')
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) > 200 && (data[i + 3] ?? 0) > 200) lit++;
      return lit;
    });
  expect(litPixels, 'the image line is drawn on its canvas').toBeGreaterThan(40);
  await viewer.goToImage(0, 42);
  // The slider's scale is the image number the overlay shows (1-based).
  await expect(viewer.slider(0)).toHaveValue('43');
  expect((await thumbEnd()).fraction).toBeCloseTo(42 / (ct.instances.length - 1), 2);
  // A click on the visible track lands on the matching image (the native slider on top takes it).
  const track = await viewer.cell(0).locator('.slider-track').boundingBox();
  if (!track) throw new Error('no slider track on screen');
  const last = ct.instances.length - 1;
  const target = Math.round(last / 4);
  await page.mouse.click(track.x + 8 + (track.width - 16) * (target / last), track.y + track.height / 2);
  await expect
    .poll(async () => Math.abs((await viewer.state(0)).imageIndex - target), { timeout: 10_000 })
    .toBeLessThanOrEqual(1);
  expect(Math.abs((await thumbEnd()).fraction - target / last)).toBeLessThan(0.01);
});

test('CT presets, the DICOM default and W/L drag change the VOI the viewport reports', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const fileWindow = ct.windows[0];
  const defaultVoi = fileWindow ? `${fileWindow.WindowWidth}/${fileWindow.WindowCenter}` : '400/40';
  // The case opens in the window its annotations file names for the key image (see openingView.spec.ts).
  const keyWindow = loadCaseAnnotations().keyImage?.window;
  await expect(viewer.element(0)).toHaveAttribute(
    'data-voi',
    keyWindow ? `${keyWindow.WindowWidth}/${keyWindow.WindowCenter}` : defaultVoi,
  );
  await page.keyboard.press('2');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '2000/500');
  await expect(viewer.cell(0).locator('.voi')).toHaveText('W 2000 L 500');
  await page.keyboard.press('3');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '1600/400');
  await page.keyboard.press('1');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '400/40');
  await viewer.clickToolbar('preset-2');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '2000/500');
  await page.keyboard.press('0');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', defaultVoi);

  // The VOI stays when scrolling.
  await page.keyboard.press('2');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '2000/500');
  const index = (await viewer.state(0)).imageIndex;
  await page.keyboard.press('ArrowDown');
  await viewer.waitForImageIndex(0, index + 1);
  await expect(viewer.element(0)).toHaveAttribute('data-voi', '2000/500');

  // Dragging with the W/L tool widens the window (right) and raises the level (down).
  await viewer.dragCanvas(0, [300, 300], [400, 360]);
  await expect.poll(async () => (await viewer.state(0)).voi).not.toBe('2000/500');
  const [width, center] = (await viewer.state(0)).voi.split('/').map(Number);
  expect(width).toBeGreaterThan(2000);
  expect(center).not.toBe(500);

  await page.keyboard.press('i');
  await expect(viewer.element(0)).toHaveAttribute('data-invert', 'true');
  await page.keyboard.press('r');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', defaultVoi);
  await expect(viewer.element(0)).toHaveAttribute('data-invert', 'false');
});

test('zoom by right drag, pan tool, and fit', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const zoom = viewer.cell(0).locator('.zoom');
  await expect(zoom).toHaveText('Zoom 100%');
  const [x, y] = await viewer.pagePoint(0, [400, 300]);
  await page.mouse.move(x, y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(x, y + 120, { steps: 8 });
  await page.mouse.up({ button: 'right' });
  await expect(zoom).not.toHaveText('Zoom 100%');
  await page.keyboard.press('f');
  await expect(zoom).toHaveText('Zoom 100%');
  await viewer.clickToolbar('tool-Zoom');
  await expect(page.getByTestId('tool-Zoom')).toHaveAttribute('aria-pressed', 'true');
  await viewer.dragCanvas(0, [400, 300], [400, 200]);
  await expect(zoom).not.toHaveText('Zoom 100%');
});

test('cine plays through the stack and pauses', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const start = (await viewer.state(0)).imageIndex;
  await page.keyboard.press(' ');
  await expect(viewer.cell(0).locator('.cine-button')).toHaveAttribute('data-playing', 'true');
  await expect.poll(async () => (await viewer.state(0)).imageIndex).toBeGreaterThan(start + 2);
  await page.keyboard.press(' ');
  await expect(viewer.cell(0).locator('.cine-button')).toHaveAttribute('data-playing', 'false');
  const stopped = (await viewer.state(0)).imageIndex;
  // After a pause no further image is requested: the store's index stays.
  const stateIndex = await page.evaluate(
    () => (window as unknown as CasebookWindow).__casebook.getViewState().viewports[0]?.imageIndex,
  );
  expect(Math.abs((stateIndex ?? 0) - stopped)).toBeLessThanOrEqual(1);
});

test('orientation markers on the axial CT: patient right on screen left, anterior on top', async ({
  page,
}) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await expect(viewer.marker(0, 'left')).toHaveText('R');
  await expect(viewer.marker(0, 'right')).toHaveText('L');
  await expect(viewer.marker(0, 'top')).toHaveText('A');
  await expect(viewer.marker(0, 'bottom')).toHaveText('P');
});
