// Types of the procedural pelvis phantom: ordered layers of signed-distance shapes with tissue materials.
// Pure types; no rendering and no DICOM here.
import type { Vec3 } from './sdf.ts';

/** Tissue properties every modality reads: CT number and relative MR signal on T1 and fat-suppressed T2. */
export interface Material {
  /** CT number, HU. */
  hu: number;
  /** Relative T1-weighted spin-echo signal, 0..1. */
  t1: number;
  /** Relative fat-suppressed T2-weighted signal, 0..1. */
  t2: number;
}

/** Writes the material at a point (textured tissue) into `out`. */
export type Shader = (x: number, y: number, z: number, out: Material) => void;

/** One nested shell of a layer: painted where `sdf + inset < 0`. */
export interface Shell {
  /** How far inside the layer surface this shell starts, mm (>= 0; may vary with position). */
  readonly inset: number | ((x: number, y: number, z: number) => number);
  readonly material: Material | Shader;
  /** Width of the partial-volume ramp, mm; defaults to the renderer's voxel ramp. */
  readonly soft?: number;
  /** Maximum coverage (0..1) for translucent modifiers such as oedema. */
  readonly opacity?: number;
}

/** Axis-aligned box, mm. */
export interface Box {
  readonly min: Vec3;
  readonly max: Vec3;
}

/** Per-slice cached fields a layer may read at pixel `k` (filled by the renderer before the layers run). */
export interface SliceFields {
  /** Signed distance to the skin surface at each pixel. */
  readonly body: Float32Array;
  /** Signed distance to the deep surface of the subcutaneous fat (skin distance + fat thickness). */
  readonly inner: Float32Array;
}

/** A shape painted over everything painted before it, with nested shells (e.g. cortex then marrow). */
export interface Layer {
  readonly name: string;
  /** Boxes outside which the layer's coverage is zero (a mirrored layer lists both sides). */
  readonly boxes: readonly Box[];
  /** Signed distance, mm. `fields`/`k` give access to cached per-pixel values. */
  readonly sdf: (x: number, y: number, z: number, fields: SliceFields, k: number) => number;
  readonly shells: readonly Shell[];
  /**
   * Optional: called before the pixels of each tile with the tile centre and radius (mm), so a layer
   * can prune what it evaluates per pixel. Must not change the distances it returns.
   */
  readonly tile?: (x: number, y: number, z: number, radiusMm: number) => void;
}

/** The phantom: a body distance function for the cache, and the layers in painting order. */
export interface Phantom {
  readonly bodySdf: (x: number, y: number, z: number) => number;
  /** Subcutaneous fat thickness, mm (smooth; may be interpolated between samples). */
  readonly fatThickness: (x: number, y: number, z: number) => number;
  readonly layers: readonly Layer[];
}
