/**
 * Measuring: the HU probe over truth.json's landmarks (fat, muscle, cortical bone, and the fluid and the
 * settled calcium of a loculus) reads values in the expected ranges; an ellipse ROI reports mean and SD in
 * the measurements panel; a length is reported in mm.
 */
import { expect, test } from '@playwright/test';
import type { WorldPoint } from '../src/model/CaseManifest.ts';
import { worldPoint } from '../src/model/geometry.ts';
import { landmark, loadSampleCase, nearestSliceIndex, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

/**
 * truth.json's ranges hold for the mean of the 3x3 pixels around a landmark; a probe reads one pixel, whose
 * noise is about three times larger (the generator's CT noise SD is 10–13 HU per pixel). The probe must land
 * within the range widened by three single-pixel SDs.
 */
const singlePixelMarginHU = 40;

async function probe(viewer: ViewerPage, point: WorldPoint): Promise<number> {
  await viewer.goToImage(0, nearestSliceIndex(ct, point));
  const before = (await viewer.measurements()).length;
  await viewer.clickWorld(0, point);
  await expect.poll(async () => (await viewer.measurements()).length).toBe(before + 1);
  const last = (await viewer.measurements())[before];
  expect(last?.kind).toBe('probe');
  return Number(last?.value);
}

test('the HU probe reads fat, muscle and cortical bone in their HU ranges', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await viewer.clickToolbar('tool-Probe');
  for (const tissue of ['fat', 'muscle', 'cortical bone']) {
    const mark = landmark(sample, tissue);
    const value = await probe(viewer, mark.pointMm);
    expect(value, `${mark.name}`).toBeGreaterThanOrEqual(mark.expectedHU[0] - singlePixelMarginHU);
    expect(value, `${mark.name}`).toBeLessThanOrEqual(mark.expectedHU[1] + singlePixelMarginHU);
  }
  const panel = viewer.measurementsPanel();
  await expect(panel.locator('li')).toHaveCount(3);
  await expect(panel.locator('li').first()).toContainText(/Value -?\d+ HU/);
});

test('the probe tells the supernatant from the settled calcium of a loculus', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await page.keyboard.press('h');
  const values: number[] = [];
  for (const tissue of ['loculus fluid', 'loculus sediment']) {
    const mark = landmark(sample, tissue);
    const value = await probe(viewer, mark.pointMm);
    values.push(value);
    expect(value, `${mark.name}`).toBeGreaterThanOrEqual(mark.expectedHU[0] - singlePixelMarginHU);
    expect(value, `${mark.name}`).toBeLessThanOrEqual(mark.expectedHU[1] + singlePixelMarginHU);
  }
  const [fluid = 0, sediment = 0] = values;
  expect(sediment - fluid, 'settled calcium is far denser than the supernatant').toBeGreaterThan(200);
});

test('an ellipse ROI in the bladder reports mean, SD, min, max and area in HU', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const urine = landmark(sample, 'urine');
  await viewer.goToImage(0, nearestSliceIndex(ct, urine.pointMm));
  await page.keyboard.press('e');
  const [cx, cy, cz] = urine.pointMm;
  const from = await viewer.worldToCanvas(0, worldPoint(cx - 6, cy - 6, cz));
  const to = await viewer.worldToCanvas(0, worldPoint(cx + 6, cy + 6, cz));
  await viewer.dragCanvas(0, from, to);
  // Statistics settle after the drag (Cornerstone throttles them): wait for the full-size ellipse.
  await expect.poll(async () => Number((await viewer.measurements())[0]?.areaMm2 ?? 0)).toBeGreaterThan(80);
  const roi = (await viewer.measurements())[0] ?? {};
  expect(roi.kind).toBe('ellipse');
  expect(Number(roi.mean)).toBeGreaterThanOrEqual(urine.expectedHU[0]);
  expect(Number(roi.mean)).toBeLessThanOrEqual(urine.expectedHU[1]);
  expect(Number(roi.stdDev)).toBeGreaterThan(0);
  expect(Number(roi.stdDev)).toBeLessThan(40);
  const item = viewer.measurementsPanel().locator('li').first();
  await expect(item).toContainText(/Mean -?\d+\.\d HU/);
  await expect(item).toContainText(/SD \d+\.\d HU/);
  await expect(item).toContainText(/Min -?\d+ HU/);
  await expect(item).toContainText(/Max -?\d+ HU/);
  await expect(item).toContainText(/Area \d+\.\d\d cm²/);

  // Removing it from the panel removes the measurement.
  await item.getByRole('button', { name: /Remove measurement/ }).click();
  await expect(viewer.measurementsPanel().locator('li')).toHaveCount(0);
});

test('a length measurement reports millimetres', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  const urine = landmark(sample, 'urine');
  await viewer.goToImage(0, nearestSliceIndex(ct, urine.pointMm));
  await viewer.clickToolbar('tool-Length');
  const [cx, cy, cz] = urine.pointMm;
  await viewer.dragCanvas(
    0,
    await viewer.worldToCanvas(0, worldPoint(cx - 20, cy, cz)),
    await viewer.worldToCanvas(0, worldPoint(cx + 20, cy, cz)),
  );
  // Cornerstone recomputes statistics at most every 100 ms while dragging: wait for the final figure.
  await expect
    .poll(async () => Number((await viewer.measurements())[0]?.lengthMm ?? Number.NaN))
    .toBeGreaterThan(38);
  expect(Number((await viewer.measurements())[0]?.lengthMm)).toBeLessThan(42);
  await expect(viewer.measurementsPanel()).toContainText(/Length \d+\.\d mm/);
});
