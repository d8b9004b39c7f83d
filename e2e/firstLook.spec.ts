/**
 * What a learner sees in the first seconds on a full-HD screen: the case title whole (not cut off with an
 * ellipsis) and a console without errors (no 404, the favicon included) through a normal load with the
 * teaching layer. Screenshot: test-results/screens/first-look-1920.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadSampleCase } from './pages/sampleCase.ts';
import { TeachingPage } from './pages/TeachingPage.ts';

const sample = loadSampleCase();
const screens = resolve(import.meta.dirname, '../test-results/screens');

test.use({ viewport: { width: 1920, height: 1080 } });

test('at 1920 x 1080 the case title is whole and a normal load logs no error', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    // A failed resource (the favicon is not a page request) names its URL in the location only.
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  const teaching = new TeachingPage(page);
  await teaching.openTeaching();
  await expect(teaching.caseText()).toBeVisible();

  const title = page.locator('.top-bar .case-title');
  await expect(title).toHaveText(sample.manifest.title);
  const fit = await title.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fit.scroll, `title needs ${fit.scroll} px, has ${fit.client} px`).toBeLessThanOrEqual(fit.client);

  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: resolve(screens, 'first-look-1920.png') });
  expect(errors, 'console errors').toEqual([]);
});
