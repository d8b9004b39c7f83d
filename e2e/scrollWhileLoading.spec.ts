/**
 * Scrolling into slices that are not loaded yet: the viewport shows the nearest loaded slice at once (never a
 * blank frame), the slider and the corner overlay name the slice asked for and say which one is on screen,
 * and the asked slice replaces it as soon as it arrives.
 */
import { expect, test } from '@playwright/test';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { ViewerPage } from './pages/ViewerPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');

test('a slice still loading is stood in for by the nearest loaded one, then shown when it arrives', async ({
  page,
}) => {
  // The file of a slice far from where the CT opens is held back until the test lets it through.
  const target = 3;
  const file = ct.instances[target]?.file;
  if (!file) throw new Error('CT too short');
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let requested = false;
  await page.route(`**/${file}`, async (route) => {
    requested = true;
    await released;
    await route.continue();
  });

  const viewer = new ViewerPage(page);
  await viewer.open();
  const start = await viewer.state(0);
  expect(start.imageIndex).not.toBe(target);

  await viewer.setSlider(0, target);
  // At once: the slider and the overlay name the asked slice; a loaded one is drawn meanwhile.
  await expect(viewer.element(0)).toHaveAttribute('data-wanted-index', String(target));
  await expect(viewer.slider(0)).toHaveValue(String(target + 1));
  await expect(viewer.cell(0).locator('.image-number')).toHaveText(
    new RegExp(`^Im ${target + 1}/${ct.instances.length} \\(showing \\d+, loading\\)$`),
  );
  // The stand-in may move closer while nearer slices arrive; the overlay names whichever is on screen.
  await expect
    .poll(
      async () => {
        const shown = (await viewer.state(0)).imageIndex;
        const text = await viewer.cell(0).locator('.image-number').textContent();
        return (
          shown !== target &&
          text === `Im ${target + 1}/${ct.instances.length} (showing ${shown + 1}, loading)`
        );
      },
      { message: 'the overlay names the stand-in slice on screen' },
    )
    .toBe(true);
  const pixels = await viewer.pixels(0);
  expect(pixels.max - pixels.min, 'the stand-in slice is a real image, not a blank frame').toBeGreaterThan(
    150,
  );
  await expect.poll(() => requested, { message: 'the asked slice was requested' }).toBe(true);

  // When the file arrives the asked slice replaces the stand-in.
  release();
  await viewer.waitForImageIndex(0, target);
  await expect(viewer.cell(0).locator('.image-number')).toHaveText(`Im ${target + 1}/${ct.instances.length}`);
  expect((await viewer.pixels(0)).signature).not.toBe(pixels.signature);
});
