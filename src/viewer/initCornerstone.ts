/**
 * Starts Cornerstone3D once: probes WebGL, picks GPU or CPU rendering, registers the DICOM loader with worker
 * decoding, then our worker-based loader for `wadouri:` ids (casebookImageLoader.ts). The tools library starts later (setupTools.ts, after the first image). Only src/viewer imports
 * @cornerstonejs/*.
 */
import {
  Enums as CoreEnums,
  getRenderingCapabilities,
  getWebWorkerManager,
  imageLoadPoolManager,
  init as initCore,
} from '@cornerstonejs/core';
import { init as initDicomImageLoader } from '@cornerstonejs/dicom-image-loader';
import { chooseRenderingPath, type RenderingPathChoice } from '../model/renderingPath.ts';
import { registerCasebookImageLoader } from './casebookImageLoader.ts';
import { drawCpuCamerasInDevicePixels } from './cpuDevicePixels.ts';
import { guardLoadRejections } from './loadErrorGuard.ts';
import { releaseFilePixelDataAfterDecode } from './releaseFilePixelData.ts';

let started: RenderingPathChoice | null = null;

/**
 * Initialises Cornerstone (idempotent) and returns the rendering path in use.
 * @param renderOverride - `gpu` or `cpu` to force a path (from `?render=`), else null
 */
export function initCornerstone(renderOverride: string | null): RenderingPathChoice {
  if (started) return started;
  // Cornerstone's own probe (WebGL context + WEBGL_debug_renderer_info), cached for its init() below.
  const capabilities = getRenderingCapabilities();
  const choice = chooseRenderingPath(
    { webgl: capabilities.webgl, renderer: capabilities.renderer ?? '' },
    renderOverride,
  );
  initCore({ rendering: { useCPURendering: choice.path === 'cpu' }, debug: {} });
  // Before any viewport exists: the CPU path's cameras scale in device pixels, as its coordinate maps do.
  if (choice.path === 'cpu') drawCpuCamerasInDevicePixels();
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  // Decoding runs in web workers; leave one core to the main thread (renders and events).
  initDicomImageLoader({ maxWebWorkers: Math.max(1, Math.min(4, cores - 1)) });
  // Its init starts the decode workers at once (a 200 KB script each), competing with the first image for
  // the CPU; only files our own workers decline need them. Cornerstone's worker manager starts a terminated
  // instance again on its first task, so stop them now and let the first such file start one.
  getWebWorkerManager().terminate('dicomImageLoader');
  // Our loader reads files in its own workers and hands the DICOM image loader only what it must decode.
  registerCasebookImageLoader();
  // Failed loads are reported by their callers; Cornerstone's cache also rethrows them into a dropped promise.
  if (typeof window !== 'undefined') guardLoadRejections(window);
  // The viewport's own display requests and the thumbnails go through Cornerstone's request pool; the
  // background loading of whole series does not (SeriesLoader keeps its own limits).
  imageLoadPoolManager.setMaxSimultaneousRequests(CoreEnums.RequestType.Interaction, 6);
  imageLoadPoolManager.setMaxSimultaneousRequests(CoreEnums.RequestType.Thumbnail, 4);
  releaseFilePixelDataAfterDecode();
  started = choice;
  return choice;
}
