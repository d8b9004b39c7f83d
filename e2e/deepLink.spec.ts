/**
 * Deep links: a view set by hand (layout, series, image, window, zoom, pan, tool, overlays, highlighted
 * finding) is copied as a link and opens the same in a fresh browser — same view state, same pixels; a link
 * opened while the CT is still loading lands on its image; a broken link opens the case and says what was
 * wrong; Back and Forward do not step through slices. Waits on DOM state and the app's diagnostics only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import { toViewDocument } from '../src/model/ViewDocument.ts';
import { initialViewState, patchViewport, type ViewState } from '../src/model/ViewState.ts';
import { viewLinkHash } from '../src/model/viewLink.ts';
import { roundedView } from './pages/roundedView.ts';
import { caseQuery, loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const screens = resolve(import.meta.dirname, '../test-results/screens');
const ct = seriesOf(sample, 'CT');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Luminance at a 7 × 7 grid of points over a viewport (3 × 3 px squares). */
async function pixelGrid(teaching: TeachingPage, index: number): Promise<number[]> {
  const box = await teaching.element(index).boundingBox();
  if (!box) throw new Error(`viewport ${index} has no box`);
  const values: number[] = [];
  for (let row = 1; row <= 7; row++) {
    for (let col = 1; col <= 7; col++) {
      values.push(await teaching.brightnessAt(index, [(col * box.width) / 8, (row * box.height) / 8], 1));
    }
  }
  return values;
}

/** Waits until a viewport shows `imageIndex` of `seriesKey` with a window and stops redrawing. */
async function settled(teaching: TeachingPage, index: number, seriesKey: string, imageIndex: number) {
  await teaching.waitForImage(index, seriesKey);
  await teaching.waitForImageIndex(index, imageIndex);
}

/** Opens `url` in a fresh browser context of the same size and returns its page objects. */
async function openFresh(browser: Browser, url: string, like: Page) {
  const context = await browser.newContext({ viewport: like.viewportSize(), baseURL: undefined });
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, teaching: new TeachingPage(page) };
}

const viewStateOf = (page: Page): Promise<ViewState> =>
  page.evaluate(() => (window as unknown as CasebookWindow).__casebook.getViewState());

/** Compares two views: everything exactly, window and camera to what a link keeps (0.1, 0.1 %, 0.01 mm). */
function expectSameView(actual: ViewState, expected: ViewState): void {
  expect(roundedView(actual)).toEqual(roundedView(expected));
}

test('a view set by hand, copied as a link, opens the same in a fresh browser', async ({ page, browser }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teaching.waitForTools(0);
  await expect.poll(() => teaching.drawnFindings(0)).toContain('rim-1');

  // Two viewports; the second shows the next series.
  await teaching.clickToolbar('layout-1x2');
  await teaching.waitForImage(1);
  // Highlight a finding (it takes viewport 0 to its image, centred and zoomed), then move on by hand.
  await teaching.findingButton('level-2').click();
  await expect.poll(async () => (await viewStateOf(page)).highlightedFinding).toBe('level-2');
  const findingImage = (await viewStateOf(page)).viewports[0]?.imageIndex ?? -1;
  await teaching.element(0).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await teaching.waitForImageIndex(0, findingImage + 2);
  await page.keyboard.press('2'); // bone window
  await expect(teaching.element(0)).toHaveAttribute('data-voi', '2000/500');
  await page.keyboard.press('+');
  await page.keyboard.press('p'); // pan tool
  const box = await teaching.element(0).boundingBox();
  if (!box) throw new Error('no viewport box');
  await teaching.dragCanvas(0, [box.width / 2, box.height / 2], [box.width / 2 + 37, box.height / 2 - 21]);
  await teaching.categoryToggle('normal-anatomy').click();
  await expect.poll(async () => (await viewStateOf(page)).visibleCategories).not.toContain('normal-anatomy');

  await expect(teaching.caseText().locator('.section-highlighted')).toBeInViewport();
  const view = await viewStateOf(page);
  expect(view.layout).toBe('1x2');
  expect(view.primaryTool).toBe('Pan');
  expect(view.viewports[0]?.camera?.panMm[0]).not.toBe(0);
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#view=');
  expect(new URL(link).hash).toBe(new URL(page.url()).hash);
  const drawn = await teaching.drawnFindings(0);
  const pixels = [await pixelGrid(teaching, 0), await pixelGrid(teaching, 1)];
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'deep-link-set-by-hand.png') });

  const fresh = await openFresh(browser, link, page);
  try {
    await settled(fresh.teaching, 0, ct.key, view.viewports[0]?.imageIndex ?? -1);
    await settled(fresh.teaching, 1, view.viewports[1]?.seriesKey ?? '', view.viewports[1]?.imageIndex ?? -1);
    await expect.poll(() => fresh.teaching.drawnFindings(0)).toEqual(drawn);
    await expect(fresh.teaching.element(0)).toHaveAttribute('data-voi', '2000/500');
    expectSameView(await viewStateOf(fresh.page), view);
    await fresh.page.screenshot({ path: resolve(screens, 'deep-link-opened.png') });
    await expect(fresh.page.getByTestId('tool-Pan')).toHaveAttribute('aria-pressed', 'true');
    // The text shows the highlighted finding's section, as it did where the link was made.
    await expect(fresh.teaching.caseText().locator('.section-highlighted')).toBeInViewport();
    for (const index of [0, 1]) {
      const again = await pixelGrid(fresh.teaching, index);
      const before = pixels[index] ?? [];
      const worst = Math.max(...again.map((value, i) => Math.abs(value - (before[i] ?? -1000))));
      expect(worst, `largest luminance difference in viewport ${index}`).toBeLessThan(8);
    }
  } finally {
    await fresh.context.close();
  }
});

