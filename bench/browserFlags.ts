/**
 * Chromium flags for the benchmark: the project's e2e flags plus switching off the omnibox-popup WebUI that
 * Chromium 156 starts even when headless (two chrome://omnibox-popup.top-chrome renderers; measured here at
 * ~2 s CPU in the first 7 s and ~9 s of busy main thread during a 20 s load trace, on a 2-core machine).
 * Node only.
 */
import { chromiumArgs } from '../e2e/chromiumPath.ts';

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

/** The omnibox popup WebUI renderers (browser UI that a headless benchmark never shows). */
const omniboxWebUiFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/** Launch flags for every browser the benchmark starts (both viewers get the same). */
export const benchChromiumArgs: readonly string[] = [
  ...chromiumArgs,
  `--disable-features=${[...playwrightDisabledFeatures, ...omniboxWebUiFeatures].join(',')}`,
];
