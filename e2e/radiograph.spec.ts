/**
 * The radiograph (DX, MONOCHROME1): bone is shown bright and the direct-exposure background dark, the
 * markers read from PatientOrientation (patient right on screen left, head on top); and the MR opens with an
 * automatic window.
 */
import { expect, test } from '@playwright/test';
import { imagePoint } from '../src/model/geometry.ts';
import { landmark, loadSampleCase, projectToRadiograph, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
// The case has a radiograph: a sample without one fails here, it does not skip its radiograph tests.
const dx = seriesOf(sample, 'DX');

test('the radiograph shows bone bright and the background dark (MONOCHROME1 handled)', async ({ page }) => {
  const viewer = new ViewerPage(page);
  await viewer.open();
  await page.getByTestId(`series-${dx.key}`).click();
  await viewer.waitForImage(0, dx.key);
  expect(dx.PhotometricInterpretation).toBe('MONOCHROME1');

  const femoralHead = projectToRadiograph(sample, landmark(sample, 'cancellous bone').pointMm);
  const bone = await viewer.brightnessAt(0, await viewer.imageToCanvas(0, femoralHead));
  // The image corner is outside the patient: direct exposure.
  const background = await viewer.brightnessAt(0, await viewer.imageToCanvas(0, imagePoint(6, 6)));
  const whole = await viewer.pixels(0);
  expect(bone, 'femoral head brighter than the direct-exposure background').toBeGreaterThan(background + 80);
  expect(bone, 'femoral head brighter than the image average').toBeGreaterThan(whole.mean);

  await expect(viewer.marker(0, 'left')).toHaveText('R');
  await expect(viewer.marker(0, 'right')).toHaveText('L');
  await expect(viewer.marker(0, 'top')).toHaveText('S');
  await expect(viewer.marker(0, 'bottom')).toHaveText('I');

  // Invert flips it: bone becomes darker than before.
  await page.keyboard.press('i');
  await expect(viewer.element(0)).toHaveAttribute('data-invert', 'true');
  await expect
    .poll(async () => viewer.brightnessAt(0, await viewer.imageToCanvas(0, femoralHead)))
    .toBeLessThan(bone - 80);
});

test('MR opens with an automatic window and axial markers', async ({ page }) => {
  const mr = seriesOf(sample, 'MR');
  const viewer = new ViewerPage(page);
  await viewer.open();
  await page.getByTestId(`series-${mr.key}`).click();
  await viewer.waitForImage(0, mr.key);
  const voi = (await viewer.state(0)).voi;
  expect(voi).toMatch(/^\d+\/\d+$/);
  const stats = await viewer.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
  // CT presets do not apply to MR.
  await expect(page.getByTestId('preset-2')).toBeDisabled();
  await page.keyboard.press('2');
  await expect(viewer.element(0)).toHaveAttribute('data-voi', voi);
  await expect(viewer.marker(0, 'left')).toHaveText('R');
  await expect(viewer.marker(0, 'top')).toHaveText('A');
});
