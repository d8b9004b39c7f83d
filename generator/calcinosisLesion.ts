// The uremic tumoral calcinosis of the sample case: a clustered "chicken-wire" mass of lobulated loculi and the
// scalloped osteolysis of the left pubis. Pure geometry and materials on top of sdf.ts; no rendering, no DICOM.
import type { Layer, Shader } from './Phantom.ts';
import { ellipsoidBox } from './phantomKit.ts';
import { SeededRandom } from './SeededRandom.ts';
import { clamp, ellipsoid, ellipsoidAt, mix, smoothstep, type Vec3 } from './sdf.ts';
import { TISSUES } from './tissues.ts';
import { fbm3, valueNoise3 } from './valueNoise.ts';

/**
 * What fills a loculus: `layered` holds serous fluid over dependent calcium (a fluid–calcium level);
 * `chalky` is filled with homogeneous milk-of-calcium paste (no level).
 */
export type LoculusContent = 'layered' | 'chalky';

/** One loculus of the calcified mass as generated. */
export interface LoculusSpec {
  readonly id: string;
  readonly center: Vec3;
  readonly radii: Vec3;
  readonly rimThicknessMm: number;
  /**
   * y of the fluid–calcium level; calcium where y > levelYMm (posterior, dependent). A chalky loculus has its
   * "level" at its anterior pole (all calcium).
   */
  readonly levelYMm: number;
  readonly content: LoculusContent;
  readonly fluidHU: number;
  readonly sedimentHU: number;
  readonly rimHU: number;
  /** Relative depth of the lobulation of the outer surface (0: a smooth ellipsoid). */
  readonly lobulation: number;
}

interface LoculusSeed {
  readonly c: Vec3;
  readonly r: Vec3;
  readonly rim: number;
  /** Level as a fraction of the y radius from the centre: −1 all calcium, +1 all fluid. */
  readonly fill: number;
  readonly fluid: number;
  readonly sediment: number;
  readonly rimHU: number;
}

/**
 * The seven large loculi the teaching annotations mark (loculus-1 … loculus-7, ids stable); each has a level.
 * loculus-1 is the largest.
 */
const TEACHING_LOCULI: readonly LoculusSeed[] = [
  { c: [42, -80, -28], r: [17, 15, 16], rim: 2.2, fill: 0.1, fluid: 12, sediment: 650, rimHU: 950 },
  { c: [58, -72, -5], r: [11, 10, 12], rim: 1.7, fill: 0.35, fluid: 8, sediment: 480, rimHU: 780 },
  { c: [22, -88, -42], r: [12, 11, 12], rim: 1.8, fill: -0.2, fluid: 15, sediment: 760, rimHU: 1000 },
  { c: [52, -92, -50], r: [12, 10, 11], rim: 1.5, fill: 0.45, fluid: 10, sediment: 440, rimHU: 700 },
  { c: [28, -70, -6], r: [10, 9, 10], rim: 1.6, fill: 0.0, fluid: 18, sediment: 560, rimHU: 860 },
  { c: [64, -86, -30], r: [9, 8, 10], rim: 1.4, fill: 0.5, fluid: 6, sediment: 420, rimHU: 640 },
  { c: [36, -99, -12], r: [9, 8, 9], rim: 1.5, fill: -0.4, fluid: 14, sediment: 800, rimHU: 1000 },
];

/** How many loculi the whole mass has (teaching loculi included). */
export const LOCULUS_COUNT = 28;
/** How many of the added loculi are filled with homogeneous chalky calcium. */
const CHALKY_COUNT = 7;

/** Where loculus centres may lie: beside and in front of the left pubic body. */
const CLUSTER_MIN: Vec3 = [12, -108, -70];
const CLUSTER_MAX: Vec3 = [80, -52, 10];

const meanRadius = (r: Vec3): number => (r[0] + r[1] + r[2]) / 3;

/**
 * Lays out the whole mass: the seven teaching loculi, then smaller loculi packed against them (touching or
 * sharing a wall: confluent loculi with septa), deterministic.
 * @param clear - whether an ellipsoid of this centre and radii stays clear of bone, skin and viscera
 */
