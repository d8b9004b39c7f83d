// Turns rendered phantom slices into stored pixel values with each modality's physics: CT noise with a
// correlated texture, MR coil bias and Rician noise. Seeded per slice, so results never depend on which
// worker ran them. No DICOM here.
import type { BuiltPhantom } from './buildPhantom.ts';
import { CT_GRID, ctSliceZ, MR, MR_GRID, MR_OFFSET_MM, mrSliceZ } from './caseGeometry.ts';
import type { AxialGrid, SliceChannels } from './renderAxialSlice.ts';
import { renderAxialSlice } from './renderAxialSlice.ts';
import { SeededRandom } from './SeededRandom.ts';
import { valueNoise3 } from './valueNoise.ts';

/** CT stores HU + 1024 in 12 bits (RescaleIntercept −1024). */
export const CT_RESCALE_INTERCEPT = -1024;
/** Soft-tissue noise SD of the CT, HU. */
const CT_NOISE_SD = 10;
/** MR stored value of a relative signal of 1.0 at unit coil sensitivity. */
export const MR_SCALE = 2600;

function toInt16(hu: Float32Array): Int16Array {
  const out = new Int16Array(hu.length);
  for (let k = 0; k < hu.length; k++) out[k] = Math.round(hu[k] as number);
  return out;
}

/** 3x3 binomial smoothing of white noise gives the blotchy, correlated grain of filtered back-projection. */
function correlatedNoise(rng: SeededRandom, nx: number, ny: number): Float32Array {
  const white = rng.fillGaussian(new Float32Array(nx * ny));
  const tmp = new Float32Array(nx * ny);
  const out = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const l = i > 0 ? k - 1 : k;
      const r = i < nx - 1 ? k + 1 : k;
      tmp[k] = (white[l] as number) + 2 * (white[k] as number) + (white[r] as number);
    }
  }
  // A binomial 3x3 kernel has sum of squared weights 36/256: scale back to unit SD, keep a little
  // white component so edges of the grain are not too soft.
  const gain = 1 / 16 / 0.375;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const u = j > 0 ? k - nx : k;
      const d = j < ny - 1 ? k + nx : k;
      const smooth = ((tmp[u] as number) + 2 * (tmp[k] as number) + (tmp[d] as number)) * gain;
      // 0.92·smooth + 0.39·white has SD 1.216 (the two are correlated through the kernel centre).
      out[k] = (0.92 * smooth + 0.39 * (white[k] as number)) / 1.216;
    }
  }
  return out;
}

/**
 * Photon starvation / beam hardening: where a row of the slice crosses a lot of bone side to side
 * (both femoral heads and acetabula), dark streaks run across the soft tissue between them.
 */
function beamHardeningStreaks(hu: Float32Array, index: number): Float32Array {
  const { nx, ny } = CT_GRID;
  const out = new Float32Array(nx * ny);
  const rng = new SeededRandom(`ct/streaks/${index}`);
  const phase = rng.next() * 100;
  for (let j = 0; j < ny; j++) {
    let bone = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < nx; i++) {
      const v = hu[j * nx + i] as number;
      if (v > 250) bone += Math.min(1, (v - 250) / 800);
      if (v > -500) {
        if (first < 0) first = i;
        last = i;
      }
    }
    // path length through dense bone in mm, beyond what every pelvic row has
    const excess = Math.max(0, bone * CT_GRID.dx - 45);
    if (excess <= 0 || first < 0) continue;
    const strength = -Math.min(45, excess * 0.9);
    for (let i = first; i <= last; i++) {
      const k = j * nx + i;
      const v = hu[k] as number;
      if (v > 200 || v < -300) continue;
      const ripple = 0.75 + 0.25 * Math.sin(i * 0.07 + phase + j * 0.3);
      out[k] = strength * ripple;
    }
  }
  // soften the streaks a little across rows
  const soft = new Float32Array(nx * ny);
  for (let j = 1; j < ny - 1; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      soft[k] = 0.25 * (out[k - nx] as number) + 0.5 * (out[k] as number) + 0.25 * (out[k + nx] as number);
    }
  }
  return soft;
}

