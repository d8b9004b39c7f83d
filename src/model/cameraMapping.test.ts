import { describe, expect, it } from 'vitest';
import { isFitted, parallelCameraFrom, sameViewCamera, viewCameraFrom } from './cameraMapping.ts';

const axialFrame = {
  fit: { focalPoint: [0, 0, -50] as const, parallelScale: 200 },
  right: [1, 0, 0] as const,
  down: [0, 1, 0] as const,
};

describe('camera mapping', () => {
  it('reads zoom from the parallel scale and pan from the focal point shift', () => {
    const view = viewCameraFrom({ focalPoint: [-10, 5, -50], parallelScale: 100 }, axialFrame);
    expect(view.zoom).toBe(2);
    // focal point moved 10 mm toward screen left, so the image moved 10 mm right; 5 mm down => image up
    expect(view.panMm).toEqual([10, -5]);
  });

  it('round-trips', () => {
    const view = { zoom: 1.5, panMm: [12, -7] as const };
    expect(sameViewCamera(viewCameraFrom(parallelCameraFrom(view, axialFrame), axialFrame), view)).toBe(true);
  });

  it('an absent camera is the fitted one', () => {
    expect(parallelCameraFrom(undefined, axialFrame)).toBe(axialFrame.fit);
    expect(isFitted({ zoom: 1.0000001, panMm: [0.01, 0] })).toBe(true);
    expect(isFitted({ zoom: 1.2, panMm: [0, 0] })).toBe(false);
  });
});
