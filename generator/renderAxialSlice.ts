// Rasterises the phantom on an axial pixel grid: each layer composited over the previous ones with an
// analytic partial-volume ramp (coverage from the signed distance). Knows nothing about DICOM or noise.
import type { Layer, Material, Phantom, Shell, SliceFields } from './Phantom.ts';

/** An axial pixel grid: pixel (i, j) centre is at x = x0 + i·dx, y = y0 + j·dy (patient LPS, mm). */
export interface AxialGrid {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  readonly nx: number;
  readonly ny: number;
}

/** Material channels of one rendered slice, row-major (j · nx + i). */
export interface SliceChannels {
  readonly hu: Float32Array;
  readonly t1: Float32Array;
  readonly t2: Float32Array;
}

const AIR: Material = { hu: -1000, t1: 0, t2: 0 };
/** Tiles of TILE x TILE pixels are culled with one distance evaluation at their centre. */
const TILE = 4;
/** Body and fat-thickness fields are sampled every FIELD_STEP pixels and interpolated. */
const FIELD_STEP = 8;
/** The phantom's distances are only approximately 1-Lipschitz (noise, first-order ellipsoids): margin. */
const LIPSCHITZ_SAFETY = 1.7;

function layerReach(layer: Layer, ramp: number): number {
  let reach = ramp / 2;
  for (const shell of layer.shells) reach = Math.max(reach, (shell.soft ?? ramp) / 2);
  return reach;
}

function maxConstantInset(shells: readonly Shell[]): number {
  let inset = 0;
  for (const s of shells) inset = Math.max(inset, typeof s.inset === 'number' ? s.inset : 8);
  return inset;
}

/** Body and fat fields: sampled every FIELD_STEP pixels, interpolated, exact near the skin. */
function bodyFields(phantom: Phantom, grid: AxialGrid, z: number): SliceFields {
  const { nx, ny, x0, y0, dx, dy } = grid;
  const cx = Math.ceil((nx - 1) / FIELD_STEP) + 1;
  const cy = Math.ceil((ny - 1) / FIELD_STEP) + 1;
  const coarseBody = new Float32Array(cx * cy);
  const coarseFat = new Float32Array(cx * cy);
  for (let b = 0; b < cy; b++) {
    const y = y0 + b * FIELD_STEP * dy;
    for (let a = 0; a < cx; a++) {
      const x = x0 + a * FIELD_STEP * dx;
      coarseBody[b * cx + a] = phantom.bodySdf(x, y, z);
      coarseFat[b * cx + a] = phantom.fatThickness(x, y, z);
    }
  }
  const body = new Float32Array(nx * ny);
  const inner = new Float32Array(nx * ny);
  const exactBand = 2.5;
  for (let j = 0; j < ny; j++) {
    const b = Math.min(Math.floor(j / FIELD_STEP), cy - 2);
    const v = j / FIELD_STEP - b;
    for (let i = 0; i < nx; i++) {
      const a = Math.min(Math.floor(i / FIELD_STEP), cx - 2);
      const u = i / FIELD_STEP - a;
      const k00 = b * cx + a;
      const k10 = k00 + 1;
      const k01 = k00 + cx;
      const k11 = k01 + 1;
      let d =
        ((coarseBody[k00] as number) * (1 - u) + (coarseBody[k10] as number) * u) * (1 - v) +
        ((coarseBody[k01] as number) * (1 - u) + (coarseBody[k11] as number) * u) * v;
      const fat =
        ((coarseFat[k00] as number) * (1 - u) + (coarseFat[k10] as number) * u) * (1 - v) +
        ((coarseFat[k01] as number) * (1 - u) + (coarseFat[k11] as number) * u) * v;
      if (Math.abs(d) < exactBand) d = phantom.bodySdf(x0 + i * dx, y0 + j * dy, z);
      const k = j * nx + i;
      body[k] = d;
      inner[k] = d + fat;
    }
  }
  return { body, inner };
}

/**
 * Renders the phantom at height z.
 * @param rampMm - width of the partial-volume ramp across a surface, about one voxel
 * @param out - optional channels to accumulate into with weight `weight` (for slab averaging)
 */
