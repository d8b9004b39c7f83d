/**
 * Guided tours: the sample case's tour played with Page Down alone (every step's view state and overlay
 * pixels as the step says, the slices between scrolled through), a two-step tour authored in the UI that
 * survives a reload, is exported, imported into a fresh browser and played; a malformed or hostile tour file
 * is reported and the images keep working. Waits on the tour bar's state and the app's diagnostics only.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { AnnotationFile } from '../src/model/TeachingAnnotation.ts';
import type { TourFile } from '../src/model/TourFile.ts';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { TourPage } from './pages/TourPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');
const annotationsDir = resolve(import.meta.dirname, '../annotations');
const caseId = sample.manifest.caseId;
const file = JSON.parse(readFileSync(resolve(annotationsDir, `${caseId}.json`), 'utf8')) as AnnotationFile;
const sampleTour = JSON.parse(
  readFileSync(resolve(annotationsDir, `${caseId}.tour.json`), 'utf8'),
) as TourFile;

/** Index of an image in its series (display order), from the manifest. */
function imageIndexOf(seriesKey: string, uid: string): number {
  const series = sample.manifest.series.find((s) => s.key === seriesKey);
  const index = series?.instances.findIndex((i) => i.SOPInstanceUID === uid) ?? -1;
  if (index < 0) throw new Error(`the tour names ${seriesKey} ${uid}, which the case does not have`);
  return index;
}

