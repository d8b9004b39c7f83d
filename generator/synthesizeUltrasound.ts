// B-mode ultrasound still of the mass: a linear probe on the left groin, transverse plane through the
// largest loculus. Echogenicity from the phantom's tissues, speckle from a blurred complex scatterer
// field, depth attenuation with shadowing behind calcium and enhancement behind fluid, log compression.
// Pure computation; no DICOM here.
import type { BuiltPhantom } from './buildPhantom.ts';
import { type AxialGrid, renderAxialSlice } from './renderAxialSlice.ts';
import { SeededRandom } from './SeededRandom.ts';
import { valueNoise3 } from './valueNoise.ts';

/** Image matrix and imaged field of the ultrasound still. */
export const US = {
  rows: 480,
  columns: 640,
  /** Physical size of one pixel, mm (both directions). */
  pixelMm: 0.14,
  /** The imaged sector: columns [70, 570), rows [15, 465). */
  firstColumn: 70,
  firstRow: 15,
  fieldColumns: 500,
  fieldRows: 450,
} as const;

/** Where the probe sits (CT frame): centre of the footprint and the plane's z. */
export interface ProbePlacement {
  readonly centerXMm: number;
  readonly zMm: number;
}

function blur1d(src: Float32Array, w: number, h: number, sigmaPx: number, horizontal: boolean): Float32Array {
  const radius = Math.ceil(sigmaPx * 2.5);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigmaPx * sigmaPx));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  const out = new Float32Array(src.length);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++) {
        const ii = horizontal ? Math.min(w - 1, Math.max(0, i + t)) : i;
        const jj = horizontal ? j : Math.min(h - 1, Math.max(0, j + t));
        acc += (kernel[t + radius] as number) * (src[jj * w + ii] as number);
      }
      out[j * w + i] = acc;
    }
  }
  return out;
}

