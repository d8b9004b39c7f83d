/**
 * Chromium flags for the benchmark: the same as the end-to-end tests' (e2e/chromiumPath.ts), so both viewers
 * and the tests run one browser configuration. Node only.
 */
import { chromiumArgs } from '../e2e/chromiumPath.ts';

/** Launch flags for every browser the benchmark starts (both viewers get the same). */
export const benchChromiumArgs: readonly string[] = chromiumArgs;
