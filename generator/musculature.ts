// Muscles and the fat spaces between them. The space inside the subcutaneous fat is shared out among
// muscle "seeds" (each grows a fixed distance, neighbours meet at thin fat septa, like fascial planes);
// then the visceral cavity is filled with fat and the pelvic-wall muscles are painted over it.
// Pure geometry on top of sdf.ts; knows nothing about rendering or DICOM.
import type { Box, Layer, Shader } from './Phantom.ts';
import { box, ellipsoidBox, marbledMuscle, mirroredBoxes, table, tube, unionBoxes } from './phantomKit.ts';
import {
  ellipse2,
  ellipsoid,
  smoothIntersect,
  smoothstep,
  smoothUnion,
  type TubeNode,
  tubeBox,
  tubeDistance,
} from './sdf.ts';
import { TISSUES } from './tissues.ts';
import { valueNoise3 } from './valueNoise.ts';

/** One muscle seed on the right side, in mirrored coordinates (X = |x|). */
interface Seed {
  readonly name: string;
  readonly box: Box;
  readonly sdf: (X: number, y: number, z: number) => number;
}

const FAR = 1e3;
/** Bound on how fast a seed distance can change per mm (tube distances are 1-Lipschitz). */
const LIPSCHITZ = 1.05;

function tubeSeed(name: string, rows: readonly (readonly [number, number, number, number])[]): Seed {
  const nodes: TubeNode[] = tube(rows);
  return { name, box: tubeBox(nodes, 0), sdf: (X, y, z) => tubeDistance(X, y, z, nodes) };
}

function ellipsoidSeed(name: string, c: [number, number, number], r: [number, number, number]): Seed {
  return {
    name,
    box: ellipsoidBox(c, r, 0),
    sdf: (X, y, z) => ellipsoid(X, y, z, c[0], c[1], c[2], r[0], r[1], r[2]),
  };
}

/** Muscles outside the visceral cavity (they fill the compartment under the subcutaneous fat). */
const COMPARTMENT_SEEDS: readonly Seed[] = [
  tubeSeed('gluteus maximus', [
    [30, 94, 100, 12],
    [68, 90, 58, 17],
    [104, 74, 8, 19],
    [134, 50, -42, 15],
    [146, 22, -95, 9],
  ]),
  tubeSeed('gluteus medius', [
    [82, 58, 140, 10],
    [116, 42, 112, 15],
    [136, 22, 62, 15],
    [146, 10, 16, 9],
  ]),
  tubeSeed('gluteus minimus', [
    [96, 26, 104, 7],
    [116, 14, 60, 8],
    [132, 6, 16, 5],
  ]),
  tubeSeed('tensor fasciae latae', [
    [132, -30, 95, 5],
    [148, -14, 20, 9],
    [154, 0, -70, 6],
  ]),
  tubeSeed('sartorius', [
    [124, -46, 100, 5],
    [112, -62, 25, 7],
    [95, -66, -50, 8],
    [70, -50, -200, 8],
  ]),
  tubeSeed('rectus femoris', [
    [104, -26, 40, 5],
    [118, -44, -20, 10],
    [122, -44, -110, 14],
    [112, -36, -260, 14],
  ]),
  tubeSeed('vasti', [
    [150, 8, -42, 6],
    [148, -4, -120, 18],
    [135, -12, -260, 24],
    [100, -10, -260, 18],
  ]),
  tubeSeed('pectineus', [
    [38, -50, -32, 7],
    [70, -38, -58, 9],
    [100, -14, -85, 6],
  ]),
  tubeSeed('adductor longus', [
    [20, -48, -46, 6],
    [45, -42, -100, 14],
    [68, -25, -200, 16],
  ]),
  tubeSeed('adductor brevis', [
    [22, -28, -62, 7],
    [55, -18, -115, 14],
  ]),
  tubeSeed('adductor magnus', [
    [45, 38, -74, 9],
    [60, 22, -130, 22],
    [80, 10, -250, 22],
  ]),
  tubeSeed('gracilis', [
    [12, -32, -64, 4],
    [35, -22, -150, 7],
    [50, -10, -260, 7],
  ]),
  ellipsoidSeed('obturator externus', [60, -10, -45], [8, 19, 11]),
  tubeSeed('quadratus femoris', [
    [62, 42, -58, 6],
    [110, 28, -56, 7],
  ]),
  tubeSeed('hamstrings', [
    [60, 50, -74, 7],
    [75, 56, -140, 22],
    [88, 44, -300, 24],
  ]),
  tubeSeed('short external rotators', [
    [62, 40, -8, 4],
    [126, 18, -6, 4],
  ]),
  ellipsoidSeed('erector spinae', [28, 74, 205], [20, 20, 110]),
  ellipsoidSeed('multifidus', [16, 82, 100], [12, 10, 40]),
  ellipsoidSeed('quadratus lumborum', [55, 42, 205], [12, 12, 60]),
  tubeSeed('flank muscles', [
    [150, -10, 300, 16],
    [150, -10, 96, 16],
  ]),
  tubeSeed('oblique muscles', [
    [112, -88, 300, 7],
    [112, -88, 88, 7],
  ]),
  tubeSeed('rectus abdominis', [
    [30, -102, 300, 8],
    [24, -100, 30, 8],
    [12, -88, -24, 5],
  ]),
];