/** Synthesizes the 8-bit B-mode image (row-major, rows = depth). */
export function synthesizeUltrasound(built: BuiltPhantom, probe: ProbePlacement): Uint8Array {
  const w = US.fieldColumns;
  const h = US.fieldRows;
  const px = US.pixelMm;
  const x0 = probe.centerXMm - ((w - 1) / 2) * px;
  // Skin line under the probe (anterior body surface) for each column.
  const skin = new Float32Array(w);
  for (let i = 0; i < w; i++) {
    let y = -200;
    while (y < 0 && built.phantom.bodySdf(x0 + i * px, y, probe.zMm) > 0) y += 0.5;
    while (built.phantom.bodySdf(x0 + i * px, y, probe.zMm) < 0) y -= 0.05;
    skin[i] = y;
  }
  let skinMin = Number.POSITIVE_INFINITY;
  let skinMax = Number.NEGATIVE_INFINITY;
  for (const s of skin) {
    skinMin = Math.min(skinMin, s);
    skinMax = Math.max(skinMax, s);
  }
  const gridRows = Math.ceil((skinMax - skinMin) / px) + h + 2;
  const grid: AxialGrid = { x0, y0: skinMin, dx: px, dy: px, nx: w, ny: gridRows };
  const tissue = renderAxialSlice(built.phantom, grid, probe.zMm, 0.2);

  // Per pixel (depth-major): backscatter strength, attenuation per mm, acoustic "impedance" proxy.
  const n = w * h;
  const scatter = new Float32Array(n);
  const attenuation = new Float32Array(n);
  const impedance = new Float32Array(n);
  for (let i = 0; i < w; i++) {
    const start = Math.round(((skin[i] as number) - skinMin) / px);
    for (let r = 0; r < h; r++) {
      const g = (start + r) * w + i;
      const hu = tissue.hu[g] as number;
      const t2 = tissue.t2[g] as number;
      const k = r * w + i;
      let b: number;
      let a: number;
      const x = x0 + i * px;
      const y = (skin[i] as number) + r * px;
      const t1 = tissue.t1[g] as number;
      if (hu > 220) {
        // calcium: strong reflector that shadows what lies behind; the dense rim more than the looser
        // dependent sediment, which is echogenic but lets some sound through
        b = 40;
        a = hu > 800 ? 0.8 : 0.3;
      } else if (t2 > 0.7 && t1 < 0.2 && hu < 40) {
        b = 0.00002; // anechoic fluid, transmits well (posterior enhancement)
        a = 0.004;
      } else if (hu < -60) {
        // fat lobules, hypoechoic, with thin echogenic septa
        const ridge = 1 - Math.abs(valueNoise3(x * 0.16, y * 0.16, probe.zMm * 0.16, 95)) * 7;
        b = 0.12 + 0.7 * Math.max(0, ridge);
        a = 0.055;
      } else if (hu < 15 && t2 > 0.4) {
        b = 0.6; // oedematous fat is brighter
        a = 0.05;
      } else if (hu > 30 && hu < 75 && t1 > 0.25 && t1 < 0.45 && t2 < 0.3) {
        // muscle: hypoechoic bundles with thin bright fibro-adipose septa running roughly parallel to the
        // skin (the pennate, "starry sky" texture of a transverse muscle scan)
        const stripe = 1 - Math.abs(valueNoise3(x * 0.05, y * 0.55, probe.zMm * 0.05, 97)) * 5;
        b = 0.22 + 0.65 * Math.max(0, stripe);
        a = 0.06;
      } else {
        b = 0.38; // fibrous tissue, mass stroma
        a = 0.06;
      }
      // skin: a bright dermis line over a thin darker band, then the subcutaneous fat
      if (r < 9) b = Math.max(b, 1.1);
      else if (r < 16) b = Math.min(b, 0.3);
      scatter[k] = b;
      attenuation[k] = a;
      impedance[k] = hu;
    }
  }
  // Speckle: complex Gaussian scatterers weighted by backscatter, blurred by the pulse (axial) and beam
  // (lateral) point-spread functions; the envelope of the result is the B-mode signal.
  const rng = new SeededRandom('us/speckle');
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(scatter[k] as number);
    re[k] = s * rng.gaussian();
    im[k] = s * rng.gaussian();
  }
  const axialSigma = 1.2;
  const lateralSigma = 2.6;
  const reB = blur1d(blur1d(re, w, h, lateralSigma, true), w, h, axialSigma, false);
  const imB = blur1d(blur1d(im, w, h, lateralSigma, true), w, h, axialSigma, false);
  const reverb = new Float32Array(w);
  for (let i = 0; i < w; i++) reverb[i] = 0.5 + 0.5 * valueNoise3(i * 0.05, 0, 0, 98);
  // Beam width blurs the attenuation laterally, so shadows have soft edges instead of straight walls.
  const softAttenuation = blur1d(attenuation, w, h, 3, true);
  attenuation.set(softAttenuation);
  const out = new Uint8Array(US.rows * US.columns);
  const dynamicRangeDb = 52;
  for (let i = 0; i < w; i++) {
    let loss = 0;
    for (let r = 0; r < h; r++) {
      const k = r * w + i;
      // specular echo at interfaces (change of impedance along the beam)
      const above = r > 0 ? (impedance[k - w] as number) : (impedance[k] as number);
      const specular = Math.min(1.5, Math.abs((impedance[k] as number) - above) / 150);
      const envelope = Math.hypot(reB[k] as number, imB[k] as number) * 2.2 + specular;
      // time-gain compensation removes the average soft-tissue loss (0.055/mm) but not the excess
      const gain = Math.exp(-loss + 0.055 * r * px);
      loss += (attenuation[k] as number) * px;
      // electronic noise floor and a little reverberation keep shadows from being uniformly black
      const floor = 0.01 * Math.abs(rng.gaussian()) + 0.014 * Math.exp(-loss * 0.3) * (reverb[i] as number);
      const amplitude = envelope * Math.min(gain, 4) + floor;
      const db = 20 * Math.log10(Math.max(amplitude, 1e-6));
      const v = Math.round(((db + dynamicRangeDb - 16) / dynamicRangeDb) * 235);
      out[(r + US.firstRow) * US.columns + i + US.firstColumn] = Math.max(0, Math.min(255, v));
    }
  }
  drawDepthScale(out);
  return out;
}

/**
 * The depth scale a scanner burns in beside the image: a dot every 5 mm, a longer tick every centimetre,
 * right of the imaged field, and a focal-zone marker at 2.5 cm.
 */
function drawDepthScale(out: Uint8Array): void {
  const col = US.firstColumn + US.fieldColumns + 8;
  for (let mm = 0; mm * 10 <= US.fieldRows * US.pixelMm * 10; mm += 5) {
    const row = US.firstRow + Math.round(mm / US.pixelMm);
    if (row >= US.rows - 1) break;
    const len = mm % 10 === 0 ? 9 : 4;
    for (let dr = 0; dr < 2; dr++) for (let c = 0; c < len; c++) out[(row + dr) * US.columns + col + c] = 200;
  }
  const focus = US.firstRow + Math.round(25 / US.pixelMm);
  for (let d = -4; d <= 4; d++) {
    for (let c = 0; c <= 4 - Math.abs(d); c++) out[(focus + d) * US.columns + col - 6 + c] = 230;
  }
}
