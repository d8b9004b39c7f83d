/**
 * Converts the view values of our model (Voi, ViewCamera) to and from a Cornerstone stack viewport's (VOI
 * range, parallel camera), and records the camera frame a ViewCamera is measured in. Cornerstone and
 * src/model only; no DOM beyond the viewport's canvas size.
 */
import { type StackViewport, type Types, utilities } from '@cornerstonejs/core';
import { type CameraFrame, parallelCameraFrom, viewCameraFrom } from '../model/cameraMapping.ts';
import { cross, worldVector } from '../model/geometry.ts';
import type { ViewCamera, Voi } from '../model/ViewState.ts';
import { point3Of, worldPointFrom, worldVectorFrom } from './cornerstonePoints.ts';

/** True when two windows look the same on screen (centre and width within half a unit). */
export function sameVoi(a: Voi | null | undefined, b: Voi | null | undefined): boolean {
  return (
    !!a &&
    !!b &&
    Math.abs(a.windowCenter - b.windowCenter) < 0.5 &&
    Math.abs(a.windowWidth - b.windowWidth) < 0.5
  );
}

/** The Cornerstone VOI range (lower, upper) of a window. */
export function voiRangeOf(voi: Voi): Types.VOIRange {
  return utilities.windowLevel.toLowHighRange(voi.windowWidth, voi.windowCenter);
}

/** The window of a Cornerstone VOI range. */
export function voiOf(range: Types.VOIRange): Voi {
  const { windowWidth, windowCenter } = utilities.windowLevel.toWindowLevel(range.lower, range.upper);
  return { windowWidth, windowCenter };
}

/**
 * Puts `voi` back into the viewport's record of its VOI, without events, when the record says otherwise
 * (Cornerstone's CPU path resets the record to the file's window on every new image while still drawing the
 * window it was given). Returns true when it changed the record.
 */
export function restoreVoiRecord(viewport: StackViewport, voi: Voi): boolean {
  const recorded = viewport.getProperties().voiRange;
  if (recorded && sameVoi(voiOf(recorded), voi)) return false;
  viewport.setProperties({ voiRange: voiRangeOf(voi) }, true);
  return true;
}

/**
 * The fitted camera and screen axes of a viewport, with the size of the canvas (its box on the page, in
 * device pixels) they were captured at: a camera change seen at another size is the canvas being resized,
 * not the learner.
 */
export interface CapturedFrame extends CameraFrame {
  readonly canvasWidth: number;
  readonly canvasHeight: number;
}

/** Device pixels of a CSS length, as both rendering paths size a canvas backing store. */
const devicePixels = (cssPixels: number): number => Math.round(cssPixels * (window.devicePixelRatio || 1));

/**
 * Fits the image (Cornerstone's resetCamera: this fires CAMERA_MODIFIED with the fitted camera) and records
 * the fitted camera and the screen axes in patient space.
 * @param viewport - a viewport showing an image
 */
export function captureFrame(viewport: StackViewport): CapturedFrame {
  viewport.resetCamera();
  const camera = viewport.getCamera();
  const viewUp = camera.viewUp ?? [0, -1, 0];
  const normal = camera.viewPlaneNormal ?? [0, 0, -1];
  const focal = camera.focalPoint ?? [0, 0, 0];
  return {
    fit: { focalPoint: worldPointFrom(focal), parallelScale: camera.parallelScale ?? 1 },
    right: cross(worldVectorFrom(viewUp), worldVectorFrom(normal)),
    down: worldVector(-viewUp[0], -viewUp[1], -viewUp[2]),
    canvasWidth: devicePixels(viewport.canvas.clientWidth),
    canvasHeight: devicePixels(viewport.canvas.clientHeight),
  };
}

/**
 * True while the viewport's canvas has the size `frame` was captured at and its backing store has caught up
 * with it. Otherwise a resize is under way: the engine resizing the store (the WebGL path may do it at its
 * next render), or a new box whose resize is not handled yet (Cornerstone's CPU camera then reads back
 * another zoom than was set). Reads the canvas box (a layout read): call it on camera changes, not per slice.
 */
export function frameFitsCanvas(frame: CapturedFrame, viewport: StackViewport): boolean {
  const { canvas } = viewport;
  const width = devicePixels(canvas.clientWidth);
  const height = devicePixels(canvas.clientHeight);
  return (
    width === frame.canvasWidth &&
    height === frame.canvasHeight &&
    canvas.width === width &&
    canvas.height === height
  );
}

/**
 * The ViewState camera of what the viewport shows now, measured in `frame`; null before a camera is set.
 * @param viewport - the viewport
 * @param frame - its fitted camera and screen axes
 */
export function viewCameraOf(viewport: StackViewport, frame: CameraFrame): ViewCamera | null {
  const camera = viewport.getCamera();
  const f = camera.focalPoint;
  if (!f || !camera.parallelScale) return null;
  return viewCameraFrom({ focalPoint: worldPointFrom(f), parallelScale: camera.parallelScale }, frame);
}

/**
 * Sets the viewport's camera to show `camera` (absent: fitted) in `frame`, keeping the camera's distance
 * and direction from the focal point. Fires one CAMERA_MODIFIED.
 */
export function applyViewCamera(
  viewport: StackViewport,
  frame: CameraFrame,
  camera: ViewCamera | undefined,
): void {
  const target = parallelCameraFrom(camera, frame);
  const current = viewport.getCamera();
  const focal = current.focalPoint ?? [0, 0, 0];
  const position = current.position ?? [0, 0, 0];
  const f = target.focalPoint;
  viewport.setCamera({
    parallelScale: target.parallelScale,
    focalPoint: point3Of(f),
    position: [f[0] + position[0] - focal[0], f[1] + position[1] - focal[1], f[2] + position[2] - focal[2]],
  });
}
