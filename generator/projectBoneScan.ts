// Planar anterior bone scintigraphy (99mTc-bisphosphonate) of the pelvis from the phantom's clean CT volume:
// tracer uptake by bone, intense uptake in the calcium deposits and at the lytic margin, attenuation toward
// the anterior camera, collimator blur and Poisson counting noise. Pure computation; no DICOM.
import type { PhantomFindings } from './buildPhantom.ts';
import { CT_GRID } from './caseGeometry.ts';
import type { ProjectionVolume } from './projectRadiograph.ts';
import { SeededRandom } from './SeededRandom.ts';

/** Matrix and geometry of the bone-scan image: column → patient left, row → feet. */
export const NM = {
  rows: 192,
  columns: 256,
  pixelMm: 1.8,
  /** World x of the centre of column 0 and z of the centre of row 0, mm. */
  originXMm: -127.5 * 1.8,
  originZMm: 27.5 + 95.5 * 1.8,
} as const;

function insideAnyLoculus(findings: PhantomFindings, x: number, y: number, z: number): boolean {
  for (const l of findings.loculi) {
    const e =
      ((x - l.center[0]) / (l.radii[0] + 1)) ** 2 +
      ((y - l.center[1]) / (l.radii[1] + 1)) ** 2 +
      ((z - l.center[2]) / (l.radii[2] + 1)) ** 2;
    if (e <= 1) return true;
  }
  return false;
}

function poisson(rng: SeededRandom, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.gaussian()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Counts image (row-major) of the anterior pelvic bone scan. */
export function projectBoneScan(volume: ProjectionVolume, findings: PhantomFindings): Uint16Array {
  const { nx, ny, x0, y0, dx, dy } = CT_GRID;
  const w = NM.columns;
  const h = NM.rows;
  const image = new Float32Array(w * h);
  const [lc, lr] = [findings.lysisCenter, findings.lysisRadii];
  const muWater = 0.0154; // 1/mm at 140 keV
  const column = new Float32Array(nx);
  for (let s = 0; s < volume.slices.length; s++) {
    const slice = volume.slices[s] as Int16Array;
    const z = volume.zs[s] as number;
    const zPrev = volume.zs[Math.max(0, s - 1)] as number;
    const zNext = volume.zs[Math.min(volume.zs.length - 1, s + 1)] as number;
    const thickness = Math.abs(zPrev - zNext) / (s === 0 || s === volume.zs.length - 1 ? 1 : 2);
    column.fill(0);
    for (let i = 0; i < nx; i++) {
      const x = x0 + i * dx;
      let depth = 0;
      let sum = 0;
      for (let j = 0; j < ny; j++) {
        const hu = slice[j * nx + i] as number;
        if (hu < -300) continue;
        const y = y0 + j * dy;
        if (y > 116) break; // the table is not the patient
        let activity: number;
        if (hu > 180) {
          const lytic =
            x > 0 &&
            ((x - lc[0]) / (lr[0] + 7)) ** 2 +
              ((y - lc[1]) / (lr[1] + 7)) ** 2 +
              ((z - lc[2]) / (lr[2] + 7)) ** 2 <=
              1;
          // Uptake in the calcific mass is intense but, as on real scans, of the order of a few times normal
          // bone, so that the normal skeleton stays visible in the same window.
          if (insideAnyLoculus(findings, x, y, z)) activity = 1.5 * Math.min(1.3, hu / 600);
          else activity = (hu > 1000 ? 0.6 : 1) * (lytic ? 2 : 1);
        } else if (hu < -50) activity = 0.025;
        else activity = 0.06;
        const mu = muWater * (1 + Math.max(-1, hu) / 1000) * (hu > 180 ? 1.3 : 1);
        sum += activity * Math.exp(-depth);
        depth += mu * dy;
      }
      column[i] = sum * dy * thickness;
    }
    // splat the projected row into the camera matrix (bilinear in x and z)
    const fr = (NM.originZMm - z) / NM.pixelMm;
    if (fr < -1 || fr > h) continue;
    const r0 = Math.floor(fr);
    const wr = fr - r0;
    for (let i = 0; i < nx; i++) {
      const v = column[i] as number;
      if (v === 0) continue;
      const fc = (x0 + i * dx - NM.originXMm) / NM.pixelMm;
      const c0 = Math.floor(fc);
      const wc = fc - c0;
      for (const [rr, wy] of [
        [r0, 1 - wr],
        [r0 + 1, wr],
      ] as const) {
        if (rr < 0 || rr >= h) continue;
        for (const [cc, wx] of [
          [c0, 1 - wc],
          [c0 + 1, wc],
        ] as const) {
          if (cc < 0 || cc >= w) continue;
          image[rr * w + cc] = (image[rr * w + cc] as number) + v * wx * wy;
        }
      }
    }
  }
  // collimator and intrinsic resolution: Gaussian, sigma about 4 mm
  const sigma = 4 / NM.pixelMm;
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const kSum = kernel.reduce((a, b) => a + b, 0);
  const tmp = new Float32Array(w * h);
  const blurred = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++)
        acc +=
          (kernel[t + radius] as number) * (image[r * w + Math.min(w - 1, Math.max(0, c + t))] as number);
      tmp[r * w + c] = acc / kSum;
    }
  }
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++)
        acc += (kernel[t + radius] as number) * (tmp[Math.min(h - 1, Math.max(0, r + t)) * w + c] as number);
      blurred[r * w + c] = acc / kSum;
    }
  }
  // counts: the hottest pixel about 450 counts, Poisson noise
  let max = 0;
  for (const v of blurred) max = Math.max(max, v);
  const rng = new SeededRandom('nm/counts');
  const counts = new Uint16Array(w * h);
  for (let k = 0; k < counts.length; k++)
    counts[k] = Math.min(65535, poisson(rng, ((blurred[k] as number) / max) * 450 + 0.3));
  return counts;
}
