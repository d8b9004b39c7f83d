/**
 * Lecture mode at 1280×720 (a projector): M enters it, the grid fills the screen, the series list and side
 * panels fold away and come back over the images with O (Esc or O dismisses them), text for the class is
 * at least 24 px (captions, overlay labels drawn on the image), corner texts at least 18 px, a large pointer
 * over the images; M or Esc leaves and the usual layout comes back; a reload keeps it for the tab. Keys
 * only, no mouse. Saves screenshots of the lecture layout. Waits on DOM state and the app's diagnostics.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { caseQuery } from './pages/sampleCase.ts';
import { seriousViolations } from './pages/seriousViolations.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const screens = resolve(import.meta.dirname, '../test-results/screens');

test.use({ viewport: { width: 1280, height: 720 } });

async function teachingReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('casebook:teaching-ready').length))
    .toBe(1);
}

const pxOf = (page: Page, selector: string): Promise<number[]> =>
  page
    .locator(selector)
    .evaluateAll((nodes) => nodes.map((n) => Number.parseFloat(getComputedStyle(n).fontSize)));

/** Font sizes (CSS px) and heights of the labels the overlay drew on viewport 0 (SVG text). */
async function labelSizes(page: Page): Promise<{ fontPx: number; heightPx: number }[]> {
  return page
    .getByTestId('viewport-element-0')
    .locator('svg .teaching-label text, svg text.teaching-label')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({
        fontPx: Number.parseFloat(getComputedStyle(n).fontSize),
        heightPx: n.getBoundingClientRect().height,
      })),
    );
}

/**
 * Overlaps on viewport 0 between the drawn labels' text boxes, and between a label and a corner text or an
 * orientation marker (their rendered boxes, CSS px; 1 px of anti-aliasing allowed).
 */
async function labelOverlaps(page: Page): Promise<string[]> {
  return page.getByTestId('viewport-0').evaluate((cell) => {
    const boxes = (selector: string) =>
      Array.from(cell.querySelectorAll(selector)).map((n) => ({
        name: (n.textContent ?? '').trim().slice(0, 40),
        r: n.getBoundingClientRect(),
      }));
    const labels = boxes('svg .teaching-label text, svg text.teaching-label');
    const fixed = [
      ...boxes('.corner .overlay-line, .corner .canvas-line'),
      ...boxes('.orientation-marker'),
    ].filter((b) => b.name !== '' || b.r.height > 0);
    const hit = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const found: string[] = [];
    labels.forEach((label, i) => {
      labels.slice(i + 1).forEach((other) => {
        if (hit(label.r, other.r)) found.push(`'${label.name}' overlaps '${other.name}'`);
      });
      for (const text of fixed) {
        if (text.r.width > 0 && hit(label.r, text.r)) found.push(`'${label.name}' covers '${text.name}'`);
      }
    });
    return found;
  });
}

/** The smallest label's font size; 0 when none is drawn (so "at least 24 px" cannot pass on no labels). */
const smallestLabelPx = (labels: readonly { fontPx: number }[]): number =>
  labels.length > 0 ? Math.min(...labels.map((l) => l.fontPx)) : 0;

/** The largest label's font size; Infinity when none is drawn (so "under 16 px" cannot pass on none). */
const largestLabelPx = (labels: readonly { fontPx: number }[]): number =>
  labels.length > 0 ? Math.max(...labels.map((l) => l.fontPx)) : Number.POSITIVE_INFINITY;