/** Pelvic-wall muscles, painted over the visceral fat. */
const PSOAS: readonly (readonly [number, number, number, number])[] = [
  [30, 16, 250, 17],
  [38, 12, 150, 20],
  [60, -14, 62, 20],
  [77, -38, 12, 16],
  [92, -36, -24, 13],
  [106, -6, -50, 9],
  [112, 10, -62, 5],
];
const WALL_SEEDS: readonly Seed[] = [
  tubeSeed('psoas', PSOAS),
  ellipsoidSeed('iliacus', [80, -2, 98], [19, 19, 46]),
  ellipsoidSeed('obturator internus', [47, 14, -20], [6, 26, 22]),
  tubeSeed('piriformis', [
    [24, 52, 78, 6],
    [60, 56, 46, 10],
    [100, 38, 16, 7],
    [130, 20, 2, 4],
  ]),
  {
    name: 'levator ani',
    box: box([0, -20, -58], [50, 70, -2]),
    sdf: (X, y, z) => {
      // a sling behind and beside the anorectum, open in front, rising toward the pelvic side walls
      const radius = 20 + (z + 52) * 0.5;
      const shell = Math.abs(Math.hypot(X, (y - 30) * 1.1) - radius) - 1.6;
      return Math.max(shell, -54 - z, z + 6, 18 - y - 0.25 * X);
    },
  },
];

function seedsBox(seeds: readonly Seed[], pad: number): Box {
  const b = seeds.map((s) => s.box).reduce(unionBoxes);
  return box(
    [b.min[0] - pad, b.min[1] - pad, b.min[2] - pad],
    [b.max[0] + pad, b.max[1] + pad, b.max[2] + pad],
  );
}

/**
 * A layer where seeds grow by `growth` mm into the allowed region and meet at fat septa `septum` mm wide.
 * Signed distance: negative inside muscle.
 */
