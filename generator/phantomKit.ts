// Small shared helpers for building phantom layers: boxes, tubes, tables, textured materials.
// Pure maths on top of sdf.ts and valueNoise.ts.
import type { Box, Material, Shader } from './Phantom.ts';
import { mix, type TubeNode, type Vec3 } from './sdf.ts';
import { fbm3, valueNoise3 } from './valueNoise.ts';

/** An axis-aligned box. */
export function box(min: Vec3, max: Vec3): Box {
  return { min, max };
}

/** A box and its mirror image across the mid-sagittal plane (for layers evaluated on |x|). */
export function mirroredBoxes(b: Box): Box[] {
  return [b, box([-b.max[0], b.min[1], b.min[2]], [-b.min[0], b.max[1], b.max[2]])];
}

/** Box around an ellipsoid, padded. */
export function ellipsoidBox(c: Vec3, r: Vec3, pad = 4): Box {
  return box(
    [c[0] - r[0] - pad, c[1] - r[1] - pad, c[2] - r[2] - pad],
    [c[0] + r[0] + pad, c[1] + r[1] + pad, c[2] + r[2] + pad],
  );
}

/** Smallest box holding both. */
export function unionBoxes(a: Box, b: Box): Box {
  return box(
    [Math.min(a.min[0], b.min[0]), Math.min(a.min[1], b.min[1]), Math.min(a.min[2], b.min[2])],
    [Math.max(a.max[0], b.max[0]), Math.max(a.max[1], b.max[1]), Math.max(a.max[2], b.max[2])],
  );
}

/** Piecewise-linear lookup: value at `t` from sorted knots `ts` and values `vs`. */
export function table(t: number, ts: readonly number[], vs: readonly number[]): number {
  if (t <= (ts[0] as number)) return vs[0] as number;
  for (let i = 1; i < ts.length; i++) {
    const t1 = ts[i] as number;
    if (t <= t1) {
      const t0 = ts[i - 1] as number;
      return mix(vs[i - 1] as number, vs[i] as number, (t - t0) / (t1 - t0));
    }
  }
  return vs[vs.length - 1] as number;
}

/** The same tube on the other side (x → −x). */
export function mirrorTube(nodes: readonly TubeNode[]): TubeNode[] {
  return nodes.map((n) => ({ p: [-n.p[0], n.p[1], n.p[2]] as Vec3, r: n.r }));
}

/** Tube nodes from [x, y, z, radius] rows. */
export function tube(points: readonly (readonly [number, number, number, number])[]): TubeNode[] {
  return points.map(([x, y, z, r]) => ({ p: [x, y, z] as Vec3, r }));
}

/** Texture: a constant material plus smooth HU / signal variation. */
export function textured(base: Material, huAmp: number, mrAmp: number, freq: number, seed: number): Shader {
  return (x, y, z, out) => {
    const n = fbm3(x, y, z, freq, seed);
    out.hu = base.hu + huAmp * n;
    out.t1 = base.t1 * (1 + mrAmp * n);
    out.t2 = base.t2 * (1 + mrAmp * n);
  };
}

/** Cheap texture: one octave of value noise. */
export function lightlyTextured(
  base: Material,
  huAmp: number,
  mrAmp: number,
  freq: number,
  seed: number,
): Shader {
  return (x, y, z, out) => {
    const n = valueNoise3(x * freq, y * freq, z * freq, seed);
    out.hu = base.hu + huAmp * n;
    out.t1 = base.t1 * (1 + mrAmp * n);
    out.t2 = base.t2 * (1 + mrAmp * n);
  };
}

/**
 * Skeletal muscle with fatty marbling: fibres run roughly along z, so the noise is stretched in z and
 * its highest ridges are blended toward fat (as in older patients' muscles on CT and T1).
 */
export function marbledMuscle(base: Material, fat: Material, seed: number): Shader {
  return (x, y, z, out) => {
    // Rotated, two-octave domain so the lattice of the value noise does not show as little squares.
    const u = 0.8 * x + 0.6 * y;
    const v = -0.6 * x + 0.8 * y;
    const n =
      0.65 * valueNoise3(u * 0.2, v * 0.2, z * 0.045, seed) +
      0.35 * valueNoise3(v * 0.47 + 3.1, u * 0.47 - 1.7, z * 0.09, seed + 2);
    const streak = n > 0.42 ? Math.min(1, (n - 0.42) * 3.5) * 0.32 : 0;
    const shade = valueNoise3(x * 0.05, y * 0.05, z * 0.05, seed + 1);
    out.hu = base.hu + 4 * shade + streak * (fat.hu - base.hu);
    out.t1 = base.t1 * (1 + 0.06 * shade) + streak * (fat.t1 - base.t1);
    out.t2 = base.t2 * (1 + 0.08 * shade) + streak * (fat.t2 - base.t2);
  };
}