export function layoutLoculi(clear: (c: Vec3, r: Vec3) => boolean): LoculusSpec[] {
  const out: LoculusSpec[] = TEACHING_LOCULI.map((l, i) => ({
    id: `loculus-${i + 1}`,
    center: l.c,
    radii: l.r,
    rimThicknessMm: l.rim,
    levelYMm: Math.round((l.c[1] + l.fill * l.r[1]) * 10) / 10,
    content: 'layered',
    fluidHU: l.fluid,
    sedimentHU: l.sediment,
    rimHU: l.rimHU,
    lobulation: 0.06,
  }));
  const rng = new SeededRandom('phantom/loculi');
  let chalky = 0;
  for (let attempt = 0; attempt < 4000 && out.length < LOCULUS_COUNT; attempt++) {
    const added = out.length - TEACHING_LOCULI.length;
    // Sizes from 5 mm to ~2.6 cm across; the smallest are the chalky nodules.
    const wantChalky = chalky < CHALKY_COUNT && added % 3 === 1;
    const base = wantChalky ? 2.6 + 5.4 * rng.next() : 5.2 + 7.5 * rng.next() ** 1.4;
    const r: Vec3 = [
      base * (0.85 + 0.3 * rng.next()),
      base * (0.8 + 0.25 * rng.next()),
      base * (0.9 + 0.35 * rng.next()),
    ];
    // Packed against a random earlier loculus.
    const parent = out[Math.floor(rng.next() * out.length)] as LoculusSpec;
    const u = 2 * rng.next() - 1;
    const phi = 2 * Math.PI * rng.next();
    const s = Math.sqrt(1 - u * u);
    const reach = 0.9 * (meanRadius(parent.radii) + meanRadius(r));
    const c: Vec3 = [
      parent.center[0] + reach * s * Math.cos(phi),
      parent.center[1] + reach * s * Math.sin(phi),
      parent.center[2] + reach * u,
    ];
    if (c.some((v, k) => v < (CLUSTER_MIN[k] as number) || v > (CLUSTER_MAX[k] as number))) continue;
    const overlaps = out.some(
      (o) =>
        Math.hypot(o.center[0] - c[0], o.center[1] - c[1], o.center[2] - c[2]) <
        0.84 * (meanRadius(o.radii) + meanRadius(r)),
    );
    if (overlaps || !clear(c, r)) continue;
    const n = out.length + 1;
    const round = (v: number) => Math.round(v * 10) / 10;
    const center: Vec3 = [round(c[0]), round(c[1]), round(c[2])];
    const radii: Vec3 = [round(r[0]), round(r[1]), round(r[2])];
    if (wantChalky) {
      chalky++;
      out.push({
        id: `loculus-${n}`,
        center,
        radii,
        rimThicknessMm: round(Math.min(1.4, 0.5 + 0.12 * base)),
        levelYMm: round(center[1] - radii[1]),
        content: 'chalky',
        fluidHU: 0,
        sedimentHU: Math.round(940 + 200 * rng.next()),
        rimHU: Math.round(900 + 150 * rng.next()),
        lobulation: 0.04,
      });
    } else {
      const fill = -0.6 + 0.95 * rng.next();
      out.push({
        id: `loculus-${n}`,
        center,
        radii,
        rimThicknessMm: round(0.55 + 0.1 * base),
        levelYMm: round(center[1] + fill * radii[1]),
        content: 'layered',
        fluidHU: Math.round(6 + 12 * rng.next()),
        sedimentHU: Math.round(520 + 330 * rng.next()),
        rimHU: Math.round(620 + 360 * rng.next()),
        lobulation: 0.05 + 0.05 * rng.next(),
      });
    }
  }
  if (out.length < LOCULUS_COUNT) throw new Error(`only ${out.length} loculi fit the cluster`);
  return out;
}

/** Signed distance to a loculus's lobulated outer surface. */
export function loculusSdf(spec: LoculusSpec, seed: number, x: number, y: number, z: number): number {
  const [cx, cy, cz] = spec.center;
  const [rx, ry, rz] = spec.radii;
  const d = ellipsoid(x, y, z, cx, cy, cz, rx, ry, rz);
  if (d > 4) return d;
  // Lobulation: the radius modulated by low-frequency noise over the direction from the centre, so the
  // outline bulges into a few rounded lobes instead of a perfect ellipse.
  const len = Math.hypot((x - cx) / rx, (y - cy) / ry, (z - cz) / rz) + 1e-6;
  const lobes = valueNoise3(
    (1.7 * (x - cx)) / rx / len,
    (1.7 * (y - cy)) / ry / len,
    (1.7 * (z - cz)) / rz / len,
    seed,
  );
  return d - spec.lobulation * meanRadius(spec.radii) * lobes + 0.5 * fbm3(x, y, z, 0.14, seed + 5);
}

/** Height the dependent calcium climbs up the wall (the meniscus), mm. */
const MENISCUS_MM = 1.1;

