/**
 * Unknown-case mode: a case opened unknown (the short link `#view=2&reveal=history`, or the toolbar's
 * toggle) names its diagnosis nowhere — page text, attribute values, tab title, the corner texts of every
 * viewport of a 2x2 layout — and draws no overlay; revealing step by step (button, then U) brings the
 * findings list, the overlays, the slider ticks, the imaging sections, the diagnosis and the discussion in
 * that order. The stage survives a reload and a copied link; a known case is as it was. Waits on DOM state
 * and the app's diagnostics only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { CasebookWindow } from '../src/model/CasebookDiagnostics.ts';
import type { RevealStage } from '../src/model/RevealStage.ts';
import { caseQuery, loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { seriousViolations } from './pages/seriousViolations.ts';
import { loadCaseAnnotations, TeachingPage } from './pages/TeachingPage.ts';

const screens = resolve(import.meta.dirname, '../test-results/screens');
const sample = loadSampleCase();
const annotations = loadCaseAnnotations();
const ct = seriesOf(sample, 'CT');
const key = annotations.keyImage;
const keyIndex = ct.instances.findIndex((i) => i.SOPInstanceUID === key?.SOPInstanceUID);
/** What the case is called while unknown. */
const shownName = sample.manifest.displayName ?? 'Unknown case';
/** Words that give the diagnosis away. */
const diagnosisWords = /calcinosis|\b(?:uremic|uraemic|tumoral)\b/i;
const levelColour = annotations.categories.find((c) => c.id === 'fluid-calcium-level')?.colour ?? '';
const rimColour = annotations.categories.find((c) => c.id === 'calcified-rim')?.colour ?? '';

/** Waits until the teaching layer (findings, text, ticks) has been built. */
async function teachingReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('casebook:teaching-ready').length))
    .toBe(1);
}

/** Every string the page shows or carries: the tab title, every text node (shown or hidden), every attribute value. */
async function everythingShown(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    const found: { where: string; text: string }[] = [{ where: 'document.title', text: document.title }];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      found.push({ where: `text in <${node.parentElement?.localName}>`, text: node.nodeValue ?? '' });
    }
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        found.push({ where: `<${element.localName}> ${attribute.name}`, text: attribute.value });
      }
    }
    return found;
  });
}

/** The strings that name the diagnosis, with where they are. */
async function leaks(page: Page): Promise<string[]> {
  return (await everythingShown(page))
    .filter(({ text }) => diagnosisWords.test(text))
    .map(({ where, text }) => {
      const at = text.search(diagnosisWords);
      return `${where}: …${text.slice(Math.max(0, at - 60), at + 60)}…`;
    });
}

async function stageOf(page: Page): Promise<RevealStage> {
  return page.evaluate(() => (window as unknown as CasebookWindow).__casebook.getViewState().reveal);
}

const sectionIds = (teaching: TeachingPage) =>
  teaching
    .caseText()
    .locator('[data-section-id]')
    .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.sectionId ?? ''));

