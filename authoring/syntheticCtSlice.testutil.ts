/**
 * The pixels of one slice of the synthetic CT in src/teaching/syntheticCase.testutil.ts, for the unit tests of
 * the pixel checks: a loculus with a calcified rim and a fluid–calcium level, and two pubic bodies, one with a
 * lytic hole. Test support only; imported by *.test.ts.
 */
import { imagePlane, imagePoint, imageToWorld, type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import { ctSeries } from '../src/teaching/syntheticCase.testutil.ts';
import type { PixelImage } from './checkFindingPixels.ts';

// A synthetic axial CT slice (slice 5 of the test series: z = 10, 64×64 pixels of 0.5 mm from x, y = −16 mm):
// fat; one loculus centred at (−4, −6) with a 1.5 mm rim of 800 HU, fluid (10 HU) anterior to the level
// y = −5 and calcium (600 HU) posterior to it; two pubic bodies (300 HU) at |x| 6–14 mm, y 6–14 mm, the left
// one (x > 0) with a lytic hole at x 8–12, y 8–12. Deterministic noise of ±15 HU.
export const SLICE = 5;
export const LOCULUS: WorldPoint = worldPoint(-4, -6, 10);
export const RADIUS = 7;
export const RIM = 1.5;
export const LEVEL_Y = -5;

function phantomHU(x: number, y: number): number {
  const r = Math.hypot(x - LOCULUS[0], y - LOCULUS[1]);
  if (r <= RADIUS - RIM) return y > LEVEL_Y ? 600 : 10;
  if (r <= RADIUS) return 800;
  const inBody = Math.abs(x) >= 6 && Math.abs(x) <= 14 && y >= 6 && y <= 14;
  const inHole = x >= 8 && x <= 12 && y >= 8 && y <= 12;
  if (inBody && !inHole) return 300;
  return -100;
}

/** The synthetic CT slice described above, in HU. */
export function syntheticCtSlice(): PixelImage {
  const plane = imagePlane(ctSeries, SLICE);
  if (!plane) throw new Error('test slice needs a plane');
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31 - 0.5) * 30;
  };
  const values = new Float32Array(64 * 64);
  for (let r = 0; r < 64; r++) {
    for (let c = 0; c < 64; c++) {
      const [x, y] = imageToWorld(plane, imagePoint(c, r));
      values[r * 64 + c] = phantomHU(x, y) + noise();
    }
  }
  return { Rows: 64, Columns: 64, values };
}
