/**
 * Accessibility basics: axe-core finds no serious or critical violation on the main view (teaching layer
 * loaded) nor with the help open; controls have names; the slice slider speaks the 1-based image number; the
 * corner texts (image number, location, window) are in the DOM for a screen reader, in no live region, and
 * updated once the stack rests rather than on every slice. Screenshots for review go to each test's output
 * folder (E2E_OUTPUT, default test-results/), as a11y-*.png.
 */

import { expect, type Page, test } from '@playwright/test';
import { loadSampleCase, seriesOf } from './pages/sampleCase.ts';
import { seriousViolations } from './pages/seriousViolations.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const ct = seriesOf(sample, 'CT');
/** Where a screenshot for review goes: the test's own output folder, which no other run empties meanwhile. */
const screen = (name: string) => test.info().outputPath(`a11y-${name}.png`);

/** Opens the case and waits until the teaching layer (findings, text, slider ticks) is on the page. */
async function openAll(page: Page): Promise<TeachingPage> {
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await expect(teaching.caseText().locator('a[data-finding-id]').first()).toBeAttached();
  await expect(teaching.cell(0).locator('.slider-tick').first()).toBeAttached();
  return teaching;
}

test('axe: no serious or critical violation on the main view', async ({ page }) => {
  await openAll(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('axe: no serious or critical violation with the help open; focus stays in it', async ({ page }) => {
  await openAll(page);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const help = page.getByRole('dialog', { name: 'Keyboard and mouse' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('button', { name: /close/i })).toBeFocused();
  await page.screenshot({ path: screen('help') });
  expect(await seriousViolations(page)).toEqual([]);
  // The help says which keys a focused control keeps.
  await expect(help).toContainText('Where focus is');
  await expect(help).toContainText('move through the images as on the image');
  await page.keyboard.press('Tab');
  await expect(help.getByRole('button', { name: /close/i })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(help.getByRole('button', { name: /close/i })).toBeFocused();
});

test('controls have names: help button, series, slider, cine, fps', async ({ page }) => {
  const teaching = await openAll(page);
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();
  const seriesNav = page.getByRole('navigation', { name: 'Series' });
  await expect(seriesNav.getByRole('list')).toBeVisible();
  await expect(seriesNav.getByRole('listitem')).toHaveCount(sample.manifest.series.length);
  for (const series of sample.manifest.series) {
    await expect(
      seriesNav.getByRole('listitem').getByRole('button', { name: new RegExp(series.SeriesDescription) }),
    ).toHaveCount(1);
  }
  await expect(seriesNav.getByRole('button', { name: new RegExp(ct.SeriesDescription) })).toHaveAttribute(
    'aria-current',
    'true',
  );
  const cell = teaching.cell(0);
  await expect(cell.getByRole('slider', { name: 'Image' })).toBeVisible();
  await expect(cell.getByRole('button', { name: 'Play cine' })).toBeVisible();
  await expect(cell.getByRole('spinbutton', { name: 'Cine frames per second' })).toBeVisible();
});

test('the slider announces "Image n of N", 1-based, as the overlay numbers images', async ({ page }) => {
  const teaching = await openAll(page);
  const slider = teaching.cell(0).getByRole('slider', { name: 'Image' });
  await teaching.goToImage(0, 22);
  await expect(slider).toHaveAttribute('aria-valuetext', `Image 23 of ${ct.instances.length}`);
  await expect(slider).toHaveValue('23');
  await expect(slider).toHaveAttribute('min', '1');
  await expect(slider).toHaveAttribute('max', String(ct.instances.length));
  await expect(teaching.cell(0).locator('.image-number')).toHaveText(`Im 23/${ct.instances.length}`);
});

test('corner texts are readable in the DOM, in no live region, and change once per rest, not per slice', async ({
  page,
}) => {
  const teaching = await openAll(page);
  await teaching.goToImage(0, 40);
  const readout = teaching.cell(0).getByTestId('viewport-readout-0');
  await expect(readout).toContainText(`image 41 of ${ct.instances.length}`);
  await expect(readout).toContainText(ct.SeriesDescription);
  await expect(readout).toContainText(/W \d+ L -?\d+/);
  await expect(readout).toContainText(/Loc -?\d+\.\d mm/);
  await page.keyboard.press('2');
  await expect(readout).toContainText('W 2000 L 500');
  // Not hidden from assistive technology, and nothing in the viewport is a live region.
  expect(
    await readout.evaluate((el) => el.closest('[aria-hidden="true"]') === null && el.checkVisibility()),
  ).toBe(true);
  const live = await teaching.cell(0).evaluate((cell) =>
    Array.from(cell.querySelectorAll('*'))
      .filter(
        (el) => el.hasAttribute('aria-live') || ['status', 'log', 'marquee', 'timer'].includes(el.role ?? ''),
      )
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(live).toEqual([]);

  // Twelve slices at once: the readout and the slider's spoken value change once the stack rests, not per slice.
  await page.evaluate(() => {
    const target = document.querySelector('[data-testid="viewport-readout-0"]');
    const slider = document.querySelector('.viewport-cell input.slice-slider');
    const w = window as unknown as { __readoutChanges: number; __valueTextChanges: number };
    w.__readoutChanges = 0;
    w.__valueTextChanges = 0;
    if (target) new MutationObserver(() => w.__readoutChanges++).observe(target, { childList: true });
    if (slider) {
      new MutationObserver(() => w.__valueTextChanges++).observe(slider, {
        attributeFilter: ['aria-valuetext'],
      });
    }
  });
  // Sent in one task, as a held key or a fast hand would: how far apart real presses arrive depends on how
  // busy the test machine is, and the calm timer is what is under test here.
  await teaching.element(0).focus();
  await page.evaluate(() => {
    for (let i = 0; i < 12; i++) {
      document.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }),
      );
    }
  });
  await expect(readout).toContainText(`image 53 of ${ct.instances.length}`);
  await expect(teaching.cell(0).locator('.image-number')).toHaveText(`Im 53/${ct.instances.length}`);
  const changes = await page.evaluate(() => {
    const w = window as unknown as { __readoutChanges: number; __valueTextChanges: number };
    return { readout: w.__readoutChanges, valueText: w.__valueTextChanges };
  });
  // Once for the slice asked, at most twice more while the drawn slice catches up ("showing image ...").
  expect(changes.readout).toBeLessThanOrEqual(3);
  expect(changes.valueText).toBe(1);
});

test('focus rings show on the series list, findings, slider and toolbar (screenshots)', async ({ page }) => {
  const teaching = await openAll(page);
  const shots: Array<[string, () => Promise<void>]> = [
    ['series', () => page.getByRole('navigation', { name: 'Series' }).getByRole('button').nth(1).focus()],
    ['finding', () => page.locator('.finding').nth(2).focus()],
    ['slider', () => teaching.cell(0).getByRole('slider', { name: 'Image' }).focus()],
    ['toolbar', () => page.getByTestId('invert').focus()],
    ['case-text-link', () => teaching.caseText().locator('a[data-finding-id]').first().focus()],
  ];
  for (const [name, focus] of shots) {
    // Focus by keyboard, so :focus-visible applies as it does for a keyboard user.
    await focus();
    await page.keyboard.press('Shift');
    const outline = await page.evaluate(() => {
      const active = document.activeElement;
      if (!active) return 'none';
      // The slider draws its ring on the visible thumb (the native input is transparent).
      const ringed = active.matches('input.slice-slider')
        ? active.closest('.slider-wrap')?.querySelector('.slider-thumb')
        : active;
      return ringed ? getComputedStyle(ringed).outlineStyle : 'none';
    });
    expect(outline, `${name} shows a focus ring`).not.toBe('none');
    await page.screenshot({ path: screen(`focus-${name}`) });
  }
});
