/**
 * The teaching layer end to end: category toggles show and hide their overlays (SVG nodes and coloured
 * pixels), a text link lands on the finding's series and image, centred and highlighted, a click on an
 * overlay highlights its text section, overlays cannot be edited, and a malformed annotations file is named
 * precisely while the images stay usable. Screenshots for review go to test-results/screens/teaching-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { WorldPoint } from '../src/model/CaseManifest.ts';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { findingHome, loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const file = loadCaseAnnotations();
const home = (id: string) => findingHome(file, sample.manifest, id);
const ct = seriesOf(sample, 'CT');
const screens = resolve(import.meta.dirname, '../test-results/screens');

/** Distance (CSS px) between a finding's centre and the middle of viewport 0. */
async function offCentre(teaching: TeachingPage, id: string): Promise<number> {
  const box = await teaching.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 is not visible');
  const [x, y] = await teaching.centreOnCanvas(0, home(id));
  return Math.hypot(x - box.width / 2, y - box.height / 2);
}

test('each category toggle shows and hides its overlays: SVG nodes and coloured pixels', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  // The case opens with every category shown.
  await expect
    .poll(async () => (await teaching.viewState()).visibleCategories)
    .toEqual(file.categories.map((c) => c.id));
  for (const category of file.categories) {
    const finding = file.annotations.find(
      (a) => a.category === category.id && a.image.seriesKey === ct.key && a.kind !== 'text',
    );
    if (!finding) throw new Error(`no CT finding of ${category.id}`);
    await teaching.goToImage(0, home(finding.id).imageIndex);
    await expect(teaching.overlayNodes(0, { findingId: finding.id }).first()).toBeAttached();
    const on = await teaching.countColour(0, category.colour);
    expect(on, `${category.id} pixels while shown`).toBeGreaterThan(150);

    await teaching.categoryToggle(category.id).uncheck();
    await expect(teaching.overlayNodes(0, { category: category.id })).toHaveCount(0);
    expect(await teaching.drawnFindings(0)).not.toContain(finding.id);
    const off = await teaching.countColour(0, category.colour);
    expect(off, `${category.id} pixels while hidden (shown: ${on})`).toBeLessThan(Math.max(10, on / 50));

    await teaching.categoryToggle(category.id).check();
    await expect(teaching.overlayNodes(0, { findingId: finding.id }).first()).toBeAttached();
    const again = await teaching.countColour(0, category.colour);
    expect(again).toBeGreaterThan(on * 0.8);
    test.info().annotations.push({
      type: 'colour pixels',
      description: `${category.id} on image ${home(finding.id).imageIndex}: ${on} shown, ${off} hidden, ${again} shown again`,
    });
  }

  // All off and on again with the key the help lists.
  await page.keyboard.press('a');
  await expect(teaching.overlayNodes(0)).toHaveCount(0);
  expect((await teaching.viewState()).visibleCategories).toEqual([]);
  await expect(teaching.page.getByTestId('findings-toggle-all')).toHaveText('All on');
  await page.keyboard.press('a');
  await expect(teaching.overlayNodes(0).first()).toBeAttached();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Show / hide all teaching overlays');
});

test('slider ticks mark the images that carry annotations', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  const expected = [
    ...new Set(
      file.annotations.filter((a) => a.image.seriesKey === ct.key).map((a) => home(a.id).imageIndex),
    ),
  ].sort((a, b) => a - b);
  const ticks = teaching.cell(0).locator('.slider-tick');
  await expect(ticks).toHaveCount(expected.length);
  const indices = await ticks.evaluateAll((nodes) =>
    nodes.map((n) => Number((n as HTMLElement).dataset.imageIndex)),
  );
  expect(indices).toEqual(expected);
});

