/**
 * Playwright drives Debian's Chromium against the production build served by `vite preview`.
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, resolveChromiumPath } from './e2e/chromiumPath.ts';

const port = Number(process.env.E2E_PORT ?? 4173);
/** Where the build under test lives; E2E_DIST lets two builds be tested side by side. */
const outDir = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // E2E_OUTPUT keeps one run's failure screenshots apart from another run's (each run empties its folder).
  outputDir: process.env.E2E_OUTPUT ?? 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: resolveChromiumPath(), args: [...chromiumArgs] },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --strictPort --host 127.0.0.1 --port ${port} --outDir ${outDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
