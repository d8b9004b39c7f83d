/**
 * Keeps Cornerstone's CPU rendering path in one pixel unit at any devicePixelRatio. Cornerstone 5.14's CPU
 * coordinate maps (canvasToWorld, worldToCanvas, getCamera) take the canvas backing store to be in device
 * pixels (CSS size × devicePixelRatio), as on the WebGL path, but its CPU viewport sizes that store to the
 * CSS size (when enabled and on every resize) and converts a camera's parallelScale to its drawing scale
 * with the CSS height. Beyond a ratio of 1 the image is then drawn 1/ratio too small while SVG overlays
 * and the pointer land 1/ratio of the way from the top-left corner. Here the store is sized in device
 * pixels and the one conversion uses the store's height. Only src/viewer imports this.
 */
import { StackViewport, type Types } from '@cornerstonejs/core';

/**
 * Sizes a CPU-rendered viewport's canvas backing store to its CSS box × devicePixelRatio, the unit
 * Cornerstone's CPU coordinate maps assume. Setting a canvas size clears it: render after a change.
 * @param canvas - the viewport's canvas
 * @returns true when the size changed
 */
export function sizeCanvasToDevicePixels(canvas: HTMLCanvasElement): boolean {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (width < 1 || height < 1 || (canvas.width === width && canvas.height === height)) return false;
  canvas.width = width;
  canvas.height = height;
  // Cornerstone writes an aspect ratio of its own sizes; with width and height at 100 % it must match.
  canvas.style.aspectRatio = `${width} / ${height}`;
  return true;
}

/** The private CPU camera setter of Cornerstone's StackViewport (StackViewport.js, `setCameraCPU`). */
interface CpuCameraInternals {
  setCameraCPU(this: CpuViewport, camera: Types.ICamera): void;
}

interface CpuViewport {
  readonly canvas: HTMLCanvasElement;
  readonly _cpuFallbackEnabledElement?: { image?: { rowPixelSpacing?: number } };
}

let installed = false;

/**
 * Makes the CPU path's `setCamera({ parallelScale })` (our camera mapping and Cornerstone's ZoomTool use it)
 * scale by the backing store's height, not the CSS height: a parallelScale is half the world height shown,
 * and the drawing scale is backing-store pixels per image pixel. A camera that names `scale` itself keeps
 * it (Cornerstone applies `scale` after `parallelScale`). Call once, before any viewport is created
 * (viewports take the setter when they are constructed). No effect on the WebGL path.
 */
export function drawCpuCamerasInDevicePixels(): void {
  if (installed) return;
  const prototype = StackViewport.prototype as unknown as CpuCameraInternals;
  const original = prototype.setCameraCPU;
  if (typeof original !== 'function') {
    throw new Error('Cornerstone StackViewport has no setCameraCPU: check cpuDevicePixels.ts against it.');
  }
  installed = true;
  prototype.setCameraCPU = function setCameraCPU(this: CpuViewport, camera: Types.ICamera): void {
    const spacing = this._cpuFallbackEnabledElement?.image?.rowPixelSpacing;
    if (!camera?.parallelScale || camera.scale !== undefined || !spacing || this.canvas.height < 1) {
      original.call(this, camera);
      return;
    }
    const { parallelScale: halfHeightMm, ...rest } = camera;
    // Backing-store pixels per image pixel: store height / (shown height in mm / mm per image row).
    const scale = (this.canvas.height * spacing) / (2 * halfHeightMm);
    original.call(this, { ...rest, scale });
  };
}