test('a case opened unknown names its diagnosis nowhere and draws no overlay', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  expect(await stageOf(page)).toBe('history');
  // It opens on the usual opening view: the key image.
  await teaching.waitForImageIndex(0, keyIndex);

  await expect(page.locator('header .case-title')).toHaveText(shownName);
  await expect(page).toHaveTitle(`${shownName} · DICOM Casebook`);
  await expect(page.getByTestId('findings-hidden')).toBeVisible();
  await expect(page.getByTestId('findings')).toHaveCount(0);
  await expect(page.getByTestId('reveal-next')).toHaveText('Reveal findings');
  await expect(page.getByTestId('unknown-toggle')).toHaveAttribute('aria-pressed', 'true');
  // The text: its history only (the rest is not in the page), under the case's display name.
  expect(await sectionIds(teaching)).toEqual(['history']);
  await expect(teaching.caseText().locator('h1')).toHaveText(shownName);
  // No slider ticks (they show where the findings are), no overlay on the key image.
  await expect(page.locator('.slider-tick')).toHaveCount(0);
  expect(await teaching.drawnFindings(0)).toEqual([]);
  expect(await teaching.countColour(0, levelColour, 30)).toBe(0);
  expect(await teaching.countColour(0, rimColour, 30)).toBe(0);
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'unknown-history.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // Every viewport of a 2x2 layout: the corners show the display name, never the patient name.
  await teaching.clickToolbar('layout-2x2');
  for (let i = 0; i < 4; i++) await teaching.waitForImage(i);
  const corners = await page
    .locator('.viewport-overlay')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
  expect(corners).toHaveLength(4);
  for (const corner of corners) {
    expect(corner).toContain(shownName);
    expect(corner).not.toMatch(diagnosisWords);
  }
  // The help overlay lists the keys, the reveal key among them.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toContainText('reveal the next stage');
  expect(await leaks(page)).toEqual([]);
  await page.keyboard.press('Escape');
  // Once the link has followed the view, the address still names nothing.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('reveal=history');
  expect(decodeURIComponent(await page.evaluate(() => location.href))).not.toMatch(diagnosisWords);
  expect(await leaks(page)).toEqual([]);
});

test('revealing in order: findings, then diagnosis, then the discussion', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  await teaching.waitForImageIndex(0, keyIndex);
  expect(await teaching.drawnFindings(0)).toEqual([]);

  // The button: the findings list, the overlays on the key image, the ticks and the imaging sections.
  await page.getByTestId('reveal-next').click();
  expect(await stageOf(page)).toBe('findings');
  await expect(teaching.findingButton('level-1')).toBeVisible();
  await expect.poll(() => teaching.drawnFindings(0)).toContain('level-1');
  await expect.poll(() => teaching.countColour(0, levelColour, 30)).toBeGreaterThan(20);
  await expect(page.locator('.slider-tick').first()).toBeAttached();
  expect(await sectionIds(teaching)).toEqual([
    'history',
    'orientation',
    'findings',
    'findings-ct',
    'findings-mr',
    'findings-xr',
    'findings-us-nm',
  ]);
  await expect(teaching.caseText().locator('h1')).toHaveText(shownName);
  await expect(page.getByTestId('reveal-next')).toHaveText('Reveal diagnosis');
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'unknown-findings.png') });
  expect(await leaks(page)).toEqual([]);

  // U: the diagnosis section, and the text's own title.
  await page.locator('body').press('u');
  expect(await stageOf(page)).toBe('diagnosis');
  await expect(teaching.textSection('diagnosis')).toBeAttached();
  await expect(teaching.textSection('pathophysiology')).toHaveCount(0);
  await expect(teaching.caseText().locator('h1')).toContainText(/calcinosis/i);
  await expect(page.getByTestId('reveal-next')).toHaveText('Reveal discussion');
  // Still unknown in the title bar and on the images until everything is shown.
  await expect(page.locator('header .case-title')).toHaveText(shownName);

  // U again: everything, under the case's own names.
  await page.locator('body').press('u');
  expect(await stageOf(page)).toBe('all');
  await expect(teaching.textSection('learning-points')).toBeAttached();
  await expect(page.locator('header .case-title')).toHaveText(sample.manifest.title);
  await expect(page).toHaveTitle('DICOM Casebook');
  await expect(page.getByTestId('reveal-next')).toBeHidden();
  await expect(page.getByTestId('unknown-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('reveal=');
});