test('a finding link in the text lands on its series and image, centred, highlighted, category on', async ({
  page,
}) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teaching.categoryToggle('mass-extent').uncheck();

  const t2 = home('mass-t2');
  const link = teaching.textLink('mass-t2', 'findings-mr');
  await link.click();
  await teaching.waitForImage(0, t2.seriesKey);
  await teaching.waitForImageIndex(0, t2.imageIndex);
  await expect(teaching.categoryToggle('mass-extent')).toBeChecked();
  await expect(teaching.overlayNodes(0, { findingId: 'mass-t2' }).first()).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  const state = await teaching.viewState();
  expect(state.highlightedFinding).toBe('mass-t2');
  expect(state.viewports[0]).toMatchObject({ seriesKey: t2.seriesKey, imageIndex: t2.imageIndex });
  await expect.poll(() => offCentre(teaching, 'mass-t2')).toBeLessThan(1);
  test.info().annotations.push({
    type: 'off centre',
    description: `mass-t2: ${(await offCentre(teaching, 'mass-t2')).toFixed(2)} px`,
  });
  // The text stays where the learner clicked: that section and that link are highlighted.
  await expect(teaching.textSection('findings-mr')).toHaveClass(/section-highlighted/);
  await expect(link).toHaveClass(/active/);
  await expect(teaching.findingButton('mass-t2')).toHaveClass(/highlighted/);

  // Pixel-space geometry: the radiograph.
  const xr = home('cluster-xr');
  await teaching.textLink('cluster-xr', 'findings-xr').click();
  await teaching.waitForImage(0, xr.seriesKey);
  await expect(teaching.overlayNodes(0, { findingId: 'cluster-xr' }).first()).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await expect.poll(() => offCentre(teaching, 'cluster-xr')).toBeLessThan(1);
  test.info().annotations.push({
    type: 'off centre',
    description: `cluster-xr: ${(await offCentre(teaching, 'cluster-xr')).toFixed(2)} px`,
  });
  await expect(teaching.textSection('findings-xr')).toHaveClass(/section-highlighted/);
  await expect(teaching.textSection('findings-mr')).not.toHaveClass(/section-highlighted/);

  // Back to CT from the findings panel.
  const level = home('level-1');
  await teaching.findingButton('level-1').click();
  await teaching.waitForImage(0, level.seriesKey);
  await teaching.waitForImageIndex(0, level.imageIndex);
  await expect.poll(() => offCentre(teaching, 'level-1')).toBeLessThan(1);
  test.info().annotations.push({
    type: 'off centre',
    description: `level-1: ${(await offCentre(teaching, 'level-1')).toFixed(2)} px`,
  });
  await expect(teaching.textSection('findings-ct')).toHaveClass(/section-highlighted/);
  await expect(teaching.textSection('findings-ct')).toBeInViewport();
});

test('clicking an overlay highlights the finding and its text section; overlays cannot be edited', async ({
  page,
}) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  const level = home('level-1');
  await teaching.goToImage(0, level.imageIndex);
  await expect(teaching.overlayNodes(0, { findingId: 'level-1' }).first()).toBeAttached();
  const before = await teaching.state(0);

  // On the level line itself.
  const [x, y] = await teaching.pagePoint(0, await teaching.worldToCanvas(0, level.centre as WorldPoint));
  await page.mouse.click(x, y);
  await expect.poll(async () => (await teaching.viewState()).highlightedFinding).toBe('level-1');
  // The pointer says the finding is clickable.
  await expect(teaching.element(0)).toHaveAttribute('data-finding-hover', 'level-1');
  await expect(teaching.textSection('findings-ct')).toHaveClass(/section-highlighted/);
  await expect(teaching.textSection('findings-ct')).toBeInViewport();
  await expect(teaching.findingButton('level-1')).toHaveClass(/highlighted/);
  await expect(teaching.overlayNodes(0, { findingId: 'level-1' }).first()).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  // A click is not a drag: the window and the slice did not move.
  expect(await teaching.state(0)).toMatchObject({ voi: before.voi, imageIndex: before.imageIndex });

  // On a label: its finding is highlighted instead.
  // (The SVG layer lets pointer events through to the image, so click where the label is drawn.)
  const label = await teaching
    .element(0)
    .locator('svg .teaching-label[data-finding-id="pubic-osteolysis"]')
    .boundingBox();
  if (!label) throw new Error('the osteolysis label is not drawn');
  await page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
  await expect.poll(async () => (await teaching.viewState()).highlightedFinding).toBe('pubic-osteolysis');
  await expect(teaching.overlayNodes(0, { findingId: 'level-1' }).first()).toHaveAttribute(
    'data-highlighted',
    'false',
  );

  // Read-only: a drag that starts on the rim with the length tool measures; the rim stays where it was.
  const rim = teaching.element(0).locator('svg .teaching-shape[data-finding-id="rim-1"]').first();
  const rimPoints = await rim.getAttribute('points');
  const vertex = file.annotations.find((a) => a.id === 'rim-1')?.points[0] as WorldPoint;
  const start = await teaching.worldToCanvas(0, vertex);
  await page.keyboard.press('l');
  await teaching.dragCanvas(0, start, [start[0] + 40, start[1] + 30]);
  await expect.poll(async () => (await teaching.measurements()).length).toBe(1);
  expect(await rim.getAttribute('points')).toBe(rimPoints);
});

