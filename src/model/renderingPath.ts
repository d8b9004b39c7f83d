/**
 * Chooses between Cornerstone's GPU (WebGL) and CPU rendering from what the WebGL probe found. Pure; the
 * probe itself lives in src/viewer.
 */

/** What a WebGL probe reports. */
export interface WebglProbe {
  /** A WebGL context could be created. */
  readonly webgl: boolean;
  /** Unmasked renderer string (WEBGL_debug_renderer_info), '' when unknown. */
  readonly renderer: string;
}

/** The rendering path in use and the reason, as the status bar shows it. */
export interface RenderingPathChoice {
  readonly path: 'gpu' | 'cpu';
  /** Short reason, e.g. `software WebGL detected (SwiftShader)`. */
  readonly reason: string;
  readonly renderer: string;
}

/** Renderer names of software rasterisers, where Cornerstone's CPU path draws stacks faster. */
export const softwareRendererPattern =
  /swiftshader|llvmpipe|softpipe|software|microsoft basic render|lavapipe/i;

/**
 * GPU when a hardware WebGL context exists; CPU when WebGL is missing or software-only (measured on this
 * project's machines: CPU 60 slices/s vs SwiftShader WebGL ~40 slices/s on 512² CT). `override`
 * (from `?render=gpu|cpu`) wins.
 */
export function chooseRenderingPath(probe: WebglProbe, override?: string | null): RenderingPathChoice {
  const renderer = probe.renderer;
  if (override === 'cpu') return { path: 'cpu', reason: 'forced by ?render=cpu', renderer };
  if (override === 'gpu' && probe.webgl) return { path: 'gpu', reason: 'forced by ?render=gpu', renderer };
  if (!probe.webgl) return { path: 'cpu', reason: 'no WebGL', renderer };
  const software = softwareRendererPattern.exec(renderer);
  if (software) {
    const name = software[0].toLowerCase() === 'swiftshader' ? 'SwiftShader' : software[0];
    return { path: 'cpu', reason: `software WebGL detected (${name})`, renderer };
  }
  return { path: 'gpu', reason: 'hardware WebGL', renderer };
}

/** Status-bar text: `Rendering: CPU (software WebGL detected (SwiftShader))`. */
export function describeRenderingPath(choice: RenderingPathChoice): string {
  return `Rendering: ${choice.path.toUpperCase()} (${choice.reason})`;
}
