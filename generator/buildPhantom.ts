// The procedural adult pelvis with uremic tumoral calcinosis beside the left pubis, as ordered SDF layers.
// Patient coordinates are DICOM LPS (+x patient left, +y posterior, +z superior), supine, in mm.
// Pure geometry: no noise models, no DICOM. Every series is rendered from this one phantom.

import {
  type LoculusSpec,
  LYSIS_AMPLITUDE,
  LYSIS_CENTER,
  LYSIS_RADII,
  layoutLoculi,
  loculusLayer,
  lysisSdf,
} from './calcinosisLesion.ts';
import { muscleLayers, subcutaneousFatMm } from './musculature.ts';
import type { Box, Layer, Material, Phantom, Shader, Shell } from './Phantom.ts';
import {
  box,
  ellipsoidBox,
  mirroredBoxes,
  mirrorTube,
  table,
  textured,
  tube,
  unionBoxes,
} from './phantomKit.ts';
import { SeededRandom } from './SeededRandom.ts';
import {
  clamp,
  ellipse2,
  ellipsoid,
  ellipsoidAt,
  mix,
  smoothIntersect,
  smoothstep,
  smoothUnion,
  sphere,
  superellipse2,
  type TubeHit,
  type TubeNode,
  tubeBox,
  tubeDistance,
  type Vec3,
} from './sdf.ts';
import { TISSUES } from './tissues.ts';
import { fbm3, valueNoise3 } from './valueNoise.ts';

/** Where the findings are, as generated (copied into truth.json). */
export interface PhantomFindings {
  readonly loculi: readonly LoculusSpec[];
  /** Nominal ellipsoid of the osteolysis (its surface is noise-perturbed by up to `lysisAmplitudeMm`). */
  readonly lysisCenter: Vec3;
  readonly lysisRadii: Vec3;
  readonly lysisAmplitudeMm: number;
  readonly oedemaThicknessMm: number;
}

/** The phantom, its findings, and the hip-bone distance functions used to measure bone volumes. */
export interface BuiltPhantom {
  readonly phantom: Phantom;
  readonly findings: PhantomFindings;
  /** Signed distance to the left (lytic) and right hip bones, mm. */
  readonly hipBoneSdf: { readonly left: SdfFn; readonly right: SdfFn };
}

type SdfFn = (x: number, y: number, z: number) => number;

const FAR = 1e3;

// ---------------------------------------------------------------------------------------------
// Body outline
// ---------------------------------------------------------------------------------------------

const MASS_BULGE = { c: [40, -92, -28] as Vec3, r: [40, 26, 36] as Vec3 };

const torsoAtZ = { z: Number.NaN, halfWidth: 0, anterior: 0, posterior: 0 };
const TORSO_Z = [-95, -80, -30, 20, 80, 140, 220];
const TORSO_HALF_WIDTH = [128, 146, 172, 176, 168, 156, 150];
const TORSO_ANTERIOR_Z = [-95, -80, -30, 0, 60, 140, 220];
const TORSO_ANTERIOR = [-70, -88, -100, -106, -116, -118, -116];
const TORSO_POSTERIOR_Z = [-95, -80, -20, 40, 100, 160, 220];
const TORSO_POSTERIOR = [100, 106, 112, 114, 110, 100, 96];

function torsoSdf(x: number, y: number, z: number): number {
  if (torsoAtZ.z !== z) {
    torsoAtZ.z = z;
    torsoAtZ.halfWidth = table(z, TORSO_Z, TORSO_HALF_WIDTH);
    torsoAtZ.anterior = table(z, TORSO_ANTERIOR_Z, TORSO_ANTERIOR);
    torsoAtZ.posterior = table(z, TORSO_POSTERIOR_Z, TORSO_POSTERIOR);
  }
  const { halfWidth, anterior, posterior } = torsoAtZ;
  const cy = (anterior + posterior) / 2;
  let d = superellipse2(x, y - cy, halfWidth, (posterior - anterior) / 2, 2.5);
  d = smoothIntersect(d, y - 116, 14); // buttocks flattened on the table
  return smoothIntersect(d, -92 - z, 20);
}

const THIGH_Z = [-300, -150, -40];
const THIGH_R = [66, 74, 82];

function thighSdf(x: number, y: number, z: number): number {
  const cx = x > 0 ? 92 : -92;
  const r = table(z, THIGH_Z, THIGH_R);
  let d = ellipse2(x - cx - (x > 0 ? 1 : -1) * (z + 40) * 0.05, y - 2, r, r * 1.05);
  d = smoothIntersect(d, z + 10, 20);
  return d;
}

