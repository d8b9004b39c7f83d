/**
 * Calls back when the page's devicePixelRatio changes (browser zoom, a window moved to a display of another
 * scale): canvases sized in device pixels must be sized again, and no ResizeObserver reports it while CSS
 * sizes stay the same. Generic; imports nothing of ours.
 */

/** What the watcher reads of the window (a parameter, so it runs without a browser in unit tests). */
export interface ResolutionSource {
  readonly devicePixelRatio: number;
  matchMedia(query: string): MediaQueryList;
}

/**
 * Watches the ratio with a media query for the current one, armed again after each change.
 * @param listener - called with the new ratio
 * @param source - the window (default)
 * @returns a function that stops watching
 */
export function onDevicePixelRatioChange(
  listener: (ratio: number) => void,
  source: ResolutionSource | undefined = typeof window === 'undefined' ? undefined : window,
): () => void {
  if (!source || typeof source.matchMedia !== 'function') return () => undefined;
  let query: MediaQueryList | null = null;
  const onChange = () => {
    arm();
    listener(source.devicePixelRatio || 1);
  };
  const arm = () => {
    query = source.matchMedia(`(resolution: ${source.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', onChange, { once: true });
  };
  arm();
  return () => query?.removeEventListener('change', onChange);
}