/** Renders one CT slice and adds noise; returns clean HU and stored values. */
export function synthesizeCtSlice(
  built: BuiltPhantom,
  index: number,
): { clean: Int16Array; stored: Uint16Array } {
  const z = ctSliceZ(index);
  const { hu } = renderAxialSlice(built.phantom, CT_GRID, z, 1.0);
  const clean = toInt16(hu);
  const noise = correlatedNoise(new SeededRandom(`ct/${index}`), CT_GRID.nx, CT_GRID.ny);
  const streaks = beamHardeningStreaks(hu, index);
  const stored = new Uint16Array(hu.length);
  for (let j = 0; j < CT_GRID.ny; j++) {
    const y = CT_GRID.y0 + j * CT_GRID.dy;
    for (let i = 0; i < CT_GRID.nx; i++) {
      const x = CT_GRID.x0 + i * CT_GRID.dx;
      const k = j * CT_GRID.nx + i;
      // Photon starvation raises noise in the middle of the wide pelvis (long lateral paths).
      const sd = CT_NOISE_SD * (1 + 0.3 * Math.exp(-((x / 150) ** 2) - (y / 100) ** 2));
      const value =
        (hu[k] as number) + (streaks[k] as number) + sd * (noise[k] as number) - CT_RESCALE_INTERCEPT;
      stored[k] = Math.max(0, Math.min(4095, Math.round(value)));
    }
  }
  return { clean, stored };
}

/**
 * Clean HU on the CT grid at any z (for the radiograph's projection volume). Rendered at half
 * resolution along y, the projection direction, where the radiograph sums anyway; rows are doubled.
 */
export function renderProjectionSlice(built: BuiltPhantom, z: number): Int16Array {
  const half: AxialGrid = {
    ...CT_GRID,
    dy: CT_GRID.dy * 2,
    ny: CT_GRID.ny / 2,
    y0: CT_GRID.y0 + CT_GRID.dy / 2,
  };
  const { hu } = renderAxialSlice(built.phantom, half, z, 1.6);
  const out = new Int16Array(CT_GRID.nx * CT_GRID.ny);
  for (let j = 0; j < CT_GRID.ny; j++) {
    const src = (j >> 1) * CT_GRID.nx;
    for (let i = 0; i < CT_GRID.nx; i++) out[j * CT_GRID.nx + i] = Math.round(hu[src + i] as number);
  }
  return out;
}

/** Receive-coil sensitivity: strongest near the anterior and posterior coil arrays, weaker centrally. */
function coilBias(x: number, y: number, z: number): number {
  const ap = 0.56 + 0.48 * Math.exp(-(y + 125) / 75) + 0.5 * Math.exp(-(120 - y) / 75);
  const lateral = 1 - 0.12 * (x / 180) ** 2;
  const drift = 1 + 0.06 * valueNoise3(x * 0.006, y * 0.006, z * 0.006, 91);
  return ap * lateral * drift;
}

/** Renders one MR slice (5 mm slab, three sub-planes) as T1 and fat-suppressed T2 with Rician noise. */
export function synthesizeMrSlice(built: BuiltPhantom, index: number): { t1: Uint16Array; t2: Uint16Array } {
  const zMr = mrSliceZ(index);
  const [ox, oy, oz] = MR_OFFSET_MM;
  const gridCt: AxialGrid = { ...MR_GRID, x0: MR_GRID.x0 - ox, y0: MR_GRID.y0 - oy };
  const n = MR_GRID.nx * MR_GRID.ny;
  const acc: SliceChannels = { hu: new Float32Array(n), t1: new Float32Array(n), t2: new Float32Array(n) };
  const half = MR.sliceThicknessMm / 3;
  for (const [w, dz] of [
    [0.25, -half],
    [0.5, 0],
    [0.25, half],
  ] as const) {
    renderAxialSlice(built.phantom, gridCt, zMr - oz + dz, 1.4, acc, w);
  }
  const rng = new SeededRandom(`mr/${index}`);
  const t1 = new Uint16Array(n);
  const t2 = new Uint16Array(n);
  const sigma1 = 26;
  const sigma2 = 30;
  for (let j = 0; j < MR_GRID.ny; j++) {
    const y = MR_GRID.y0 + j * MR_GRID.dy - oy;
    for (let i = 0; i < MR_GRID.nx; i++) {
      const x = MR_GRID.x0 + i * MR_GRID.dx - ox;
      const k = j * MR_GRID.nx + i;
      const b = coilBias(x, y, zMr - oz) * MR_SCALE;
      const s1 = (acc.t1[k] as number) * b;
      const s2 = (acc.t2[k] as number) * b * 0.95;
      const r1 = Math.hypot(s1 + sigma1 * rng.gaussian(), sigma1 * rng.gaussian());
      const r2 = Math.hypot(s2 + sigma2 * rng.gaussian(), sigma2 * rng.gaussian());
      t1[k] = Math.min(4095, Math.round(r1));
      t2[k] = Math.min(4095, Math.round(r2));
    }
  }
  return { t1, t2 };
}
