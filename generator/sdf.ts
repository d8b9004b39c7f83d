// Signed distance helpers for the phantom (negative inside, millimetres): primitives and smooth booleans.
// Pure maths; depends on nothing.

/** Smooth union (polynomial smooth minimum) with blend radius `k` mm. */
export function smoothUnion(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - h * h * k * 0.25;
}

/** Smooth intersection (smooth maximum) with blend radius `k` mm. */
export function smoothIntersect(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.max(a, b) + h * h * k * 0.25;
}

/** Approximate distance to an axis-aligned ellipsoid (good near the surface). */
export function ellipsoid(
  x: number,
  y: number,
  z: number,
  cx: number,
  cy: number,
  cz: number,
  rx: number,
  ry: number,
  rz: number,
): number {
  const px = x - cx;
  const py = y - cy;
  const pz = z - cz;
  const k0 = Math.sqrt((px / rx) ** 2 + (py / ry) ** 2 + (pz / rz) ** 2);
  const k1 = Math.sqrt((px / (rx * rx)) ** 2 + (py / (ry * ry)) ** 2 + (pz / (rz * rz)) ** 2);
  if (k1 < 1e-9) return -Math.min(rx, ry, rz);
  return (k0 * (k0 - 1)) / k1;
}

/** {@link ellipsoid} with centre and radii as tuples (no spread in hot loops). */
export function ellipsoidAt(x: number, y: number, z: number, c: Vec3, r: Vec3): number {
  return ellipsoid(x, y, z, c[0], c[1], c[2], r[0], r[1], r[2]);
}

/** Distance to a sphere. */
export function sphere(
  x: number,
  y: number,
  z: number,
  cx: number,
  cy: number,
  cz: number,
  r: number,
): number {
  return Math.hypot(x - cx, y - cy, z - cz) - r;
}

/** A 3-D point as a plain tuple (mm). */
export type Vec3 = readonly [number, number, number];

/** One node of a tube: a point and the tube radius there. */
export interface TubeNode {
  readonly p: Vec3;
  readonly r: number;
}

/** Result of {@link tubeDistance}: signed distance and where along the path the closest point lies. */
export interface TubeHit {
  distance: number;
  /** Segment index plus fraction along it, e.g. 2.25. */
  param: number;
}

/**
 * Distance to a tube along a polyline whose radius varies linearly between nodes
 * (a chain of round cones, approximated by interpolating the radius at the closest axis point).
 */
export function tubeDistance(
  x: number,
  y: number,
  z: number,
  nodes: readonly TubeNode[],
  hit?: TubeHit,
): number {
  let best = Number.POSITIVE_INFINITY;
  let bestParam = 0;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const a = nodes[i] as TubeNode;
    const b = nodes[i + 1] as TubeNode;
    const abx = b.p[0] - a.p[0];
    const aby = b.p[1] - a.p[1];
    const abz = b.p[2] - a.p[2];
    const apx = x - a.p[0];
    const apy = y - a.p[1];
    const apz = z - a.p[2];
    const len2 = abx * abx + aby * aby + abz * abz;
    let t = len2 > 0 ? (apx * abx + apy * aby + apz * abz) / len2 : 0;
    t = Math.min(Math.max(t, 0), 1);
    const dx = apx - abx * t;
    const dy = apy - aby * t;
    const dz = apz - abz * t;
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz) - (a.r + (b.r - a.r) * t);
    if (d < best) {
      best = d;
      bestParam = i + t;
    }
  }
  if (hit) {
    hit.distance = best;
    hit.param = bestParam;
  }
  return best;
}

/** Axis-aligned bounding box of a tube, padded by `pad` mm. */
export function tubeBox(nodes: readonly TubeNode[], pad: number): { min: Vec3; max: Vec3 } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k] as number, (n.p[k] as number) - n.r - pad);
      max[k] = Math.max(max[k] as number, (n.p[k] as number) + n.r + pad);
    }
  }
  return { min: min as unknown as Vec3, max: max as unknown as Vec3 };
}

/**
 * Distance to a 2-D superellipse |x/a|^n + |y/b|^n = 1 (first-order: implicit value over gradient length).
 */
export function superellipse2(x: number, y: number, a: number, b: number, n: number): number {
  const ax = Math.abs(x) / a + 1e-9;
  const ay = Math.abs(y) / b + 1e-9;
  // n = 2.5 is the common case: powers by square roots (several times faster than Math.pow).
  const px = n === 2.5 ? ax * ax * Math.sqrt(ax) : ax ** n;
  const py = n === 2.5 ? ay * ay * Math.sqrt(ay) : ay ** n;
  const s = px + py;
  const f = s ** (1 / n);
  // gradient of f = (|x/a|^n + |y/b|^n)^(1/n): common factor s^(1/n − 1) = f / s
  const common = f / s;
  const gx = (common * px) / ax / a;
  const gy = (common * py) / ay / b;
  return (f - 1) / Math.max(Math.hypot(gx, gy), 1e-6);
}

/** Approximate distance to a 2-D axis-aligned ellipse (cheap: no powers). */
export function ellipse2(x: number, y: number, a: number, b: number): number {
  const k0 = Math.sqrt((x / a) ** 2 + (y / b) ** 2);
  const k1 = Math.sqrt((x / (a * a)) ** 2 + (y / (b * b)) ** 2);
  if (k1 < 1e-9) return -Math.min(a, b);
  return (k0 * (k0 - 1)) / k1;
}

/** Clamp to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/** Linear interpolation. */
export function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Smoothstep from 0 at `e0` to 1 at `e1`. */
export function smoothstep(e0: number, e1: number, v: number): number {
  const t = clamp((v - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}
