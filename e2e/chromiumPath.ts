/**
 * Finds the Chromium that end-to-end tests and the benchmark drive. Playwright cannot download its own
 * browser on this project's machines, so Debian's `chromium` is used; CHROMIUM_PATH overrides it.
 */
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Features Playwright 1.65 disables by itself. Chromium reads only the last --disable-features switch, so
 * a list of our own must repeat them.
 */
const playwrightDisabledFeatures = [
  'AimEnabled',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsFirstBalancedModeAutoEnable',
  'HttpsUpgrades',
  'LensOverlay',
  'MediaRouter',
  'NetworkTimeServiceQuerying',
  'OptimizationHints',
  'PaintHolding',
  'PreconnectToSearch',
  'ThirdPartyStoragePartitioning',
];

/**
 * The omnibox-popup WebUI that Chromium 156 starts even when headless: two chrome://omnibox-popup.top-chrome
 * renderers, measured here at ~2 s CPU in the first 7 s and ~9 s of busy main thread during a 20 s load
 * trace on a 2-core machine. Browser UI that a headless test never shows.
 */
const omniboxWebUiFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/**
 * Launch flags for every headless Chromium the project starts (end-to-end tests, the benchmark for both
 * viewers, the profiler): quiet on a closed network, without the omnibox WebUI renderers.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${[...playwrightDisabledFeatures, ...omniboxWebUiFeatures].join(',')}`,
];

/**
 * Returns the browser executable to use, or throws a message naming the install command.
 */
export function resolveChromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for end-to-end tests. Install it with `sudo apt-get install -y chromium` ' +
        '(or set CHROMIUM_PATH to a Chromium/Chrome binary).',
    );
  }
  return found;
}