/** A link to image `imageIndex` of the CT in the bone window, built by the app's own codec. */
function linkToCtImage(imageIndex: number): string {
  const state = patchViewport(initialViewState(sample.manifest.caseId, ct.key, imageIndex), 0, {
    voi: { windowWidth: 2000, windowCenter: 500 },
  });
  return `/${caseQuery}${viewLinkHash(toViewDocument(state, sample.manifest))}`;
}

test('a link opened while the CT is still loading lands on its image', async ({ page }) => {
  const target = 17;
  const targetFile = ct.instances[target]?.file ?? '';
  // Hold every other CT file until the linked image is on screen.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.context().route(
    (url) => url.pathname.includes(`/${ct.instances[0]?.file.split('/')[0] ?? 'ct'}/`),
    async (route) => {
      if (!new URL(route.request().url()).pathname.endsWith(targetFile)) await held;
      await route.continue();
    },
  );
  const teaching = new TeachingPage(page);
  await page.goto(linkToCtImage(target));
  try {
    await settled(teaching, 0, ct.key, target);
    await expect(teaching.element(0)).toHaveAttribute('data-voi', '2000/500');
    const progress = await page.evaluate(
      (key) => (window as unknown as CasebookWindow).__casebook.getProgress(key),
      ct.key,
    );
    expect(progress?.loaded ?? 0).toBeLessThan(ct.instances.length);
  } finally {
    release();
  }
  await teaching.waitForSeriesLoaded(ct.key, ct.instances.length);
  expect((await teaching.state(0)).imageIndex).toBe(target);
});

test('a broken link opens the case and says what was wrong with it', async ({ page }) => {
  const teaching = new TeachingPage(page);
  const link = linkToCtImage(3);
  const uid = ct.instances[3]?.SOPInstanceUID ?? '';
  await page.goto(link.replace(uid, '1.2.3.999'));
  await teaching.waitForImage(0, ct.key);
  const problems = page.locator('.problems');
  await expect(problems).toContainText('1.2.3.999');
  await expect(problems).toContainText("link's view could not be shown");
  // The case still works: the findings and the key image are there.
  await expect.poll(() => teaching.drawnFindings(0)).toContain('rim-1');

  // A link pasted into the address bar of the open case (only the hash changes: no new page).
  await page.evaluate(() => {
    location.hash = '#view=99&layout=1x1';
  });
  await expect(problems).toContainText('newer version');
  expect((await teaching.state(0)).seriesKey).toBe(ct.key);

  // The same link opened afresh.
  await page.goto('about:blank');
  await page.goto(`/${caseQuery}#view=99&layout=1x1`);
  await teaching.waitForImage(0, ct.key);
  await expect(page.locator('.problems')).toContainText('newer version');
  await expect(page.locator('.problems')).not.toContainText('1.2.3.999');
});

test('Back and Forward leave and re-enter the case, not step through its slices', async ({ page }) => {
  await page.goto('about:blank');
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  const start = (await teaching.state(0)).imageIndex;
  await teaching.element(0).focus();
  for (let step = 1; step <= 5; step++) {
    await page.keyboard.press('ArrowDown');
    await teaching.waitForImageIndex(0, start + step);
  }
  // Once the learner pauses, the address bar carries the slice on screen.
  const uid = ct.instances[start + 5]?.SOPInstanceUID ?? '';
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(uid);
  expect(await page.evaluate(() => history.length)).toBe(2);
  await page.goBack();
  expect(page.url()).toBe('about:blank');
  await page.goForward();
  await settled(teaching, 0, ct.key, start + 5);
});
