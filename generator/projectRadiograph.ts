// Digitally reconstructed AP radiograph: point-source line integrals of attenuation through the phantom's
// clean CT volume, exponential attenuation, scatter, quantum noise, log and CR-style edge enhancement.
// Pure computation on arrays; no DICOM, no phantom maths.
import { CT_GRID, DX, DX_ORIGIN_XZ, DX_SOURCE } from './caseGeometry.ts';
import { SeededRandom } from './SeededRandom.ts';

/** Clean HU slices on the CT grid, ordered by decreasing z. */
export interface ProjectionVolume {
  readonly zs: readonly number[];
  readonly slices: readonly Int16Array[];
}

/** Linear attenuation (1/mm) at an effective energy near 45 keV; bone gains photoelectric absorption. */
function muOfHu(hu: number): number {
  const water = 0.0225;
  if (hu <= 0) return Math.max(0, water * (1 + hu / 1000));
  // Calcium absorbs far more than water at radiographic energies (photoelectric effect).
  return water * (1 + (3.2 * hu) / 1000);
}

function boxBlur(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const span = 2 * radius + 1;
  for (let j = 0; j < h; j++) {
    let acc = 0;
    const row = j * w;
    for (let i = -radius; i <= radius; i++) acc += src[row + Math.min(w - 1, Math.max(0, i))] as number;
    for (let i = 0; i < w; i++) {
      tmp[row + i] = acc / span;
      acc +=
        (src[row + Math.min(w - 1, i + radius + 1)] as number) -
        (src[row + Math.max(0, i - radius)] as number);
    }
  }
  for (let i = 0; i < w; i++) {
    let acc = 0;
    for (let j = -radius; j <= radius; j++) acc += tmp[Math.min(h - 1, Math.max(0, j)) * w + i] as number;
    for (let j = 0; j < h; j++) {
      out[j * w + i] = acc / span;
      acc +=
        (tmp[Math.min(h - 1, j + radius + 1) * w + i] as number) -
        (tmp[Math.max(0, j - radius) * w + i] as number);
    }
  }
  return out;
}

function gaussianish(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  return boxBlur(boxBlur(boxBlur(src, w, h, radius), w, h, radius), w, h, radius);
}

/** Line integrals of attenuation ∫μ dl for every detector pixel (row-major, rows toward the feet). */
export function lineIntegrals(
  volume: ProjectionVolume,
  rowStart = 0,
  rowEnd: number = DX.rows,
): Float32Array {
  const { nx, dx, x0, y0, dy, ny } = CT_GRID;
  // Pair adjacent y rows into 2·dy thick planes, limited to rows that can hold the patient or table.
  const jMin = Math.max(0, Math.floor((-140 - y0) / dy));
  const jMax = Math.min(ny - 1, Math.ceil((135 - y0) / dy));
  const planeCount = Math.floor((jMax - jMin + 1) / 2);
  const table = new Float32Array(4096);
  for (let v = 0; v < 4096; v++) table[v] = muOfHu(v - 1024);
  // mu[s][p] is an nx row for plane p of slice s.
  const mu = volume.slices.map((slice) => {
    const planes = new Float32Array(planeCount * nx);
    for (let p = 0; p < planeCount; p++) {
      const ja = (jMin + 2 * p) * nx;
      const jb = ja + nx;
      for (let i = 0; i < nx; i++) {
        const a = Math.max(0, Math.min(4095, (slice[ja + i] as number) + 1024));
        const b = Math.max(0, Math.min(4095, (slice[jb + i] as number) + 1024));
        planes[p * nx + i] = 0.5 * ((table[a] as number) + (table[b] as number));
      }
    }
    return planes;
  });
  const zs = volume.zs;
  const [sx, sy, sz] = DX_SOURCE;
  const sid = DX.detectorYMm - sy;
  const pitch = DX.imagerPixelSpacingMm;
  const rows = rowEnd - rowStart;
  const out = new Float32Array(rows * DX.columns);
  const planeY = (p: number): number => y0 + (jMin + 2 * p + 0.5) * dy;
  for (let r = rowStart; r < rowEnd; r++) {
    const v = DX_ORIGIN_XZ[1] - r * pitch;
    const base = (r - rowStart) * DX.columns;
    for (let p = 0; p < planeCount; p++) {
      const m = sid / (planeY(p) - sy);
      const z = sz + (v - sz) / m;
      if (z > (zs[0] as number) || z < (zs[zs.length - 1] as number)) continue;
      // zs decreasing: find k with zs[k] >= z >= zs[k+1]
      let lo = 0;
      let hi = zs.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if ((zs[mid] as number) >= z) lo = mid;
        else hi = mid;
      }
      const za = zs[lo] as number;
      const zb = zs[hi] as number;
      const wz = za === zb ? 0 : (za - z) / (za - zb);
      const rowA = mu[lo] as Float32Array;
      const rowB = mu[hi] as Float32Array;
      const off = p * nx;
      // x = sx + (u - sx)/m, u = originX + c·pitch → i = (x - x0)/dx, linear in c
      const iStart = (sx + (DX_ORIGIN_XZ[0] - sx) / m - x0) / dx;
      const iStep = pitch / m / dx;
      for (let c = 0; c < DX.columns; c++) {
        const fi = iStart + c * iStep;
        if (fi < 0 || fi >= nx - 1) continue;
        const i = fi | 0;
        const wi = fi - i;
        const a = (rowA[off + i] as number) * (1 - wi) + (rowA[off + i + 1] as number) * wi;
        const b = (rowB[off + i] as number) * (1 - wi) + (rowB[off + i + 1] as number) * wi;
        out[base + c] = (out[base + c] as number) + a + (b - a) * wz;
      }
    }
    // Each plane is 2·dy thick along y; oblique rays are longer by the secant of their angle.
    for (let c = 0; c < DX.columns; c++) {
      const u = DX_ORIGIN_XZ[0] + c * pitch;
      const secant = Math.hypot(u - sx, v - sz, sid) / sid;
      out[base + c] = (out[base + c] as number) * 2 * dy * secant;
    }
  }
  return out;
}