/** The layer that paints one loculus: an uneven calcified rim, then its content. */
export function loculusLayer(spec: LoculusSpec, index: number): Layer {
  const [cx, cy, cz] = spec.center;
  const [rx, ry, rz] = spec.radii;
  const seed = 60 + index * 7;
  // Where the level meets the wall, in normalised x/z radius at the level's height.
  const levelChord = Math.sqrt(Math.max(0.05, 1 - ((spec.levelYMm - cy) / ry) ** 2));
  const rimShader: Shader = (x, y, z, out) => {
    // Density varies around the shell: patchy, denser in places, with fine grain.
    const patch = valueNoise3(x * 0.09, y * 0.09, z * 0.09, seed + 1);
    const grain = fbm3(x, y, z, 0.35, seed + 6);
    out.hu = spec.rimHU * (0.9 + 0.18 * patch) + 90 * grain;
    out.t1 = TISSUES.locRim.t1;
    out.t2 = TISSUES.locRim.t2;
  };
  const layeredShader: Shader = (x, y, z, out) => {
    // The level curves up slightly where it meets the wall (meniscus): calcium adheres to the rim.
    const wall = Math.hypot((x - cx) / rx, (z - cz) / rz) / levelChord;
    const levelY = spec.levelYMm - MENISCUS_MM * smoothstep(0.72, 1.05, wall);
    // Graded sediment: looser, less dense crystals at the level, packed denser toward the dependent wall.
    const depth = clamp((y - levelY) / Math.max(1, cy + ry - levelY), 0, 1);
    const mottle = fbm3(x, y, z, 0.25, seed + 2);
    const sedimentHU = spec.sedimentHU * (0.8 + 0.38 * Math.sqrt(depth)) + 40 * mottle;
    const a = clamp(0.5 + (y - levelY) / 0.6, 0, 1);
    // A faint haze of suspended crystals just above the level.
    const haze = y < levelY ? 14 * Math.exp((y - levelY) / 0.8) : 0;
    const fluidT2 = TISSUES.locFluid.t2 * (0.88 + 0.14 * fbm3(x, y, z, 0.08, seed + 3));
    out.hu = mix(spec.fluidHU + haze + 4 * mottle, sedimentHU, a);
    out.t1 = mix(TISSUES.locFluid.t1, TISSUES.locSediment.t1, a);
    out.t2 = mix(fluidT2 * (1 - haze / 60), TISSUES.locSediment.t2, a);
  };
  const chalkyShader: Shader = (x, y, z, out) => {
    const mottle = fbm3(x, y, z, 0.3, seed + 2);
    out.hu = spec.sedimentHU + 35 * mottle;
    out.t1 = TISSUES.locSediment.t1;
    out.t2 = TISSUES.locSediment.t2 * (1 + 0.3 * mottle);
  };
  return {
    name: spec.id,
    boxes: [ellipsoidBox(spec.center, spec.radii, 4 + spec.lobulation * meanRadius(spec.radii))],
    sdf: (x, y, z) => loculusSdf(spec, seed, x, y, z),
    shells: [
      { inset: 0, material: rimShader },
      {
        // Uneven rim: thin in places, up to about twice the nominal thickness elsewhere.
        inset: (x, y, z) =>
          spec.rimThicknessMm *
          (1 +
            0.6 * valueNoise3(x * 0.11, y * 0.11, z * 0.11, seed + 4) +
            0.25 * valueNoise3(x * 0.37, y * 0.37, z * 0.37, seed + 8)),
        material: spec.content === 'chalky' ? chalkyShader : layeredShader,
      },
    ],
  };
}

/** Nominal ellipsoid of the osteolysis and how far its scalloped, noisy surface strays from it. */
export const LYSIS_CENTER: Vec3 = [27, -48, -27];
export const LYSIS_RADII: Vec3 = [14, 11, 13];
export const LYSIS_AMPLITUDE = 5.5;

/**
 * Scallops: round bites of the mass into the bone, centred on the nominal surface, mostly on the side that
 * faces the mass (anterior, lateral), so the lytic margin is a chain of concave arcs.
 */
const SCALLOPS: readonly (readonly [number, number, number, number])[] = (() => {
  const rng = new SeededRandom('phantom/scallops');
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < 9; i++) {
    const u = -0.6 + 1.2 * rng.next();
    const phi = Math.PI * (0.9 + 1.1 * rng.next());
    const s = Math.sqrt(1 - u * u);
    out.push([
      LYSIS_CENTER[0] + LYSIS_RADII[0] * s * Math.cos(phi) * -1,
      LYSIS_CENTER[1] + LYSIS_RADII[1] * s * Math.sin(phi),
      LYSIS_CENTER[2] + LYSIS_RADII[2] * u,
      3.2 + 2.2 * rng.next(),
    ]);
  }
  return out;
})();

/** Signed distance to the lytic defect (negative inside, where bone is gone). */
export function lysisSdf(x: number, y: number, z: number): number {
  let d = ellipsoidAt(x, y, z, LYSIS_CENTER, LYSIS_RADII);
  if (d > LYSIS_AMPLITUDE + 3) return d;
  d += 2.2 * fbm3(x, y, z, 0.11, 51) + 0.7 * valueNoise3(x * 0.45, y * 0.45, z * 0.45, 52);
  for (const [sx, sy, sz, sr] of SCALLOPS) d = Math.min(d, Math.hypot(x - sx, y - sy, z - sz) - sr);
  return d;
}