test('the stage survives a reload and a copied link', async ({ page, browser }) => {
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  await page.getByTestId('reveal-next').click();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('reveal=findings');
  const link = await page.evaluate(() => location.href);

  await page.reload();
  await teaching.waitForImage(0);
  await teachingReady(page);
  expect(await stageOf(page)).toBe('findings');
  await expect(teaching.findingButton('level-1')).toBeVisible();
  await expect(teaching.textSection('diagnosis')).toHaveCount(0);

  const context = await browser.newContext({ viewport: page.viewportSize() });
  const fresh = await context.newPage();
  await fresh.goto(link);
  const other = new TeachingPage(fresh);
  await other.waitForImage(0);
  await teachingReady(fresh);
  expect(await stageOf(fresh)).toBe('findings');
  await expect(fresh.locator('header .case-title')).toHaveText(shownName);
  expect(await leaks(fresh)).toEqual([]);
  await context.close();
});

test('a known case is unchanged, and the teacher can make it unknown and known again', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await teachingReady(page);
  expect(await stageOf(page)).toBe('all');
  await expect(page.locator('header .case-title')).toHaveText(sample.manifest.title);
  await expect(page).toHaveTitle('DICOM Casebook');
  await expect(page.getByTestId('reveal-next')).toBeHidden();
  await expect(teaching.textSection('learning-points')).toBeAttached();
  await expect.poll(() => teaching.drawnFindings(0)).toContain('level-1');
  const corner = page.locator('.viewport-overlay .overlay-line.patient').first();
  await expect(corner).toContainText('CB-0001');
  expect(await page.evaluate(() => location.hash)).not.toContain('reveal=');

  await page.getByTestId('unknown-toggle').click();
  expect(await stageOf(page)).toBe('history');
  await expect(page.locator('header .case-title')).toHaveText(shownName);
  await expect(corner).toHaveText(shownName);
  await expect(page.getByTestId('findings')).toHaveCount(0);
  await expect.poll(() => teaching.drawnFindings(0)).toEqual([]);
  expect(await leaks(page)).toEqual([]);

  await page.getByTestId('unknown-toggle').click();
  expect(await stageOf(page)).toBe('all');
  await expect(page.locator('header .case-title')).toHaveText(sample.manifest.title);
  await expect.poll(() => teaching.drawnFindings(0)).toContain('level-1');
});

test('a mistyped link to an unknown case opens it unknown, and says what was wrong', async ({ page }) => {
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=histroy`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  const problems = page.locator('.problems');
  await expect(problems).toContainText("link's view could not be shown");
  await expect(problems).toContainText("'histroy'");
  expect(await stageOf(page)).toBe('history');
  await expect(page.getByTestId('findings')).toHaveCount(0);
  expect(await teaching.drawnFindings(0)).toEqual([]);
  // The problem list is on the page too: it names no diagnosis either.
  expect(await leaks(page)).toEqual([]);
});

test('an unknown case is shown under the display name its manifest gives', async ({ page }) => {
  const displayName = 'Case 1 — pelvic mass, hemodialysis patient';
  const displayDescription = 'Pelvis: CT, MR, radiograph, US and bone scan';
  // The manifest as the generator writes it now (the sample on disk may predate the display name).
  await page.route('**/manifest.json', async (route) => {
    const response = await route.fetch();
    const manifest = { ...(await response.json()), displayName, displayDescription };
    await route.fulfill({ response, json: manifest });
  });
  const teaching = new TeachingPage(page);
  await page.goto(`/${caseQuery}#view=2&reveal=history`);
  await teaching.waitForImage(0);
  await teachingReady(page);
  await expect(page.locator('header .case-title')).toHaveText(displayName);
  await expect(page).toHaveTitle(`${displayName} · DICOM Casebook`);
  await expect(page.locator('.viewport-overlay .overlay-line.patient')).toHaveText(displayName);
  await expect(page.locator('.viewport-overlay .overlay-line.study')).toHaveText(displayDescription);
  await expect(teaching.caseText().locator('h1')).toHaveText(displayName);
  // Known again: the case's own names.
  await page.getByTestId('unknown-toggle').click();
  await expect(page.locator('header .case-title')).toHaveText(sample.manifest.title);
  await expect(page.locator('.viewport-overlay .overlay-line.study')).toHaveText(
    sample.manifest.StudyDescription,
  );
});