function partitionLayer(name: string, seeds: readonly Seed[], growth: number, septum: number): Layer {
  const reach = growth + septum + 3;
  const boxes = seeds.map((s) => s.box);
  const muscle: Shader = marbledMuscle(TISSUES.muscle, TISSUES.fat, 41);
  // Per-tile candidate seeds: only seeds that can be nearest or second-nearest somewhere in the tile.
  const candidates = new Int32Array(seeds.length);
  let count = 0;
  const centre = new Float64Array(seeds.length);
  const inBox = (i: number, X: number, y: number, z: number, pad: number): boolean => {
    const b = boxes[i] as Box;
    return !(
      X < b.min[0] - pad ||
      X > b.max[0] + pad ||
      y < b.min[1] - pad ||
      y > b.max[1] + pad ||
      z < b.min[2] - pad ||
      z > b.max[2] + pad
    );
  };
  return {
    name,
    boxes: mirroredBoxes(seedsBox(seeds, growth + 2)),
    tile: (x, y, z, radius) => {
      const X = Math.abs(x);
      let d1 = FAR;
      let d2 = FAR;
      for (let i = 0; i < seeds.length; i++) {
        centre[i] = inBox(i, X, y, z, reach + radius) ? (seeds[i] as Seed).sdf(X, y, z) : FAR;
        const d = centre[i] as number;
        if (d < d1) {
          d2 = d1;
          d1 = d;
        } else if (d < d2) d2 = d;
      }
      const bound = Math.min(d2, reach) + 2 * LIPSCHITZ * radius;
      count = 0;
      for (let i = 0; i < seeds.length; i++) if ((centre[i] as number) <= bound) candidates[count++] = i;
    },
    sdf: (x, y, z, f, k) => {
      const X = Math.abs(x);
      let d1 = FAR;
      let d2 = FAR;
      for (let c = 0; c < count; c++) {
        const d = (seeds[candidates[c] as number] as Seed).sdf(X, y, z);
        if (d < d1) {
          d2 = d1;
          d1 = d;
        } else if (d < d2) d2 = d;
      }
      if (d1 >= FAR) return 60;
      // Organic septa: wobble the boundaries, but only where a boundary is near (noise is costly).
      const gap = d2 - d1;
      let wobble = 0;
      if (gap < septum + 7 || Math.abs(d1 - growth) < 6) {
        wobble =
          2.6 * valueNoise3(X * 0.035, y * 0.035, z * 0.02, 43) +
          0.8 * valueNoise3(X * 0.11, y * 0.11, z * 0.06, 47);
      }
      // Fascial planes vary: some are a hair-line where two muscles abut, some carry a millimetre or two of fat.
      const width =
        gap < septum + 7 ? septum * (0.9 + 0.75 * valueNoise3(X * 0.05, y * 0.05, z * 0.03, 49)) : septum;
      let d = Math.max(d1 - growth + 1.5 * wobble, (width - gap + wobble) * 0.5);
      d = smoothIntersect(d, (f.inner[k] as number) + 0.5, 3);
      return d;
    },
    // A slightly wider ramp than one voxel: fat planes blend into muscle instead of drawing an outline.
    shells: [{ inset: 0, material: muscle, soft: 1.5 }],
  };
}

/** The visceral (pelvic and lower abdominal) cavity: fat around the organs. */
const cavityAtZ = { z: Number.NaN, halfWidth: 0, anterior: 0, posterior: 0 };
const CAVITY_W_Z = [-55, -35, -15, 10, 45, 80, 120, 200];
const CAVITY_W = [16, 30, 40, 46, 54, 88, 116, 128];
const CAVITY_A_Z = [-55, -35, -12, 2, 25];
const CAVITY_A = [-6, -22, -30, -42, -140];
const CAVITY_P_Z = [-55, -30, 0, 20, 60, 112, 140];
const CAVITY_P = [40, 52, 62, 64, 54, 20, 16];

function cavitySdf(x: number, y: number, z: number, inner: number): number {
  if (z < -60) return FAR;
  if (cavityAtZ.z !== z) {
    cavityAtZ.z = z;
    cavityAtZ.halfWidth = table(z, CAVITY_W_Z, CAVITY_W);
    cavityAtZ.anterior = table(z, CAVITY_A_Z, CAVITY_A);
    cavityAtZ.posterior = table(z, CAVITY_P_Z, CAVITY_P);
  }
  const { halfWidth, anterior, posterior } = cavityAtZ;
  let d = ellipse2(x, y - (anterior + posterior) / 2, halfWidth, (posterior - anterior) / 2);
  d = smoothIntersect(d, inner + 11, 6);
  d = smoothIntersect(d, -58 - z, 8);
  return d;
}

