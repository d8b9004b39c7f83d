/**
 * Guided tours: the sample case's tour played with Page Down alone (every step's view state and overlay
 * pixels as the step says, the slices between scrolled through), a two-step tour authored in the UI that
 * survives a reload, is exported, imported into a fresh browser and played; a malformed or hostile tour file
 * is reported and the images keep working. Waits on the tour bar's state and the app's diagnostics only.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { TourFile } from '../src/model/TourFile.ts';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { TourPage } from './pages/TourPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');

test('a teacher authors a two-step tour: it survives a reload, exports, imports elsewhere and plays', async ({
  page,
  browser,
}) => {
  const tour = new TourPage(page);
  await tour.openWithTours();
  await tour.waitForTools(0);
  const panel = tour.panel();
  // Start a tour of one's own, even where the case has one.
  if (await panel.getByTestId('tour-new').isVisible()) await panel.getByTestId('tour-new').click();
  else {
    await panel.getByTestId('tour-copy').click();
    for (let n = await panel.getByTestId('tour-editor-step').count(); n > 0; n--) {
      await panel.getByRole('button', { name: `Delete step ${n}` }).click();
    }
  }
  await expect(panel.getByTestId('tour-editor')).toBeVisible();

  // Step 1: CT image 40 in the bone window. Step 2: CT image 150, calcification window, overlays off.
  await tour.goToImage(0, 40);
  await tour.clickToolbar('preset-2');
  await expect.poll(async () => (await tour.viewState()).viewports[0]?.voi?.windowWidth).toBe(2000);
  await panel.getByTestId('tour-add-step').click();
  await tour.goToImage(0, 150);
  await tour.clickToolbar('preset-3');
  await page.keyboard.press('a'); // all overlays off
  await expect.poll(async () => (await tour.viewState()).visibleCategories).toEqual([]);
  await panel.getByTestId('tour-add-step').click();
  const steps = panel.getByTestId('tour-editor-step');
  await expect(steps).toHaveCount(2);
  await steps.nth(0).getByTestId('tour-step-title-input').fill('Pelvis in bone window');
  await steps.nth(0).getByTestId('tour-step-caption-input').fill('The **pubic bodies** side by side.');
  await steps.nth(1).getByTestId('tour-step-caption-input').fill('The largest loculus, no overlays.');

  // A reload keeps everything typed.
  await page.reload();
  await tour.waitForImage(0);
  await expect(panel.getByTestId('tour-row-mine')).toContainText('2 steps');
  await panel.getByTestId('tour-edit').click();
  await expect(steps.nth(0).getByTestId('tour-step-title-input')).toHaveValue('Pelvis in bone window');
  await expect(steps.nth(1).getByTestId('tour-step-caption-input')).toHaveValue(
    'The largest loculus, no overlays.',
  );

  // Export, then import into a fresh browser (no saved tour there) and play it.
  const download = page.waitForEvent('download');
  await panel.getByTestId('tour-export').click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as TourFile;
  expect(exported.steps.map((s) => s.caption)).toEqual([
    'The **pubic bodies** side by side.',
    'The largest loculus, no overlays.',
  ]);

  const context = await browser.newContext({ viewport: page.viewportSize() });
  const fresh = new TourPage(await context.newPage());
  await fresh.openWithTours();
  await expect(fresh.panel().getByTestId('tour-row-mine')).toHaveCount(0);
  await fresh.panel().getByTestId('tour-import-input').setInputFiles(file);
  await expect(fresh.panel().getByTestId('tour-row-mine')).toContainText('2 steps');
  await fresh.panel().getByTestId('tour-play-mine').click();
  await fresh.waitForStep(0);
  await expect(fresh.position()).toHaveText('1 / 2');
  await expect(fresh.bar().getByTestId('tour-caption').locator('strong')).toHaveText('pubic bodies');
  await fresh.waitForImageIndex(0, 40);
  let view = await fresh.viewState();
  expect(view.viewports[0]).toMatchObject({ seriesKey: ct.key, imageIndex: 40 });
  expect(view.viewports[0]?.voi).toEqual({ windowCenter: 500, windowWidth: 2000 });
  await fresh.page.keyboard.press('PageDown');
  await fresh.waitForStep(1);
  await fresh.waitForImageIndex(0, 150);
  view = await fresh.viewState();
  expect(view.viewports[0]?.voi).toEqual({ windowCenter: 400, windowWidth: 1600 });
  expect(view.visibleCategories).toEqual([]);
  await context.close();
});

test('a malformed tour file is reported by name; a hostile caption runs nothing; the images keep working', async ({
  page,
}) => {
  const tour = new TourPage(page);
  await page.route('**/bad.tour.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: '{"schemaVersion": 1, "caseId": 3, "steps": "no"}',
    }),
  );
  await tour.openWithTours('?tour=bad.tour.json');
  await expect(page.locator('.problems')).toContainText('bad.tour.json');
  await expect(page.locator('.problems')).toContainText('The guided tour could not be loaded');
  await tour.goToImage(0, 20);

  // A tour whose caption tries to run script: shown as text, nothing runs.
  const hostile: TourFile = {
    schemaVersion: 1,
    caseId: sample.manifest.caseId,
    title: 'Hostile <img src=x onerror="window.__pwned=1">',
    steps: [
      {
        id: 'x',
        title: '<img src=x onerror="window.__pwned=2">Step',
        caption: 'Look <img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script> **here**',
        view: {
          viewports: [
            { image: { seriesKey: ct.key, SOPInstanceUID: ct.instances[30]?.SOPInstanceUID ?? '' } },
          ],
        },
      },
    ],
  };
  await page.route('**/hostile.tour.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(hostile) }),
  );
  await tour.openWithTours('?tour=hostile.tour.json');
  await page.keyboard.press('t');
  await tour.waitForStep(0);
  await tour.waitForImageIndex(0, 30);
  await expect(tour.bar().getByTestId('tour-caption').locator('strong')).toHaveText('here');
  await expect(tour.bar().getByTestId('tour-step-title')).toContainText('<img');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await tour.bar().locator('img, script').count()).toBe(0);
  mkdirSync(screens, { recursive: true });
});
