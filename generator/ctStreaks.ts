// Beam-hardening streaks from dense calcium and bone on one CT slice: a coarse "error sinogram" (the
// non-linear excess of each ray's dense path length) reconstructed by filtered back-projection, so dark streaks
// join dense objects and fan out behind them as on a real scanner. Pure arithmetic on a HU slice; no DICOM.
import type { AxialGrid } from './renderAxialSlice.ts';

/** Coarse grid factor: streaks are computed on a grid COARSE times coarser, then interpolated. */
const COARSE = 4;
/** Projection angles over 180°. */
const ANGLES = 48;
/** HU above which a voxel counts as dense (calcium, cortex). */
const DENSE_HU = 450;

/**
 * Streak field in HU (add to the slice), zero where nothing is dense.
 * @param hu - clean slice, row-major on `grid`
 * @param strength - error per (dense path length in cm)² of a ray, calibrated so that the darkest streaks
 *   (between the femoral heads, and between the densest loculi) reach about −25 HU, as in a mild artefact
 */
export function denseStreaks(hu: Float32Array, grid: AxialGrid, strength = 110): Float32Array {
  const { nx, ny } = grid;
  const cx = Math.floor(nx / COARSE);
  const cy = Math.floor(ny / COARSE);
  const dense = new Float32Array(cx * cy);
  let any = false;
  for (let b = 0; b < cy; b++) {
    for (let a = 0; a < cx; a++) {
      let sum = 0;
      for (let j = b * COARSE; j < (b + 1) * COARSE; j++) {
        for (let i = a * COARSE; i < (a + 1) * COARSE; i++) {
          const v = hu[j * nx + i] as number;
          if (v > DENSE_HU) sum += Math.min(1.5, (v - DENSE_HU) / 1000);
        }
      }
      dense[b * cx + a] = sum / (COARSE * COARSE);
      if (sum > 0) any = true;
    }
  }
  const out = new Float32Array(nx * ny);
  if (!any) return out;
  const cellCm = (grid.dx * COARSE) / 10;
  const bins = Math.ceil(Math.hypot(cx, cy)) + 2;
  const half = bins / 2;
  const proj = new Float32Array(bins);
  const filtered = new Float32Array(bins);
  const coarse = new Float32Array(cx * cy);
  // Ram-Lak kernel (discrete ramp filter) for unit bin spacing.
  const reach = 24;
  const kernel = new Float32Array(2 * reach + 1);
  for (let n = -reach; n <= reach; n++) {
    kernel[n + reach] = n === 0 ? 0.25 : n % 2 === 0 ? 0 : -1 / (Math.PI * Math.PI * n * n);
  }
  for (let t = 0; t < ANGLES; t++) {
    const theta = (Math.PI * (t + 0.5)) / ANGLES;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    proj.fill(0);
    for (let b = 0; b < cy; b++) {
      for (let a = 0; a < cx; a++) {
        const w = dense[b * cx + a] as number;
        if (w === 0) continue;
        const u = (a - cx / 2) * c + (b - cy / 2) * s + half;
        const k = Math.floor(u);
        const f = u - k;
        proj[k] = (proj[k] as number) + w * (1 - f);
        proj[k + 1] = (proj[k + 1] as number) + w * f;
      }
    }
    // Beam hardening: the measured attenuation falls short of linear by roughly the square of the dense path.
    for (let k = 0; k < bins; k++) {
      const p = (proj[k] as number) * cellCm;
      proj[k] = -strength * p * p;
    }
    for (let k = 0; k < bins; k++) {
      let acc = 0;
      for (let n = -reach; n <= reach; n++) {
        const m = k - n;
        if (m >= 0 && m < bins) acc += (kernel[n + reach] as number) * (proj[m] as number);
      }
      filtered[k] = acc;
    }
    for (let b = 0; b < cy; b++) {
      for (let a = 0; a < cx; a++) {
        const u = (a - cx / 2) * c + (b - cy / 2) * s + half;
        const k = Math.floor(u);
        const f = u - k;
        coarse[b * cx + a] =
          (coarse[b * cx + a] as number) +
          (filtered[k] as number) * (1 - f) +
          (filtered[Math.min(bins - 1, k + 1)] as number) * f;
      }
    }
  }
  const scale = Math.PI / ANGLES;
  for (let j = 0; j < ny; j++) {
    const v = Math.min(cy - 1.001, Math.max(0, (j + 0.5) / COARSE - 0.5));
    const b = Math.floor(v);
    const fv = v - b;
    for (let i = 0; i < nx; i++) {
      const u = Math.min(cx - 1.001, Math.max(0, (i + 0.5) / COARSE - 0.5));
      const a = Math.floor(u);
      const fu = u - a;
      const k = b * cx + a;
      const val =
        ((coarse[k] as number) * (1 - fu) + (coarse[k + 1] as number) * fu) * (1 - fv) +
        ((coarse[k + cx] as number) * (1 - fu) + (coarse[k + cx + 1] as number) * fu) * fv;
      out[j * nx + i] = Math.max(-60, Math.min(40, val * scale));
    }
  }
  return out;
}