test('lecture mode: projector-sized text and labels, panels on call, keys only', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teachingReady(page);
  await expect.poll(() => teaching.drawnFindings(0)).toContain('level-1');
  const html = page.locator('html');
  const normalCell = await teaching.cell(0).boundingBox();
  const normalLabels = await labelSizes(page);
  expect(normalLabels.length).toBeGreaterThan(0);
  expect(largestLabelPx(normalLabels)).toBeLessThan(16);

  await page.locator('body').press('m');
  await expect(html).toHaveClass(/\blecture-mode\b/);
  // Full screen where the browser grants it; the same layout in the window where it does not.
  await expect.poll(() => html.getAttribute('data-lecture-fullscreen')).toMatch(/^(true|false)$/);
  await expect(page.locator('.side-panels')).toBeHidden();
  await expect(page.locator('.series-list')).toBeHidden();
  await expect(page.getByTestId('lecture-toggle')).toHaveAttribute('aria-pressed', 'true');

  // The grid fills the screen.
  await expect.poll(async () => (await teaching.cell(0).boundingBox())?.width ?? 0).toBeGreaterThan(1250);
  const cell = await teaching.cell(0).boundingBox();
  expect(cell?.height ?? 0).toBeGreaterThan((normalCell?.height ?? 0) - 40);
  expect(cell?.width ?? 0).toBeGreaterThan((normalCell?.width ?? 0) + 300);

  // Text for the class: the lecture font (what the tour caption uses), the tour caption itself when a tour
  // plays, the case title.
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.className = 'lecture-probe';
    probe.style.fontSize = 'var(--lecture-font-px)';
    probe.textContent = 'Caption';
    document.body.append(probe);
  });
  expect((await pxOf(page, '.lecture-probe'))[0]).toBeGreaterThanOrEqual(24);
  expect((await pxOf(page, 'header .case-title'))[0]).toBeGreaterThanOrEqual(24);
  // Corner texts (DOM lines and the canvas-drawn lines, which read the same style) at 18 px or more.
  for (const px of await pxOf(page, '.viewport-overlay .overlay-line, .viewport-overlay .canvas-line'))
    expect(px).toBeGreaterThanOrEqual(18);
  // The overlay labels drawn on the image: 24 px or more, as tall as that on the screen.
  await expect.poll(async () => smallestLabelPx(await labelSizes(page))).toBeGreaterThanOrEqual(24);
  for (const label of await labelSizes(page)) expect(label.heightPx).toBeGreaterThanOrEqual(24);
  // At that size the labels still keep apart, and off the corner texts and orientation markers.
  expect(await labelOverlaps(page)).toEqual([]);
  test.info().annotations.push({
    type: 'measured at 1280x720',
    description: JSON.stringify({
      cellBefore: normalCell,
      cellLecture: cell,
      lectureFontPx: (await pxOf(page, '.lecture-probe'))[0],
      cornerPx: (await pxOf(page, '.viewport-overlay .overlay-line'))[0],
      labelsBefore: normalLabels,
      labelsLecture: await labelSizes(page),
    }),
  });
  // A large pointer over the images.
  const cursor = await teaching.element(0).evaluate((el) => getComputedStyle(el).cursor);
  expect(cursor).toContain('url(');
  expect(cursor).toMatch(/width=\\?"48\\?"/);

  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'lecture-1280x720.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // O calls the panels up over the images; Esc dismisses them (lecture mode stays); O again, O to close.
  await page.locator('body').press('o');
  await expect(page.locator('.side-panels')).toBeVisible();
  await expect(teaching.findingButton('level-1')).toBeVisible();
  await expect(page.locator('.series-list')).toBeVisible();
  await page.screenshot({ path: resolve(screens, 'lecture-panels-1280x720.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.locator('.side-panels')).toBeHidden();
  await expect(html).toHaveClass(/\blecture-mode\b/);
  await page.keyboard.press('o');
  await expect(page.locator('.side-panels')).toBeVisible();
  await page.keyboard.press('o');
  await expect(page.locator('.side-panels')).toBeHidden();

  // M leaves: the usual layout and label size come back.
  await page.keyboard.press('m');
  await expect(html).not.toHaveClass(/\blecture-mode\b/);
  await expect(page.locator('.side-panels')).toBeVisible();
  await expect(page.locator('.series-list')).toBeVisible();
  await expect
    .poll(async () => (await teaching.cell(0).boundingBox())?.width)
    .toBeCloseTo(normalCell?.width ?? 0, 0);
  await expect.poll(async () => largestLabelPx(await labelSizes(page))).toBeLessThan(16);
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();

  // Esc leaves too.
  await page.keyboard.press('m');
  await expect(html).toHaveClass(/\blecture-mode\b/);
  await page.keyboard.press('Escape');
  await expect(html).not.toHaveClass(/\blecture-mode\b/);

  // The tour's caption (when the case has a tour) in lecture mode.
  await page.keyboard.press('m');
  await expect(html).toHaveClass(/\blecture-mode\b/);
  if ((await page.getByTestId('tour-toggle').count()) > 0) {
    await page.locator('body').press('t');
    const caption = page.locator('.tour-caption').first();
    await expect(caption).toBeVisible();
    expect((await pxOf(page, '.tour-caption'))[0]).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: resolve(screens, 'lecture-tour-1280x720.png') });
    await page.locator('body').press('t');
    await expect(caption).toBeHidden();
  }
});

test('lecture mode is remembered for the tab, not put in the link', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await page.locator('body').press('m');
  await expect(page.locator('html')).toHaveClass(/\blecture-mode\b/);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('view=');
  expect(await page.evaluate(() => location.hash)).not.toMatch(/lecture/i);
  await page.reload();
  await teaching.waitForImage(0);
  await expect(page.locator('html')).toHaveClass(/\blecture-mode\b/);
  // After a reload the browser would not grant full screen without a key press: the window layout.
  expect(await page.locator('html').getAttribute('data-lecture-fullscreen')).toBe('false');
  await expect(page.locator('.side-panels')).toBeHidden();
  await page.keyboard.press('m');
  await expect(page.locator('html')).not.toHaveClass(/\blecture-mode\b/);
  await page.reload();
  await teaching.waitForImage(0);
  await expect(page.locator('.side-panels')).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/\blecture-mode\b/);
});

test('an unknown case in lecture mode: revealed from the keyboard alone', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  await page.locator('body').press('m');
  const html = page.locator('html');
  await expect(html).toHaveClass(/\blecture-mode\b/);
  await expect.poll(() => html.getAttribute('data-lecture-fullscreen')).toMatch(/^(true|false)$/);
  test.info().annotations.push({
    type: 'fullscreen',
    description: `granted: ${await html.getAttribute('data-lecture-fullscreen')}`,
  });
  // The reveal button stays in the lecture layout's top bar; U moves on.
  await expect(page.getByTestId('reveal-next')).toBeVisible();
  expect((await pxOf(page, '[data-testid="reveal-next"]'))[0]).toBeGreaterThanOrEqual(18);
  expect(await teaching.drawnFindings(0)).toEqual([]);
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'lecture-unknown-1280x720.png') });
  await page.keyboard.press('u');
  await expect.poll(() => teaching.drawnFindings(0)).toContain('level-1');
  await expect.poll(async () => smallestLabelPx(await labelSizes(page))).toBeGreaterThanOrEqual(24);
  await page.screenshot({ path: resolve(screens, 'lecture-unknown-findings-1280x720.png') });
});
