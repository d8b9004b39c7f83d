/**
 * Where the case opens: on the key image its annotations file names (series, image by SOPInstanceUID,
 * window), with its findings in view; on the middle image as before when the file is broken (and the
 * problem still names the file). The windows stored in the CT files are offered beside the presets and set
 * W/L. Waits on DOM state only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const file = loadCaseAnnotations();
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');

/** The key image as the committed file names it, found in the manifest by its SOPInstanceUID. */
function keyImageOfCase() {
  const key = file.keyImage;
  if (!key?.window) throw new Error('The annotations file names no key image with a window.');
  const series = sample.manifest.series.find((s) => s.key === key.seriesKey);
  const imageIndex = series?.instances.findIndex((i) => i.SOPInstanceUID === key.SOPInstanceUID) ?? -1;
  if (!series || imageIndex < 0) throw new Error('The key image is not in the manifest.');
  return { series, imageIndex, voi: `${key.window.WindowWidth}/${key.window.WindowCenter}` };
}

test('the case opens on its key image, in its window, with its findings in view', async ({ page }) => {
  const key = keyImageOfCase();
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  expect(await teaching.state(0)).toMatchObject({
    seriesKey: key.series.key,
    imageIndex: key.imageIndex,
    voi: key.voi,
  });
  await expect(teaching.cell(0).locator('.image-number')).toHaveText(
    `Im ${key.imageIndex + 1}/${key.series.instances.length}`,
  );
  await expect(teaching.cell(0).locator('.voi')).toHaveText(
    `W ${key.voi.split('/')[0]} L ${key.voi.split('/')[1]}`,
  );
  // The sedimentation sign and the rim of the largest loculus, and the osteolysis, are on screen at once.
  await expect
    .poll(async () => teaching.drawnFindings(0))
    .toEqual(expect.arrayContaining(['level-1', 'rim-1', 'pubic-osteolysis']));
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'opening-view.png') });
});

test('a broken annotations file opens on the middle image as before, and still names the file', async ({
  page,
}) => {
  const teaching = new TeachingPage(page);
  const fixture = 'e2e/fixtures/malformed-annotations.json';
  await teaching.openTeaching(`/${fixture}`);
  const middle = Math.floor((ct.instances.length - 1) / 2);
  const fileWindow = ct.windows[0];
  expect(await teaching.state(0)).toMatchObject({
    seriesKey: ct.key,
    imageIndex: middle,
    voi: fileWindow ? `${fileWindow.WindowWidth}/${fileWindow.WindowCenter}` : '400/40',
  });
  await expect(page.getByTestId('problems')).toContainText(`${fixture}:`);

  await teaching.openTeaching('/e2e/fixtures/no-such-annotations.json');
  expect(await teaching.state(0)).toMatchObject({ seriesKey: ct.key, imageIndex: middle });
  await expect(page.getByTestId('problems')).toContainText('e2e/fixtures/no-such-annotations.json');
});

test('the windows stored in the CT files are offered beside the presets and set W/L', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  const select = page.getByTestId('stored-windows');
  // Read from the files (WindowCenter / WindowWidth / WindowCenterWidthExplanation), as the manifest lists them.
  const expected = ct.windows.map(
    (w) =>
      `${w.explanation.charAt(0)}${w.explanation.slice(1).toLowerCase()}: W ${w.WindowWidth} L ${w.WindowCenter}`,
  );
  await expect(select.locator('option:not([disabled])')).toHaveText(expected);
  const bone = ct.windows.find((w) => w.explanation === 'BONE');
  if (!bone) throw new Error('The CT files store no bone window.');
  await select.selectOption({ label: `Bone: W ${bone.WindowWidth} L ${bone.WindowCenter}` });
  await expect(teaching.element(0)).toHaveAttribute('data-voi', `${bone.WindowWidth}/${bone.WindowCenter}`);
  await expect(teaching.cell(0).locator('.voi')).toHaveText(`W ${bone.WindowWidth} L ${bone.WindowCenter}`);
  // A preset chosen after it: the select no longer claims a stored window is on.
  await teaching.clickToolbar('preset-1');
  await expect(teaching.element(0)).toHaveAttribute('data-voi', '400/40');
  await expect(select).toHaveAttribute('data-selected', '0');
  await teaching.clickToolbar('preset-2');
  await expect(select).toHaveAttribute('data-selected', '');
});
