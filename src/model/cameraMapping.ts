/**
 * Converts between the ViewState camera (zoom relative to the fitted image, pan in image millimetres) and a
 * parallel-projection camera (focal point, parallel scale), so the stored camera does not depend on canvas
 * size or rendering path. Pure; the vector maths is ./geometry.ts's; no Cornerstone.
 */
import { add, displacement, dot, scale, translate, type WorldPoint, type WorldVector } from './geometry.ts';
import type { ViewCamera } from './ViewState.ts';

/** The part of a parallel-projection camera this mapping needs. */
export interface ParallelCamera {
  readonly focalPoint: WorldPoint;
  /** Half the world height shown, mm (smaller = zoomed in). */
  readonly parallelScale: number;
}

/** The fitted camera of a viewport and its screen axes in patient space (unit vectors). */
export interface CameraFrame {
  readonly fit: ParallelCamera;
  /** Direction of screen right in patient space. */
  readonly right: WorldVector;
  /** Direction of screen down in patient space. */
  readonly down: WorldVector;
}

/**
 * The ViewState camera for `camera`. Pan is how far the image has moved on screen from its fitted place,
 * in mm, toward screen right and down (so the focal point moved the opposite way).
 */
export function viewCameraFrom(camera: ParallelCamera, frame: CameraFrame): ViewCamera {
  const moved = displacement(camera.focalPoint, frame.fit.focalPoint);
  return {
    zoom: frame.fit.parallelScale / camera.parallelScale,
    panMm: [dot(moved, frame.right), dot(moved, frame.down)],
  };
}

/** The parallel camera that shows `view` (inverse of {@link viewCameraFrom}). */
export function parallelCameraFrom(view: ViewCamera | undefined, frame: CameraFrame): ParallelCamera {
  if (!view) return frame.fit;
  const [x, y] = view.panMm;
  return {
    parallelScale: frame.fit.parallelScale / (view.zoom > 0 ? view.zoom : 1),
    // The image moved right and down by the pan, so the focal point moved the other way.
    focalPoint: translate(frame.fit.focalPoint, add(scale(frame.right, -x), scale(frame.down, -y))),
  };
}

/** True when two ViewState cameras look the same on screen (0.1% zoom, 0.05 mm pan). */
export function sameViewCamera(a: ViewCamera | undefined, b: ViewCamera | undefined): boolean {
  const za = a?.zoom ?? 1;
  const zb = b?.zoom ?? 1;
  const pa = a?.panMm ?? [0, 0];
  const pb = b?.panMm ?? [0, 0];
  return Math.abs(za - zb) < 1e-3 * zb && Math.abs(pa[0] - pb[0]) < 0.05 && Math.abs(pa[1] - pb[1]) < 0.05;
}

/** True for the fitted, unpanned camera (the ViewState can then omit it). */
export function isFitted(view: ViewCamera): boolean {
  return sameViewCamera(view, undefined);
}