test("the case's tour plays with Page Down alone: every step's view, overlays and the slices between", async ({
  page,
}) => {
  test.setTimeout(180_000);
  mkdirSync(screens, { recursive: true });
  const tour = new TourPage(page);
  await tour.openWithTours();
  await expect(tour.panel().getByTestId('tour-row-case')).toContainText(`${sampleTour.steps.length} steps`);
  await page.keyboard.press('t');
  let visible: readonly string[] = (await tour.viewState()).visibleCategories;
  for (const [index, step] of sampleTour.steps.entries()) {
    if (index > 0) {
      // Record every image viewport 0 shows on the way, then press the clicker's key.
      await tour.element(0).evaluate((el: HTMLElement) => {
        const seen: number[] = [];
        (window as unknown as { __seen: number[] }).__seen = seen;
        new MutationObserver(() => seen.push(Number(el.dataset.imageIndex))).observe(el, {
          attributeFilter: ['data-image-index'],
        });
      });
      await page.keyboard.press('PageDown');
    }
    const before = index > 0 ? sampleTour.steps[index - 1] : undefined;
    await tour.waitForStep(index);
    await expect(tour.position()).toHaveText(`${index + 1} / ${sampleTour.steps.length}`);
    await expect(tour.bar().getByTestId('tour-step-title')).toHaveText(step.title);
    const view = await tour.viewState();
    const layout =
      step.view.layout ?? (['1x1', '1x2', '2x2', '2x2'] as const)[step.view.viewports.length - 1];
    expect(view.layout, `step ${index} layout`).toBe(layout);
    for (const [n, wanted] of step.view.viewports.entries()) {
      const imageIndex = imageIndexOf(wanted.image.seriesKey, wanted.image.SOPInstanceUID);
      expect(view.viewports[n], `step ${index} viewport ${n}`).toMatchObject({
        seriesKey: wanted.image.seriesKey,
        imageIndex,
        invert: wanted.invert ?? false,
      });
      expect(view.viewports[n]?.voi, `step ${index} viewport ${n} window`).toEqual(wanted.voi);
      if (wanted.camera) expect(view.viewports[n]?.camera?.zoom).toBeCloseTo(wanted.camera.zoom, 3);
      await tour.waitForImageIndex(n, imageIndex);
    }
    if (step.view.visibleCategories) visible = step.view.visibleCategories;
    expect(view.visibleCategories, `step ${index} overlays`).toEqual(visible);
    expect(view.highlightedFinding).toBe(step.view.highlightedFinding ?? null);

    // The slices between were shown on the way when the step stays on the series and does not jump.
    const from = before?.view.viewports[step.view.activeViewport ?? 0];
    const to = step.view.viewports[step.view.activeViewport ?? 0];
    if (from && to && (step.view.activeViewport ?? 0) === 0 && step.transition !== 'jump') {
      if (from.image.seriesKey === to.image.seriesKey) {
        const a = imageIndexOf(from.image.seriesKey, from.image.SOPInstanceUID);
        const b = imageIndexOf(to.image.seriesKey, to.image.SOPInstanceUID);
        const seen = await page.evaluate(() => (window as unknown as { __seen: number[] }).__seen);
        const between = new Set(seen.filter((i) => i > Math.min(a, b) && i < Math.max(a, b)));
        if (Math.abs(a - b) > 3)
          expect(between.size, `step ${index}: images between ${a} and ${b}`).toBeGreaterThan(2);
      }
    }

    // Overlay pixels on viewport 0: each category's colour where the step shows it, none where it hides it.
    const drawn = await expect
      .poll(async () => {
        const ids = await tour.drawnFindings(0);
        const shown = file.annotations.filter((a) => ids.includes(a.id)).map((a) => a.category);
        return shown.every((c) => visible.includes(c));
      })
      .toBe(true)
      .then(() => tour.drawnFindings(0));
    for (const category of file.categories) {
      const count = await tour.countColour(0, category.colour);
      const onImage = file.annotations.some(
        (a) => a.category === category.id && a.kind !== 'text' && drawn.includes(a.id),
      );
      if (!visible.includes(category.id)) {
        expect(count, `step ${index}: hidden ${category.id} pixels`).toBeLessThan(10);
      } else if (onImage) {
        expect(count, `step ${index}: shown ${category.id} pixels`).toBeGreaterThan(40);
      }
    }
    await page.screenshot({ path: resolve(screens, `tour-step-${index + 1}.png`) });
  }
  // The last step stays; Page Down past it does nothing; Page Up goes back.
  await page.keyboard.press('PageDown');
  await tour.waitForStep(sampleTour.steps.length - 1);
  await page.keyboard.press('PageUp');
  await tour.waitForStep(sampleTour.steps.length - 2);
});

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
  await steps.nth(0).getByTestId('tour-step-section').selectOption('findings-ct');
  await steps.nth(1).getByTestId('tour-step-transition').selectOption('jump');
  await steps.nth(1).getByTestId('tour-step-reveal').selectOption('findings');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'tour-editor.png') });

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
  expect(exported.steps.map((s) => [s.section, s.transition, s.reveal])).toEqual([
    ['findings-ct', undefined, undefined],
    [undefined, 'jump', 'findings'],
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
  await expect(fresh.bar().getByRole('button', { name: 'Read in the case text: CT' })).toBeVisible();
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

test('in an unknown case the tour names nothing ahead of the reveal, and its steps reveal in order', async ({
  page,
}) => {
  const tour = new TourPage(page);
  await tour.openWithTours('#view=2&reveal=history');
  const diagnosis = /calcinosis|uremic|uraemic|tumoral/i;
  await expect(tour.panel()).toContainText(`${sampleTour.steps.length} steps`);
  expect(await tour.panel().textContent()).not.toMatch(diagnosis);
  await page.keyboard.press('t');
  await tour.waitForStep(0);
  await tour.bar().getByTestId('tour-list').click();
  const items = tour.bar().getByTestId('tour-steps').locator('button');
  await expect(items).toHaveCount(sampleTour.steps.length);
  await expect(items.nth(0)).toHaveText(sampleTour.steps[0]?.title ?? '');
  await expect(items.nth(sampleTour.steps.length - 1)).toHaveText(`Step ${sampleTour.steps.length}`);
  expect(await tour.bar().textContent()).not.toMatch(diagnosis);
  expect((await tour.viewState()).reveal).toBe('history');
  // Page Down through the tour: the stage follows the steps' reveals, never going back.
  let stage = 'history';
  const order = ['history', 'findings', 'diagnosis', 'all'];
  for (const [index, step] of sampleTour.steps.entries()) {
    if (index > 0) await page.keyboard.press('PageDown');
    await tour.waitForStep(index);
    if (step.reveal && order.indexOf(step.reveal) > order.indexOf(stage)) stage = step.reveal;
    expect((await tour.viewState()).reveal, `stage at step ${index + 1}`).toBe(stage);
  }
  expect(stage).toBe('all');
  await expect(tour.bar()).toContainText(sampleTour.title);
});