/** Layers for muscles and intermuscular / visceral fat, in painting order. */
export function muscleLayers(): Layer[] {
  const visceralFat = TISSUES.fat;
  const wallMuscle = marbledMuscle(TISSUES.muscle, TISSUES.fat, 45);
  const wallUnion = (X: number, y: number, z: number): number => {
    let d = FAR;
    for (const s of WALL_SEEDS) {
      const b = s.box;
      if (
        X < b.min[0] - 6 ||
        X > b.max[0] + 6 ||
        y < b.min[1] - 6 ||
        y > b.max[1] + 6 ||
        z < b.min[2] - 6 ||
        z > b.max[2] + 6
      )
        continue;
      d = smoothUnion(d, s.sdf(X, y, z), 6);
    }
    return d;
  };
  const femoralTriangle: TubeNode[] = tube([
    [74, -56, 14, 9],
    [82, -58, -30, 14],
    [88, -46, -100, 12],
  ]);
  return [
    partitionLayer('muscles', COMPARTMENT_SEEDS, 16, 1.1),
    {
      name: 'abdominal wall',
      boxes: [box([-175, -150, 30], [175, 70, 330])],
      sdf: (x, y, z, f, k) => {
        const inner = f.inner[k] as number;
        if (inner > 6 || inner < -30) return 20;
        const X = Math.abs(x);
        let d = Math.max(inner, -inner - 12);
        d = smoothIntersect(d, y - 45, 12);
        d = smoothIntersect(d, 50 - z, 10);
        // linea alba and the fat line between rectus sheath and the flank muscles
        d = Math.max(d, 2.2 - X, 1.4 - Math.abs(X - 62 - 0.1 * y));
        return d;
      },
      shells: [{ inset: 0, material: marbledMuscle(TISSUES.muscle, TISSUES.fat, 46) }],
    },
    {
      name: 'visceral fat',
      boxes: [box([-140, -150, -62], [140, 80, 330])],
      sdf: (x, y, z, f, k) => cavitySdf(x, y, z, f.inner[k] as number),
      shells: [{ inset: 0, material: visceralFat, soft: 2 }],
    },
    {
      name: 'ischioanal fat',
      boxes: mirroredBoxes(box([5, 10, -90], [55, 75, -25])),
      sdf: (x, y, z) => ellipsoid(Math.abs(x), y, z, 30, 42, -58, 19, 26, 28),
      shells: [{ inset: 0, material: visceralFat, soft: 3 }],
    },
    {
      name: 'femoral triangle fat',
      boxes: mirroredBoxes(tubeBox(femoralTriangle, 2)),
      sdf: (x, y, z) => tubeDistance(Math.abs(x), y, z, femoralTriangle),
      shells: [{ inset: 0, material: visceralFat, soft: 3 }],
    },
    {
      name: 'pelvic wall muscles',
      boxes: mirroredBoxes(seedsBox(WALL_SEEDS, 4)),
      sdf: (x, y, z, f, k) => smoothIntersect(wallUnion(Math.abs(x), y, z), (f.inner[k] as number) + 1, 3),
      shells: [
        { inset: 0, material: TISSUES.fat, soft: 1.5 },
        { inset: 0.8, material: wallMuscle, soft: 1.5 },
      ],
    },
  ];
}

/** Weight of the subcutaneous fat thickness model, exported for the body (thinner over trochanters). */
export function subcutaneousFatMm(x: number, y: number, z: number): number {
  return (
    13 +
    12 * smoothstep(40, 110, y) +
    8 * smoothstep(-60, -110, y) -
    5 * smoothstep(125, 165, Math.abs(x)) * smoothstep(60, -20, z) +
    3 * valueNoise3(x * 0.02, y * 0.02, z * 0.02, 12)
  );
}
