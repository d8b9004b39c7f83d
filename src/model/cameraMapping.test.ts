import { describe, expect, it } from 'vitest';
import {
  type CameraFrame,
  isFitted,
  parallelCameraFrom,
  sameViewCamera,
  viewCameraFrom,
} from './cameraMapping.ts';
import { worldPoint, worldVector } from './geometry.ts';

const axialFrame: CameraFrame = {
  fit: { focalPoint: worldPoint(0, 0, -50), parallelScale: 200 },
  right: worldVector(1, 0, 0),
  down: worldVector(0, 1, 0),
};

/** A coronal view: screen right is patient left (+x), screen down is toward the feet (−z). */
const coronalFrame: CameraFrame = {
  fit: { focalPoint: worldPoint(5, 0, 100), parallelScale: 150 },
  right: worldVector(1, 0, 0),
  down: worldVector(0, 0, -1),
};

describe('camera mapping', () => {
  it('reads zoom from the parallel scale and pan from the focal point shift', () => {
    const view = viewCameraFrom({ focalPoint: worldPoint(-10, 5, -50), parallelScale: 100 }, axialFrame);
    expect(view.zoom).toBe(2);
    // focal point moved 10 mm toward screen left, so the image moved 10 mm right; 5 mm down => image up
    expect(view.panMm).toEqual([10, -5]);
  });

  it('round-trips', () => {
    const view = { zoom: 1.5, panMm: [12, -7] as const };
    expect(sameViewCamera(viewCameraFrom(parallelCameraFrom(view, axialFrame), axialFrame), view)).toBe(true);
    expect(sameViewCamera(viewCameraFrom(parallelCameraFrom(view, coronalFrame), coronalFrame), view)).toBe(
      true,
    );
  });

  it('moves the focal point against the pan along the screen axes in patient space', () => {
    // The image moved 12 mm right (+x) and 7 mm up (+z on a coronal view); the focal point went the other way
    const camera = parallelCameraFrom({ zoom: 2, panMm: [12, -7] }, coronalFrame);
    expect(camera.focalPoint).toEqual([5 - 12, 0, 100 - 7]);
    expect(camera.parallelScale).toBe(75);
  });

  it('an absent camera is the fitted one', () => {
    expect(parallelCameraFrom(undefined, axialFrame)).toBe(axialFrame.fit);
    expect(isFitted({ zoom: 1.0000001, panMm: [0.01, 0] })).toBe(true);
    expect(isFitted({ zoom: 1.2, panMm: [0, 0] })).toBe(false);
  });
});