test('a malformed annotations file is named precisely; the images stay usable', async ({ page }) => {
  const teaching = new TeachingPage(page);
  const fixture = 'e2e/fixtures/malformed-annotations.json';
  await teaching.openTeaching(`/${fixture}`);
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText(
    `${fixture}: annotation 'level-1' (index 0): points[1] must have 3 numbers [x, y, z] in mm, has 2`,
  );
  await expect(problems).toContainText(
    `${fixture}: category 'calcified-rim' (index 1): colour 'orange' is not a colour of the form #rrggbb`,
  );
  await expect(page.locator('.problems')).toContainText('The teaching annotations could not be loaded');
  await expect(page.getByTestId('findings-unavailable')).toBeVisible();
  await expect(teaching.overlayNodes(0)).toHaveCount(0);

  // The images still render and scroll: the wheel, then the slider.
  const start = await teaching.state(0);
  await teaching.hover(0);
  await page.mouse.wheel(0, 120);
  await teaching.waitForImageIndex(0, start.imageIndex + 1);
  await teaching.goToImage(0, start.imageIndex + 12);
  const stats = await teaching.pixels(0);
  expect(stats.max - stats.min).toBeGreaterThan(150);
});

/** Zooms viewport 0 about its centre with right-button drags until the reported zoom is near `target`. */
async function zoomAboutCentre(teaching: TeachingPage, page: Page, target: number): Promise<void> {
  const box = await teaching.element(0).boundingBox();
  if (!box) throw new Error('viewport 0 is not visible');
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const zoom = async () => (await teaching.viewState()).viewports[0]?.camera?.zoom ?? 1;
  for (let attempt = 0; attempt < 12 && Math.abs((await zoom()) - target) > 0.1; attempt++) {
    const current = await zoom();
    const step = Math.max(-120, Math.min(120, (target - current) * 40));
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx, cy + step, { steps: 6 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(zoom).not.toBe(current);
  }
}

test('screenshots of the overlays for review', async ({ page }) => {
  mkdirSync(screens, { recursive: true });
  const teaching = new TeachingPage(page);
  const shot = (name: string) => page.screenshot({ path: resolve(screens, `teaching-${name}.png`) });
  await teaching.openTeaching();

  // CT at the first loculus: every overlay of that slice, then zoomed 3x about the loculus.
  await teaching.findingButton('level-1').click();
  await teaching.waitForImageIndex(0, home('level-1').imageIndex);
  await expect(teaching.overlayNodes(0, { findingId: 'level-1' }).first()).toHaveAttribute(
    'data-highlighted',
    'true',
  );
  await shot('ct-loculus-1');
  await zoomAboutCentre(teaching, page, 3);
  await expect
    .poll(async () => (await teaching.viewState()).viewports[0]?.camera?.zoom ?? 1)
    .toBeGreaterThan(2.7);
  await expect.poll(() => offCentre(teaching, 'level-1')).toBeLessThan(25);
  await shot('ct-loculus-1-zoom3');
  await teaching
    .element(0)
    .screenshot({ path: resolve(screens, 'teaching-ct-loculus-1-zoom3-viewport.png') });

  for (const id of ['mass-ct', 'mass-t1', 'mass-t2', 't2-dependent-layer', 'cluster-xr']) {
    const target = home(id);
    await teaching.findingButton(id).click();
    await teaching.waitForImage(0, target.seriesKey);
    await teaching.waitForImageIndex(0, target.imageIndex);
    await expect(teaching.overlayNodes(0, { findingId: id }).first()).toHaveAttribute(
      'data-highlighted',
      'true',
    );
    await shot(id);
  }

  // The text panel with the section of a finding clicked in the image.
  await teaching.findingButton('pubic-osteolysis').click();
  await teaching.waitForImageIndex(0, home('pubic-osteolysis').imageIndex);
  await expect(teaching.textSection('findings-ct')).toBeInViewport();
  await page.locator('aside.side-panels').screenshot({ path: resolve(screens, 'teaching-text-panel.png') });
});