function bodySdfRaw(x: number, y: number, z: number): number {
  let d = smoothUnion(torsoSdf(x, y, z), thighSdf(x, y, z), 36);
  // gluteal cleft: a shallow posterior midline groove below the sacrum
  if (y > 70 && z < 60) {
    const cleft = Math.abs(x) - Math.max(0, y - 84) * 0.22 - 0.5;
    const fade = smoothstep(60, 20, z);
    d = smoothIntersect(d, -cleft - (1 - fade) * 40, 3);
  }
  // the mass lifts the skin of the left groin a little
  d = smoothUnion(d, ellipsoidAt(x, y, z, MASS_BULGE.c, MASS_BULGE.r), 28);
  if (Math.abs(d) < 6) d += 1.2 * fbm3(x, y, z, 0.025, 11);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Bones
// ---------------------------------------------------------------------------------------------

const FEMORAL_HEAD: Vec3 = [88, -8, 0];
const HEAD_RADIUS = 24;
const SOCKET_RADIUS = 26.6;
const ACETABULAR_OPENING: Vec3 = (() => {
  const v = [0.68, -0.33, -0.62];
  const len = Math.hypot(v[0] as number, v[1] as number, v[2] as number);
  return [(v[0] as number) / len, (v[1] as number) / len, (v[2] as number) / len] as Vec3;
})();

const ISCHIUM = tube([
  [82, 22, -12, 15],
  [68, 40, -48, 12],
  [60, 45, -64, 10],
]);
const INFERIOR_RAMUS = tube([
  [52, 38, -74, 6.5],
  [36, -4, -62, 5.5],
  [19, -32, -53, 6.5],
]);
const SUPERIOR_RAMUS = tube([
  [76, -14, -6, 11],
  [50, -30, -18, 8.5],
  [24, -42, -30, 9.5],
]);
const ILIUM_BODY = tube([
  [86, -2, 14, 22],
  [76, 14, 52, 17],
]);

const wingScratch = { d: 0, s: 0 };
const WING_X = new Float64Array(4);
const WING_Y = new Float64Array(4);
const WING_R = new Float64Array(4);
let wingZ = Number.NaN;
const CREST_S = [0, 1, 2, 3];
const CREST_Z = [118, 142, 152, 110];

/** The iliac wing: a curved plate swept along z from the acetabular roof to the crest. */
function iliacWing(X: number, y: number, z: number): number {
  if (z < 0 || z > 165) return FAR;
  const t = clamp((z - 30) / 120, 0, 1);
  const low = t < 1 ? 1 - t : 0;
  const px = WING_X;
  const py = WING_Y;
  const pr = WING_R;
  if (wingZ !== z) {
    wingZ = z;
    px[0] = mix(62, 40, t);
    px[1] = mix(64, 55, t);
    px[2] = mix(86, 102, t);
    px[3] = mix(98, 131, t);
    py[0] = mix(30, 80, t);
    py[1] = mix(28, 45, t);
    py[2] = mix(14, 8, t);
    py[3] = mix(-8, -36, t);
    pr[0] = 6.5 * (1 + 0.4 * low);
    pr[1] = 9.5 * (1 + 0.5 * low);
    pr[2] = 2.6 * (1 + 1.1 * low);
    pr[3] = 4.5 * (1 + 0.7 * low);
  }
  let best = FAR;
  let bestS = 0;
  for (let i = 0; i < 3; i++) {
    const ax = px[i] as number;
    const ay = py[i] as number;
    const bx = px[i + 1] as number;
    const by = py[i + 1] as number;
    const abx = bx - ax;
    const aby = by - ay;
    let u = ((X - ax) * abx + (y - ay) * aby) / (abx * abx + aby * aby);
    u = clamp(u, 0, 1);
    const dist =
      Math.hypot(X - ax - abx * u, y - ay - aby * u) - mix(pr[i] as number, pr[i + 1] as number, u);
    if (dist < best) {
      best = dist;
      bestS = i + u;
    }
  }
  const crest = table(bestS, CREST_S, CREST_Z);
  // the crest is a thickened lip
  best -= 2.2 * smoothstep(crest - 16, crest - 2, z);
  let d = smoothIntersect(best, z - crest, 6);
  d = smoothIntersect(d, 22 - z, 10);
  wingScratch.d = d;
  wingScratch.s = bestS;
  return d;
}

/** Right-side hip bone (ilium, ischium, pubis) in mirrored coordinates X = |x|, without the SI joint gap. */
function hipBoneCore(X: number, y: number, z: number): number {
  if (X > 150 || z > 170 || z < -90 || y < -75 || y > 100) return FAR;
  const hx = FEMORAL_HEAD[0];
  const hy = FEMORAL_HEAD[1];
  const hz = FEMORAL_HEAD[2];
  let d = sphere(X, y, z, hx, hy, hz, 38.5);
  d = smoothUnion(d, ellipsoid(X, y, z, 76, 6, 16, 20, 26, 28), 8);
  d = smoothUnion(d, tubeDistance(X, y, z, ILIUM_BODY), 10);
  d = smoothUnion(d, iliacWing(X, y, z), 12);
  d = smoothUnion(d, tubeDistance(X, y, z, ISCHIUM), 8);
  d = smoothUnion(d, ellipsoid(X, y, z, 58, 47, -66, 13, 15, 12), 6);
  d = smoothUnion(d, tubeDistance(X, y, z, INFERIOR_RAMUS), 6);
  d = smoothUnion(d, tubeDistance(X, y, z, SUPERIOR_RAMUS), 8);
  d = smoothUnion(d, ellipsoid(X, y, z, 14, -42, -38, 11, 13, 18), 7);
  // ischial spine
  d = smoothUnion(d, tubeDistance(X, y, z, ISCHIAL_SPINE), 4);
  // acetabular socket and its lateral-anterior-inferior opening
  const socket = sphere(X, y, z, hx, hy, hz, SOCKET_RADIUS);
  const nx = ACETABULAR_OPENING[0];
  const ny = ACETABULAR_OPENING[1];
  const nz = ACETABULAR_OPENING[2];
  const plane = (X - hx) * nx + (y - hy) * ny + (z - hz) * nz - 3;
  const openRegion = Math.max(-plane, sphere(X, y, z, hx, hy, hz, 44));
  d = smoothIntersect(d, -socket, 1.5);
  d = smoothIntersect(d, -openRegion, 3);
  if (Math.abs(d) < 4) d += 0.6 * fbm3(X, y, z, 0.09, 21);
  return d;
}

const ISCHIAL_SPINE = tube([
  [72, 30, -14, 5],
  [56, 44, -6, 2.5],
]);

/** 2-D distance to a segment with radius (a capsule in the axial plane). */
function capsule2(x: number, y: number, ax: number, ay: number, bx: number, by: number, r: number): number {
  const abx = bx - ax;
  const aby = by - ay;
  const t = clamp(((x - ax) * abx + (y - ay) * aby) / (abx * abx + aby * aby), 0, 1);
  return Math.hypot(x - ax - abx * t, y - ay - aby * t) - r;
}

/** Sacrum: vertebral body, alae sweeping back to the SI joints, canal and posterior arch, foramina. */
function sacrumSdf(x: number, y: number, z: number): number {
  if (z > 120 || z < 6 || Math.abs(x) > 64 || y < 5 || y > 110) return FAR;
  const u = clamp((112 - z) / 95, 0, 1);
  const a = 18 + 36 * u + 10 * u * u;
  const X = Math.abs(x);
  const bodyRx = 24 * (1 - 0.45 * u);
  const bodyRy = 14 * (1 - 0.4 * u);
  const halfWidth = 56 - 38 * u * u;
  const alaR = 13 * (1 - 0.45 * u);
  const back = a + 2 * bodyRy;
  let d = ellipse2(X, y - a - bodyRy, bodyRx, bodyRy);
  d = smoothUnion(
    d,
    capsule2(X, y, bodyRx * 0.5, a + bodyRy, halfWidth - alaR, a + 10 + 12 * (1 - u), alaR),
    6,
  );
  d = smoothUnion(d, capsule2(X, y, bodyRx * 0.8, back, halfWidth - alaR, back + 6, 6 * (1 - 0.3 * u)), 5);
  d = smoothUnion(d, capsule2(X, y, 13 * (1 - 0.4 * u), back + 4, 0, back + 13, 4), 3);
  d = smoothUnion(d, capsule2(X, y, 0, back + 10, 0, back + 20 - 6 * u, 3.6), 2);
  d = smoothIntersect(d, z - 112 - 4 * smoothstep(10, 40, X), 3);
  d = smoothIntersect(d, 12 - z, 6);
  // sacral canal
  if (z > 26)
    d = smoothIntersect(d, -ellipse2(X, y - back - 4, 11 * (1 - 0.55 * u), 5.5 * (1 - 0.4 * u)), 1.5);
  // anterior sacral foramina: four pairs of channels running back from the anterior surface
  const fx = 28 - 9 * u;
  for (const fz of [99, 81, 63, 46]) {
    const hole = Math.max(Math.hypot(X - fx, z - fz) - 3.4, y - a - 6);
    if (hole < 3) d = smoothIntersect(d, -hole, 1.2);
  }
  if (Math.abs(d) < 4) d += 0.5 * fbm3(X, y, z, 0.1, 22);
  return d;
}

const COCCYX = tube([
  [0, 74, 14, 8],
  [0, 69, 2, 6.5],
  [0, 61, -9, 5],
  [0, 53, -17, 3.5],
]);

interface Vertebra {
  readonly zc: number;
  readonly cy: number;
  readonly transverse: number;
}
const VERTEBRAE: readonly Vertebra[] = [
  { zc: 137, cy: 14, transverse: 50 },
  { zc: 174, cy: 8, transverse: 44 },
  { zc: 212, cy: 6, transverse: 42 },
];

function vertebraSdf(x: number, y: number, z: number): number {
  let best = FAR;
  const X = Math.abs(x);
  for (const v of VERTEBRAE) {
    if (Math.abs(z - v.zc) > 30) continue;
    let body = superellipse2(x, y - v.cy, 25, 17.5, 2.5);
    body = smoothIntersect(body, Math.abs(z - v.zc) - 13.5, 2.5);
    let d = body;
    const cy = v.cy;
    const zc = v.zc;
    d = smoothUnion(d, segment(X, y, z, 12, cy + 14, zc + 2, 13, cy + 27, zc + 2) - 6, 3);
    d = smoothUnion(d, segment(X, y, z, 13, cy + 28, zc, 0, cy + 37, zc - 2) - 5.5, 3);
    d = smoothUnion(d, segment(X, y, z, 0, cy + 37, zc - 2, 0, cy + 60, zc - 10) - 5, 3);
    d = smoothUnion(d, segment(X, y, z, 14, cy + 22, zc + 4, v.transverse, cy + 26, zc + 2) - 5.5, 3);
    d = smoothUnion(d, ellipsoid(X, y, z, 17, cy + 31, zc + 13, 6, 7, 8), 3);
    d = smoothUnion(d, ellipsoid(X, y, z, 17, cy + 31, zc - 13, 6, 7, 8), 3);
    // spinal canal
    const canal = ellipse2(x, y - cy - 28, 12, 9);
    d = smoothIntersect(d, -canal, 2);
    best = Math.min(best, d);
  }
  return best;
}

function segment(
  x: number,
  y: number,
  z: number,
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
): number {
  const abx = bx - ax;
  const aby = by - ay;
  const abz = bz - az;
  const t = clamp(
    ((x - ax) * abx + (y - ay) * aby + (z - az) * abz) / (abx * abx + aby * aby + abz * abz),
    0,
    1,
  );
  return Math.hypot(x - ax - abx * t, y - ay - aby * t, z - az - abz * t);
}

function discSdf(x: number, y: number, z: number): number {
  let best = FAR;
  for (const [zc, cy, h] of [
    [118.5, 16, 5],
    [155.5, 11, 4.5],
    [193, 7, 4.5],
  ] as const) {
    if (Math.abs(z - zc) > 12) continue;
    let d = superellipse2(x, y - cy, 24, 17, 2.5);
    d = smoothIntersect(d, Math.abs(z - zc) - h, 2);
    best = Math.min(best, d);
  }
  return best;
}

const FEMORAL_NECK = tube([
  [88, -8, 0, 17],
  [106, -1, -20, 14.5],
  [121, 4, -33, 18.5],
]);
const FEMORAL_SHAFT = tube([
  [127, 5, -40, 19],
  [125, 3, -78, 15],
  [117, -3, -200, 14],
  [108, -8, -420, 14],
]);
const INTERTROCHANTERIC = tube([
  [136, 12, -10, 9],
  [116, 16, -58, 7],
]);

function femurSdf(X: number, y: number, z: number): number {
  if (X < 55 || X > 165 || z > 30 || y < -45 || y > 45) return FAR;
  const hx = FEMORAL_HEAD[0];
  const hy = FEMORAL_HEAD[1];
  const hz = FEMORAL_HEAD[2];
  let d = sphere(X, y, z, hx, hy, hz, HEAD_RADIUS);
  d = smoothUnion(d, tubeDistance(X, y, z, FEMORAL_NECK), 8);
  d = smoothUnion(d, ellipsoid(X, y, z, 137, 9, -22, 15, 19, 24), 10);
  d = smoothUnion(d, ellipsoid(X, y, z, 113, 17, -60, 8, 8, 10), 6);
  d = smoothUnion(d, tubeDistance(X, y, z, INTERTROCHANTERIC), 8);
  d = smoothUnion(d, tubeDistance(X, y, z, FEMORAL_SHAFT), 14);
  if (Math.abs(d) < 4) d += 0.45 * fbm3(X, y, z, 0.1, 23);
  return d;
}

/** Cortical thickness of the femur: thin over head and neck, thick in the diaphysis. */
function femurCortex(_x: number, _y: number, z: number): number {
  return mix(1.3, 6.2, smoothstep(-48, -100, z));
}

const cortexShader = textured(TISSUES.cortex, 180, 0, 0.15, 31);

/**
 * Trabecular network strength at a point, 0..1: the zero sets of value noise are sheet-like surfaces that
 * cut any plane in a mesh of curved lines, so |noise| near zero marks a trabecula. `dir` (unit, in the
 * mirrored X/z plane) stretches the field along the main load direction, so the trabeculae run that way.
 */
function trabeculae(X: number, y: number, z: number, ax: number, az: number, seed: number): number {
  // Rotate (X, z) so that the first axis lies along the load direction, then stretch along it.
  const u = ax * X + az * z;
  const w = -az * X + ax * z;
  const n = valueNoise3(u * 0.17, y * 0.5, w * 0.5, seed);
  return smoothstep(0.2, 0.04, Math.abs(n));
}

/** Cancellous bone: a trabecular mesh over marrow, both groups of the femoral neck where they belong. */
function trabecularShader(kind: 'pelvis' | 'spine' | 'femur'): Shader {
  return (x, y, z, out) => {
    const X = Math.abs(x);
    let t: number;
    if (kind === 'spine') {
      // Vertebral bodies: vertical load-bearing trabeculae, thinner horizontal ties.
      t = Math.max(trabeculae(X, y, z, 0, 1, 35), 0.6 * trabeculae(X, y, z, 1, 0, 36));
    } else if (kind === 'femur') {
      // Femoral head and neck: the compressive group runs down from the head's dome toward the medial neck;
      // the tensile group arcs from below the greater trochanter over the neck to the head.
      const compressive = trabeculae(X, y, z, -0.28, 0.96, 37);
      const tensile = trabeculae(X, y, z, 0.85, 0.53, 38);
      t = Math.max(compressive, 0.8 * tensile);
    } else {
      t = Math.max(trabeculae(X, y, z, 0.8, 0.6, 39), trabeculae(X, y, z, 0.6, -0.8, 40));
    }
    const n = fbm3(X, y, z, 0.2, 32);
    out.hu = 175 + 320 * t + 30 * n;
    out.t1 = TISSUES.cancellous.t1 * (1 - 0.15 * t) * (1 + 0.05 * n);
    out.t2 = TISSUES.cancellous.t2 * (1 - 0.3 * t) * (1 + 0.15 * n);
  };
}

const cancellousShader = trabecularShader('pelvis');
const spineCancellousShader = trabecularShader('spine');
const femoralCancellousShader = trabecularShader('femur');

function femurMarrowShader(x: number, y: number, z: number, out: Material): void {
  femoralCancellousShader(x, y, z, out);
  const w = smoothstep(-75, -120, z);
  out.hu = mix(out.hu, TISSUES.yellowMarrow.hu + 15 * fbm3(x, y, z, 0.2, 34), w);
  out.t1 = mix(out.t1, TISSUES.yellowMarrow.t1, w);
  out.t2 = mix(out.t2, TISSUES.yellowMarrow.t2, w);
}

// ---------------------------------------------------------------------------------------------
// Muscles
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Viscera and vessels
// ---------------------------------------------------------------------------------------------

const RECTUM = tube([
  [0, 8, 95, 14],
  [0, 20, 62, 17],
  [0, 44, 18, 17],
  [0, 40, -18, 13],
  [0, 31, -48, 7],
  [0, 28, -80, 5],
]);
const SIGMOID = tube([
  [0, 8, 95, 14],
  [-22, 0, 108, 15],
  [-42, -10, 96, 15],
  [-30, -30, 86, 15],
  [6, -34, 96, 15],
  [32, -14, 120, 16],
  [58, 12, 150, 17],
  [80, 28, 190, 18],
  [84, 30, 240, 18],
]);
const CAECUM = tube([
  [-70, -22, 108, 17],
  [-92, -8, 132, 25],
  [-96, 2, 175, 24],
  [-92, 10, 240, 22],
]);
const VAGINA = tube([
  [0, 8, 38, 9],
  [0, 12, -16, 8],
  [0, 2, -62, 6],
]);

const FEMORAL_ARTERY = tube([
  [13, 5, 250, 5.5],
  [20, 8, 180, 5.5],
  [34, 10, 130, 5],
  [42, 0, 90, 4.8],
  [52, -32, 45, 4.5],
  [70, -57, 10, 4.5],
  [82, -59, -30, 4.2],
  [90, -42, -120, 4],
  [95, -25, -300, 3.8],
]);
const FEMORAL_VEIN = FEMORAL_ARTERY.map((n) => ({
  p: [n.p[0] - (n.p[2] > 100 ? 2 : 11), n.p[1] + (n.p[2] > 100 ? 12 : 6), n.p[2]] as Vec3,
  r: n.r + 1.6,
}));
const URETER = tube([
  [35, -10, 200, 2.6],
  [32, -8, 130, 2.6],
  [30, -8, 100, 2.5],
  [40, 22, 62, 2.5],
  [32, 12, 32, 2.5],
  [18, -10, 10, 2.8],
]);
const SCIATIC_NERVE = tube([
  [56, 62, 46, 7.5],
  [70, 56, 2, 8],
  [78, 52, -50, 8],
  [86, 48, -160, 7.5],
]);
const INTERNAL_ILIAC = tube([
  [34, 10, 130, 3.6],
  [42, 34, 100, 3],
  [50, 50, 68, 2.4],
]);

/** Gas rises anteriorly (−y) in a supine patient: a bowel content shader with a sharp gas–fluid level. */
function bowelContents(
  base: Material,
  gasFraction: number,
  hitRef: { centerY: number; radius: number },
  seed: number,
  bubbles: boolean,
): Shader {
  return (x, y, z, out) => {
    const n = fbm3(x, y, z, 0.12, seed);
    out.hu = base.hu + 35 * n;
    out.t1 = base.t1 * (1 + 0.3 * n);
    out.t2 = base.t2 * (1 + 0.3 * n);
    if (bubbles) {
      // faeces: trapped gas bubbles of irregular size, from noise in rotated domains so that the value
      // noise lattice never lines up with the image axes (no checkerboard)
      const u = 0.62 * x - 0.49 * y + 0.61 * z;
      const v = 0.77 * x + 0.52 * y - 0.37 * z;
      const w = -0.14 * x + 0.7 * y + 0.7 * z;
      const b =
        0.7 * valueNoise3(u * 0.3, v * 0.3, w * 0.3, seed + 9) +
        0.45 * valueNoise3(v * 0.75 + 5.3, w * 0.75 - 2.1, u * 0.75, seed + 10);
      const g = clamp((b - 0.42) / 0.14, 0, 1);
      if (g > 0) {
        out.hu += g * (TISSUES.gas.hu - out.hu);
        out.t1 *= 1 - g;
        out.t2 *= 1 - g;
      }
    }
    const local = 0.5 + 0.5 * valueNoise3(x * 0.03, y * 0.03, z * 0.03, seed + 7);
    const level = hitRef.centerY - hitRef.radius * (1 - 2 * gasFraction * local);
    const a = clamp(0.5 + (level - y) / 0.8, 0, 1);
    if (a > 0) {
      out.hu += a * (TISSUES.gas.hu - out.hu);
      out.t1 *= 1 - a;
      out.t2 *= 1 - a;
    }
  };
}

/** Tube layer whose contents know the local centre line (for gas levels); segments are box-culled. */
function bowelLayer(
  name: string,
  nodes: TubeNode[],
  contents: Material,
  gasFraction: number,
  seed: number,
): Layer {
  const ref = { centerY: 0, radius: 1 };
  const bubbles = contents === TISSUES.stool;
  const segBoxes = nodes.slice(0, -1).map((n, i) => tubeBox([n, nodes[i + 1] as TubeNode], 4));
  const segment: TubeNode[] = [nodes[0] as TubeNode, nodes[0] as TubeNode];
  const hit: TubeHit = { distance: 0, param: 0 };
  return {
    name,
    boxes: [tubeBox(nodes, 3)],
    sdf: (x, y, z) => {
      let best = 40;
      let bestI = -1;
      let bestT = 0;
      for (let i = 0; i < segBoxes.length; i++) {
        const b = segBoxes[i] as Box;
        if (x < b.min[0] || x > b.max[0] || y < b.min[1] || y > b.max[1] || z < b.min[2] || z > b.max[2])
          continue;
        segment[0] = nodes[i] as TubeNode;
        segment[1] = nodes[i + 1] as TubeNode;
        const d = tubeDistance(x, y, z, segment, hit);
        if (d < best) {
          best = d;
          bestI = i;
          bestT = hit.param;
        }
      }
      if (bestI < 0) return best;
      const a = nodes[bestI] as TubeNode;
      const c = nodes[bestI + 1] as TubeNode;
      ref.centerY = mix(a.p[1], c.p[1], bestT);
      ref.radius = mix(a.r, c.r, bestT);
      return best + 0.8 * valueNoise3(x * 0.15, y * 0.15, z * 0.15, seed + 3);
    },
    shells: [
      { inset: 0, material: TISSUES.bowelWall },
      { inset: 2.2, material: bowelContents(contents, gasFraction, ref, seed, bubbles) },
    ],
  };
}

/** A deterministic tangle of small-bowel loops filling the lower abdomen above the bladder. */
function smallBowelPath(): TubeNode[] {
  const rng = new SeededRandom('phantom/small-bowel');
  const nodes: TubeNode[] = [];
  let p: Vec3 = [-70, -40, 150];
  let dir: Vec3 = [1, -0.3, -0.2];
  const centre: Vec3 = [0, -55, 150];
  const radii: Vec3 = [82, 42, 82];
  for (let i = 0; i < 110; i++) {
    nodes.push({ p, r: 9 + 4 * rng.next() });
    const out =
      (p[0] - centre[0]) ** 2 / radii[0] ** 2 +
      (p[1] - centre[1]) ** 2 / radii[1] ** 2 +
      (p[2] - centre[2]) ** 2 / radii[2] ** 2;
    const pull = out > 0.7 ? 0.9 : 0.15;
    const next: Vec3 = [
      dir[0] + 0.9 * (rng.next() - 0.5) + (pull * (centre[0] - p[0])) / radii[0],
      dir[1] + 0.9 * (rng.next() - 0.5) + (pull * (centre[1] - p[1])) / radii[1],
      dir[2] + 0.9 * (rng.next() - 0.5) + (pull * (centre[2] - p[2])) / radii[2],
    ];
    const len = Math.hypot(next[0], next[1], next[2]);
    dir = [next[0] / len, next[1] / len, next[2] / len];
    p = [p[0] + 15 * dir[0], p[1] + 15 * dir[1], Math.max(72, p[2] + 15 * dir[2])];
  }
  return nodes;
}

function arteryWallShader(seed: number): Shader {
  return (x, y, z, out) => {
    const n =
      valueNoise3(x * 0.11, y * 0.11, z * 0.11, seed) +
      0.4 * valueNoise3(x * 0.4, y * 0.4, z * 0.4, seed + 1);
    const calc = smoothstep(0.12, 0.45, n);
    out.hu = mix(TISSUES.vesselWall.hu, TISSUES.arterialCalcium.hu + 200 * n, calc);
    out.t1 = mix(TISSUES.vesselWall.t1, TISSUES.arterialCalcium.t1, calc);
    out.t2 = mix(TISSUES.vesselWall.t2, TISSUES.arterialCalcium.t2, calc);
  };
}

// ---------------------------------------------------------------------------------------------
// The tumoral calcinosis and the osteolysis (left side, x > 0)
// ---------------------------------------------------------------------------------------------

/** Peritumoral oedema reaches this far beyond the mass stroma, mm (fading over a soft ramp). */
const OEDEMA_MM = 14;

/** Whether a loculus of centre c and radii r stays inside the body, clear of bone, bladder and the lytic defect. */
function loculusClear(c: Vec3, r: Vec3): boolean {
  const reach = Math.max(r[0], r[1], r[2]);
  const [x, y, z] = c;
  return (
    bodySdfRaw(x, y, z) < -(reach + 7) &&
    hipBoneCore(Math.abs(x), y, z) > reach + 1.5 &&
    femurSdf(Math.abs(x), y, z) > reach + 1.5 &&
    ellipsoid(x, y, z, 0, -35, 18, 46, 32, 36) > reach + 3 &&
    lysisSdf(x, y, z) > reach + 1 &&
    x - r[0] > 6
  );
}

function massStromaSdf(x: number, y: number, z: number, loculi: readonly LoculusSpec[]): number {
  let d = ellipsoid(x, y, z, 30, -60, -24, 13, 11, 13);
  for (const l of loculi) d = smoothUnion(d, ellipsoidAt(x, y, z, l.center, l.radii) - 2.5, 7);
  d = smoothUnion(d, lysisSdf(x, y, z), 4);
  return d + 0.8 * valueNoise3(x * 0.1, y * 0.1, z * 0.1, 55);
}

// ---------------------------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------------------------

function constantLayer(name: string, boxes: Box[], sdf: SdfFn, shells: Shell[]): Layer {
  return { name, boxes, sdf: (x, y, z) => sdf(x, y, z), shells };
}

/** Builds the phantom (deterministic: no randomness beyond fixed-seed noise fields). */
export function buildPhantom(): BuiltPhantom {
  const loculi = layoutLoculi(loculusClear);

  const bodySdf = bodySdfRaw;
  const layers: Layer[] = [];
  const whole = box([-260, -200, -460], [260, 160, 320]);

  layers.push(
    constantLayer(
      'table',
      [box([-240, 97, -460], [240, 134, 320])],
      (x, y) => {
        // A curved carbon-fibre cradle: concave toward the patient, its edges rising anteriorly.
        const top = 121 - (x * x) / 2600;
        return Math.max(Math.abs(y - top - 6) - 6, Math.abs(x) - 235);
      },
      [
        { inset: 0, material: TISSUES.tableCarbon },
        { inset: 1.4, material: TISSUES.tableFoam },
      ],
    ),
  );

  layers.push({
    name: 'body',
    boxes: [whole],
    sdf: (_x, _y, _z, f, k) => f.body[k] as number,
    shells: [
      { inset: 0, material: TISSUES.skin },
      { inset: 2, material: TISSUES.fat },
    ],
  });

  layers.push(...muscleLayers());
  const oedemaShader = textured(TISSUES.oedema, 12, 0.1, 0.09, 56);
  layers.push({
    name: 'oedema',
    boxes: [box([-10, -140, -95], [105, -20, 40])],
    sdf: (x, y, z, f, k) => {
      const d = massStromaSdf(x, y, z, loculi) - OEDEMA_MM + 4 * fbm3(x, y, z, 0.06, 57);
      return Math.max(d, (f.body[k] as number) + 3);
    },
    shells: [{ inset: 0, material: oedemaShader, soft: 10, opacity: 0.75 }],
  });

  // Pelvic viscera.
  const urineShader = textured(TISSUES.urine, 3, 0.02, 0.05, 61);
  layers.push(
    constantLayer(
      'bladder',
      [ellipsoidBox([0, -35, 18], [46, 32, 36])],
      (x, y, z) => smoothIntersect(ellipsoid(x, y, z, 0, -35, 18, 46, 32, 36), z - 48, 14),
      [
        { inset: 0, material: TISSUES.bladderWall },
        { inset: 3, material: urineShader },
      ],
    ),
  );
  layers.push(
    constantLayer(
      'uterus',
      [ellipsoidBox([0, -12, 68], [24, 15, 26])],
      (x, y, z) => ellipsoid(x, y, z, 0, -12, 68, 24, 15, 26),
      [{ inset: 0, material: textured(TISSUES.uterus, 6, 0.15, 0.1, 62) }],
    ),
  );
  layers.push(
    constantLayer('vagina', [tubeBox(VAGINA, 3)], (x, y, z) => tubeDistance(x, y, z, VAGINA), [
      { inset: 0, material: TISSUES.bowelWall },
    ]),
  );
  layers.push(bowelLayer('rectum', RECTUM, TISSUES.stool, 0.35, 71));
  layers.push(bowelLayer('sigmoid colon', SIGMOID, TISSUES.stool, 0.55, 72));
  layers.push(bowelLayer('small bowel', smallBowelPath(), TISSUES.bowelFluid, 0.18, 73));
  layers.push(bowelLayer('caecum', CAECUM, TISSUES.stool, 0.6, 74));

  // Lymph nodes along the iliac and inguinal chains.
  const nodes: [Vec3, Vec3][] = [
    [
      [60, -30, 55],
      [5, 4, 7],
    ],
    [
      [72, -52, 18],
      [4, 3, 6],
    ],
    [
      [88, -80, -56],
      [7, 4, 9],
    ],
    [
      [46, 12, 96],
      [4, 4, 6],
    ],
  ];
  for (const [c, r] of nodes) {
    layers.push({
      name: 'lymph node',
      boxes: mirroredBoxes(ellipsoidBox(c, r)),
      sdf: (x, y, z) => ellipsoidAt(Math.abs(x), y, z, c, r),
      shells: [{ inset: 0, material: TISSUES.lymphNode }],
    });
  }

  // Vessels: veins, then arteries with patchy mural calcification (dialysis patient).
  for (const side of [1, -1]) {
    const vein = side > 0 ? FEMORAL_VEIN : mirrorTube(FEMORAL_VEIN);
    const artery = side > 0 ? FEMORAL_ARTERY : mirrorTube(FEMORAL_ARTERY);
    const internal = side > 0 ? INTERNAL_ILIAC : mirrorTube(INTERNAL_ILIAC);
    layers.push(
      constantLayer('iliofemoral vein', [tubeBox(vein, 2)], (x, y, z) => tubeDistance(x, y, z, vein), [
        { inset: 0, material: TISSUES.venousBlood },
      ]),
    );
    for (const [name, path] of [
      ['iliofemoral artery', artery],
      ['internal iliac artery', internal],
    ] as const) {
      layers.push(
        constantLayer(name, [tubeBox(path, 2)], (x, y, z) => tubeDistance(x, y, z, path), [
          { inset: 0, material: arteryWallShader(80 + side) },
          { inset: 1.3, material: TISSUES.blood },
        ]),
      );
    }
  }

  // Ureters: thin soft-tissue tubes running down to the bladder base.
  layers.push({
    name: 'ureters',
    boxes: mirroredBoxes(tubeBox(URETER, 2)),
    sdf: (x, y, z) => tubeDistance(Math.abs(x), y, z, URETER),
    shells: [{ inset: 0, material: TISSUES.bowelWall }],
  });

  // Sciatic nerves in their fat pads, deep to gluteus maximus.
  layers.push({
    name: 'sciatic nerve',
    boxes: mirroredBoxes(tubeBox(SCIATIC_NERVE, 4)),
    sdf: (x, y, z) => tubeDistance(Math.abs(x), y, z, SCIATIC_NERVE),
    shells: [
      { inset: 0, material: TISSUES.fat, soft: 2 },
      { inset: 2.6, material: TISSUES.nerve },
    ],
  });

  // Joint cartilage and fibrocartilage, painted before the bones that bound them.
  layers.push({
    name: 'hip joint cartilage',
    boxes: mirroredBoxes(ellipsoidBox(FEMORAL_HEAD, [28, 28, 28])),
    sdf: (x, y, z) =>
      sphere(Math.abs(x), y, z, FEMORAL_HEAD[0], FEMORAL_HEAD[1], FEMORAL_HEAD[2], SOCKET_RADIUS + 0.4),
    shells: [{ inset: 0, material: TISSUES.cartilage }],
  });
  layers.push(
    constantLayer(
      'pubic symphysis',
      [box([-8, -58, -60], [8, -26, -14])],
      (x, y, z) => ellipsoid(x, y, z, 0, -42, -38, 6, 12, 17),
      [{ inset: 0, material: TISSUES.disc }],
    ),
  );
  layers.push(
    constantLayer('intervertebral discs', [box([-30, -15, 110], [30, 40, 200])], discSdf, [
      { inset: 0, material: TISSUES.disc },
    ]),
  );
  layers.push(
    constantLayer(
      'thecal sac',
      [box([-14, 20, 40], [14, 60, 330])],
      (x, y, z) => {
        if (z > 120) return ellipse2(x, y - 36 - (z > 160 ? -4 : 0), 10, 7);
        return smoothIntersect(ellipse2(x, y - 40 - (120 - z) * 0.25, 8, 5), 60 - z, 5);
      },
      [{ inset: 0, material: TISSUES.csf }],
    ),
  );

  // The mass stroma (fibro-inflammatory tissue between loculi) fills the lytic defect too.
  const stromaShader: Shader = (x, y, z, out) => {
    const n = fbm3(x, y, z, 0.15, 58);
    out.hu = TISSUES.massStroma.hu + 8 * n;
    out.t1 = TISSUES.massStroma.t1 * (1 + 0.2 * n);
    out.t2 = TISSUES.massStroma.t2 * (1 + 0.45 * n);
  };
  layers.push({
    name: 'mass stroma',
    boxes: [box([0, -120, -80], [90, -30, 25])],
    sdf: (x, y, z) => massStromaSdf(x, y, z, loculi),
    shells: [{ inset: 0, material: stromaShader }],
  });

  // Bones: cortex, then cancellous bone inside.
  const boneShells = (
    cortex: number | ((x: number, y: number, z: number) => number),
    marrow: Shader,
  ): Shell[] => [
    { inset: 0, material: cortexShader },
    { inset: cortex, material: marrow },
  ];
  const sacrumFull = (x: number, y: number, z: number): number =>
    Math.min(sacrumSdf(x, y, z), tubeDistance(x, y, z, COCCYX));
  layers.push(
    constantLayer(
      'sacrum',
      [box([-65, 0, 0], [65, 100, 125])],
      sacrumFull,
      boneShells(1.4, cancellousShader),
    ),
  );
  layers.push(
    constantLayer(
      'lumbar vertebrae',
      [box([-60, -10, 115], [60, 90, 330])],
      vertebraSdf,
      boneShells(1.3, spineCancellousShader),
    ),
  );

  const hipRight: SdfFn = (x, y, z) => {
    const d = hipBoneCore(Math.abs(x), y, z);
    if (d > 6) return d;
    return smoothIntersect(d, -(sacrumSdf(x, y, z) - 2.6), 1);
  };
  const hipLeft: SdfFn = (x, y, z) => {
    const d = hipRight(x, y, z);
    if (d > 6) return d;
    return smoothIntersect(d, -lysisSdf(x, y, z), 1.2);
  };
  const hipCortex = (_x: number, _y: number, z: number): number =>
    1.7 + 0.9 * smoothstep(20, -20, z) - 0.6 * smoothstep(60, 110, z);
  const hipBox = box([0, -80, -95], [155, 105, 172]);
  layers.push(
    constantLayer(
      'right hip bone',
      [mirroredBoxes(hipBox)[1] as Box],
      hipRight,
      boneShells(hipCortex, cancellousShader),
    ),
  );
  // Along the lytic margin the cortex is destroyed: cancellous bone reaches the eroded surface.
  const lyticCortex = (x: number, y: number, z: number): number =>
    hipCortex(x, y, z) * clamp((lysisSdf(x, y, z) - 0.3) / 3.5, 0.08, 1);
  layers.push(constantLayer('left hip bone', [hipBox], hipLeft, boneShells(lyticCortex, cancellousShader)));
  layers.push({
    name: 'femora',
    boxes: mirroredBoxes(box([50, -50, -460], [170, 50, 35])),
    sdf: (x, y, z) => femurSdf(Math.abs(x), y, z),
    shells: boneShells(femurCortex, femurMarrowShader),
  });

  // The loculi, painted last so their rims and levels stay crisp.
  loculi.forEach((l, i) => {
    layers.push(loculusLayer(l, i));
  });

  return {
    phantom: { bodySdf, fatThickness: subcutaneousFatMm, layers },
    findings: {
      loculi,
      lysisCenter: LYSIS_CENTER,
      lysisRadii: LYSIS_RADII,
      lysisAmplitudeMm: LYSIS_AMPLITUDE,
      oedemaThicknessMm: OEDEMA_MM,
    },
    hipBoneSdf: { left: hipLeft, right: hipRight },
  };
}

/** Bounding box of all loculi, mm. */
export function massBox(loculi: readonly LoculusSpec[]): Box {
  return loculi.map((l) => ellipsoidBox(l.center, l.radii, 0)).reduce(unionBoxes);
}
