/**
 * Failed requests (HTTP status 400 and above, or no response) and console errors of a page, collected from
 * now on; a failed resource's console error names its URL in the message's location only, so it is added.
 */
import type { Page } from '@playwright/test';

/** What went wrong on a page so far. */
export interface PageFailures {
  readonly failed: string[];
  readonly errors: string[];
}

/**
 * Starts collecting a page's failed requests and console errors.
 * @param page - the page
 */
export function watchFailures(page: Page): PageFailures {
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  return { failed, errors };
}
