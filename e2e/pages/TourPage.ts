/**
 * Page object of the guided tour: the tour bar under the images and the tours panel (play, author, export,
 * import). Waits on the bar's data-state / data-step, never on time.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { TeachingPage } from './TeachingPage.ts';

export class TourPage extends TeachingPage {
  constructor(page: Page) {
    super(page);
  }

  bar(): Locator {
    return this.page.getByTestId('tour-bar');
  }

  panel(): Locator {
    return this.page.getByTestId('tour-panel');
  }

  /** Opens the case and waits for the tours panel (it comes with the teaching layer). */
  async openWithTours(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.waitForImage(0);
    await expect(this.panel()).toBeVisible();
  }

  /** Waits until step `index` (0-based) is shown: its view written, the transition over. */
  async waitForStep(index: number): Promise<void> {
    await expect(this.bar()).toHaveAttribute('data-step', String(index));
    await expect(this.bar()).toHaveAttribute('data-state', 'shown');
  }

  /** The position text, e.g. "3 / 9". */
  position(): Locator {
    return this.page.getByTestId('tour-position');
  }
}
