// Smooth deterministic 3-D value noise (lattice hash, no tables) used to roughen surfaces and texture tissue.
// Pure maths; depends on nothing.

function latticeValue(ix: number, iy: number, iz: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ Math.imul(iz, 0x9e3779b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2147483647.5 - 1;
}

/**
 * Value noise in [-1, 1] with a smooth (quintic) interpolation between integer lattice points.
 * @param x - coordinate in lattice units (multiply millimetres by a frequency first)
 * @param seed - selects an independent noise field
 */
export function valueNoise3(x: number, y: number, z: number, seed: number): number {
  const fx = Math.floor(x);
  const fy = Math.floor(y);
  const fz = Math.floor(z);
  const tx = x - fx;
  const ty = y - fy;
  const tz = z - fz;
  const sx = tx * tx * tx * (tx * (tx * 6 - 15) + 10);
  const sy = ty * ty * ty * (ty * (ty * 6 - 15) + 10);
  const sz = tz * tz * tz * (tz * (tz * 6 - 15) + 10);
  const c000 = latticeValue(fx, fy, fz, seed);
  const c100 = latticeValue(fx + 1, fy, fz, seed);
  const c010 = latticeValue(fx, fy + 1, fz, seed);
  const c110 = latticeValue(fx + 1, fy + 1, fz, seed);
  const c001 = latticeValue(fx, fy, fz + 1, seed);
  const c101 = latticeValue(fx + 1, fy, fz + 1, seed);
  const c011 = latticeValue(fx, fy + 1, fz + 1, seed);
  const c111 = latticeValue(fx + 1, fy + 1, fz + 1, seed);
  const x00 = c000 + (c100 - c000) * sx;
  const x10 = c010 + (c110 - c010) * sx;
  const x01 = c001 + (c101 - c001) * sx;
  const x11 = c011 + (c111 - c011) * sx;
  const y0 = x00 + (x10 - x00) * sy;
  const y1 = x01 + (x11 - x01) * sy;
  return y0 + (y1 - y0) * sz;
}

/**
 * Two-octave fractal value noise in about [-1, 1].
 * @param frequency - lattice cells per millimetre of the first octave
 */
export function fbm3(x: number, y: number, z: number, frequency: number, seed: number): number {
  const a = valueNoise3(x * frequency, y * frequency, z * frequency, seed);
  const f2 = frequency * 2.17;
  const b = valueNoise3(x * f2 + 17.3, y * f2 - 5.1, z * f2 + 3.7, seed ^ 0x5bd1e995);
  return (a + 0.5 * b) / 1.5;
}