/** Result of {@link exposeRadiograph}: stored values (MONOCHROME1, 12 bit) and a display window. */
export interface Radiograph {
  readonly stored: Uint16Array;
  readonly windowCenter: number;
  readonly windowWidth: number;
}

/** Turns line integrals into a processed CR/DX image, MONOCHROME1 (dense = low stored values). */
export function exposeRadiograph(integrals: Float32Array): Radiograph {
  const w = DX.columns;
  const h = DX.rows;
  const n = w * h;
  const photonsAtI0 = 90000;
  const rng = new SeededRandom('dx/quantum');
  const primary = new Float32Array(n);
  for (let r = 0; r < h; r++) {
    // anode heel effect: a few per cent less intensity toward the head end
    const heel = 1 - 0.05 * ((h - r) / h - 0.5);
    for (let c = 0; c < w; c++) {
      const k = r * w + c;
      primary[k] = heel * Math.exp(-(integrals[k] as number));
    }
  }
  const scatter = gaussianish(primary, w, h, 40);
  const logImage = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const intensity = (primary[k] as number) + 0.3 * (scatter[k] as number);
    const photons = Math.max(1, intensity * photonsAtI0);
    const noisy = Math.max(0.5, photons + Math.sqrt(photons) * rng.gaussian()) / photonsAtI0;
    logImage[k] = -Math.log(noisy);
  }
  // CR-style processing: unsharp mask with a large kernel (dynamic-range compression, edge enhancement).
  const coarse = gaussianish(logImage, w, h, 12);
  const fine = gaussianish(logImage, w, h, 1);
  const processed = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const detail = (fine[k] as number) - (coarse[k] as number);
    processed[k] = 0.55 * (coarse[k] as number) + 0.45 * (logImage[k] as number) + 1.4 * detail;
  }
  // Map to 12 bits without clipping the densest bone: air near 4000, the 99.95th percentile near 150.
  const sortedP = Float32Array.from(processed).sort();
  const pMax = sortedP[Math.floor(n * 0.9995)] as number;
  const pMin = Math.min(0, sortedP[Math.floor(n * 0.001)] as number);
  const scale = 3850 / (pMax - pMin);
  const stored = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    stored[k] = Math.max(0, Math.min(4095, Math.round(4000 - scale * ((processed[k] as number) - pMin))));
  }
  // Window: from just beyond the densest bone to just short of direct exposure.
  const sorted = Uint16Array.from(stored).sort();
  const lo = sorted[Math.floor(n * 0.002)] as number;
  const hi = sorted[Math.floor(n * 0.9)] as number;
  return { stored, windowCenter: Math.round((lo + hi) / 2), windowWidth: Math.max(64, Math.round(hi - lo)) };
}