export function renderAxialSlice(
  phantom: Phantom,
  grid: AxialGrid,
  z: number,
  rampMm: number,
  out?: SliceChannels,
  weight = 1,
): SliceChannels {
  const { nx, ny, x0, y0, dx, dy } = grid;
  const n = nx * ny;
  const hu = new Float32Array(n).fill(AIR.hu);
  const t1 = new Float32Array(n);
  const t2 = new Float32Array(n);
  const fields = bodyFields(phantom, grid, z);
  const m: Material = { hu: 0, t1: 0, t2: 0 };
  const tileRadius = (Math.hypot(dx, dy) * TILE) / 2;

  const paint = (layer: Layer, x: number, y: number, k: number, d: number): void => {
    for (const shell of layer.shells) {
      const inset = typeof shell.inset === 'number' ? shell.inset : shell.inset(x, y, z);
      const soft = shell.soft ?? rampMm;
      let a = 0.5 - (d + inset) / soft;
      if (a <= 0) break;
      if (a > 1) a = 1;
      if (shell.opacity !== undefined) a *= shell.opacity;
      let mat: Material;
      if (typeof shell.material === 'function') {
        shell.material(x, y, z, m);
        mat = m;
      } else mat = shell.material;
      hu[k] = (hu[k] as number) + a * (mat.hu - (hu[k] as number));
      t1[k] = (t1[k] as number) + a * (mat.t1 - (t1[k] as number));
      t2[k] = (t2[k] as number) + a * (mat.t2 - (t2[k] as number));
    }
  };

  for (const layer of phantom.layers) {
    const reach = layerReach(layer, rampMm);
    const deepInside = -(maxConstantInset(layer.shells) + reach + LIPSCHITZ_SAFETY * tileRadius);
    const farOutside = reach + LIPSCHITZ_SAFETY * tileRadius;
    for (const box of layer.boxes) {
      if (z < box.min[2] - reach || z > box.max[2] + reach) continue;
      const i0 = Math.max(0, Math.floor((box.min[0] - reach - x0) / dx));
      const i1 = Math.min(nx - 1, Math.ceil((box.max[0] + reach - x0) / dx));
      const j0 = Math.max(0, Math.floor((box.min[1] - reach - y0) / dy));
      const j1 = Math.min(ny - 1, Math.ceil((box.max[1] + reach - y0) / dy));
      if (i0 > i1 || j0 > j1) continue;
      for (let tj = j0; tj <= j1; tj += TILE) {
        const tj1 = Math.min(j1, tj + TILE - 1);
        for (let ti = i0; ti <= i1; ti += TILE) {
          const ti1 = Math.min(i1, ti + TILE - 1);
          const ci = (ti + ti1) >> 1;
          const cj = (tj + tj1) >> 1;
          if (layer.tile) {
            const half = (Math.max(ti1 - ti, tj1 - tj) * Math.max(dx, dy)) / 2;
            layer.tile(x0 + ((ti + ti1) / 2) * dx, y0 + ((tj + tj1) / 2) * dy, z, half * Math.SQRT2 + 0.01);
          }
          const dc = layer.sdf(x0 + ci * dx, y0 + cj * dy, z, fields, cj * nx + ci);
          if (dc > farOutside) continue;
          const inside = dc < deepInside;
          for (let j = tj; j <= tj1; j++) {
            const y = y0 + j * dy;
            for (let i = ti; i <= ti1; i++) {
              const x = x0 + i * dx;
              const k = j * nx + i;
              const d = inside ? -1e3 : layer.sdf(x, y, z, fields, k);
              if (d >= reach) continue;
              paint(layer, x, y, k, d);
            }
          }
        }
      }
    }
  }
  if (!out) return { hu, t1, t2 };
  for (let k = 0; k < n; k++) {
    out.hu[k] = (out.hu[k] as number) + weight * (hu[k] as number);
    out.t1[k] = (out.t1[k] as number) + weight * (t1[k] as number);
    out.t2[k] = (out.t2[k] as number) + weight * (t2[k] as number);
  }
  return out;
}
