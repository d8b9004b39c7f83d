// Turns rendered phantom slices into stored pixel values with each modality's physics: CT noise with a
// correlated texture, MR coil bias and Rician noise. Seeded per slice, so results never depend on which
// worker ran them. No DICOM here.
import type { BuiltPhantom } from './buildPhantom.ts';
import { CT_GRID, ctSliceZ, MR, MR_GRID, MR_OFFSET_MM, mrSliceZ } from './caseGeometry.ts';
import { denseStreaks } from './ctStreaks.ts';
import type { AxialGrid, SliceChannels } from './renderAxialSlice.ts';
import { renderAxialSlice } from './renderAxialSlice.ts';
import { SeededRandom } from './SeededRandom.ts';
import { smoothstep } from './sdf.ts';
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

/** Separable Gaussian blur (sigma in pixels), edges clamped. */
function gaussianBlur(src: Float32Array, nx: number, ny: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const w = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let t = -r; t <= r; t++) {
    w[t + r] = Math.exp(-(t * t) / (2 * sigma * sigma));
    sum += w[t + r] as number;
  }
  for (let t = 0; t < w.length; t++) w[t] = (w[t] as number) / sum;
  const tmp = new Float32Array(nx * ny);
  const out = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let acc = 0;
      for (let t = -r; t <= r; t++) {
        const ii = Math.min(nx - 1, Math.max(0, i + t));
        acc += (w[t + r] as number) * (src[j * nx + ii] as number);
      }
      tmp[j * nx + i] = acc;
    }
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let acc = 0;
      for (let t = -r; t <= r; t++) {
        const jj = Math.min(ny - 1, Math.max(0, j + t));
        acc += (w[t + r] as number) * (tmp[jj * nx + i] as number);
      }
      out[j * nx + i] = acc;
    }
  }
  return out;
}

/**
 * CT noise texture: white noise through a band-pass (difference of Gaussians), like filtered back-projection
 * with a standard soft-tissue kernel: the noise power peaks at mid frequencies, so the grain is a fine mottle
 * of blobs about 2–3 pixels across with little very-fine or very-coarse content. Unit SD.
 */
function ctKernelNoise(rng: SeededRandom, nx: number, ny: number): Float32Array {
  const white = rng.fillGaussian(new Float32Array(nx * ny));
  const fine = gaussianBlur(white, nx, ny, 0.85);
  const coarse = gaussianBlur(white, nx, ny, 2.4);
  const out = new Float32Array(nx * ny);
  let sq = 0;
  for (let k = 0; k < out.length; k++) {
    const v = (fine[k] as number) - 0.75 * (coarse[k] as number) + 0.12 * (white[k] as number);
    out[k] = v;
    sq += v * v;
  }
  // Normalise with the sample SD of the field itself (deterministic: same seed, same field).
  const sd = Math.sqrt(sq / out.length);
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sd;
  return out;
}

/** Renders one CT slice and adds noise; returns clean HU and stored values. */
export function synthesizeCtSlice(
  built: BuiltPhantom,
  index: number,
): { clean: Int16Array; stored: Uint16Array } {
  const z = ctSliceZ(index);
  const { hu } = renderAxialSlice(built.phantom, CT_GRID, z, 1.0);
  const clean = toInt16(hu);
  const noise = ctKernelNoise(new SeededRandom(`ct/${index}`), CT_GRID.nx, CT_GRID.ny);
  const streaks = denseStreaks(hu, CT_GRID);
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

/** T1 signal of fat (tissues.ts) and the fraction of a pixel its chemical shift moves. */
const FAT_T1 = 0.92;
const CHEMICAL_SHIFT = 0.9;

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
  // Fat fraction of each pixel, from its (slab-averaged) CT number: 1 in fat (−100 HU), 0 in water-like
  // tissue (+30 HU) and in air.
  const fatFraction = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const h = acc.hu[k] as number;
    fatFraction[k] = h < -400 ? 0 : Math.max(0, Math.min(1, (30 - h) / 130));
  }
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
      // Chemical shift (first kind) on T1: the fat signal is registered one pixel toward patient left along
      // the frequency-encoding direction (x), leaving a dark line on one side of each fat–water edge and a
      // bright one on the other.
      const fatHere = fatFraction[k] as number;
      const fatShifted = i > 0 ? (fatFraction[k - 1] as number) : fatHere;
      const s1 = ((acc.t1[k] as number) + FAT_T1 * CHEMICAL_SHIFT * (fatShifted - fatHere)) * b;
      // Fat suppression is imperfect and uneven: B0 inhomogeneity leaves more fat signal toward the edges of
      // the field of view and in a few smooth patches.
      const failure =
        0.01 +
        0.06 * smoothstep(110, 190, Math.abs(x)) +
        0.012 * (1 + valueNoise3(x * 0.012, y * 0.012, (zMr - oz) * 0.012, 93));
      const s2 = ((acc.t2[k] as number) + fatHere * failure * 0.55) * b * 0.95;
      const r1 = Math.hypot(s1 + sigma1 * rng.gaussian(), sigma1 * rng.gaussian());
      const r2 = Math.hypot(s2 + sigma2 * rng.gaussian(), sigma2 * rng.gaussian());
      t1[k] = Math.min(4095, Math.round(r1));
      t2[k] = Math.min(4095, Math.round(r2));
    }
  }
  return { t1, t2 };
}
