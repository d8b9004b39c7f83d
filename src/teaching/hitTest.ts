/**
 * Hit tests for locate questions: does a click on an image (patient mm on a cross-sectional image, pixels
 * on a radiograph) land on a target annotation, and how far from it is it? Distances are in millimetres in
 * the annotation's image plane (in-plane) and between the click's plane and that plane (through-plane).
 * Pure maths; depends on src/model and the annotation placements only.
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import {
  displacement,
  dot,
  type ImagePlane,
  type ImagePoint,
  imagePlane,
  scale,
  translate,
  type WorldPoint,
} from '../model/geometry.ts';
import type { Placement } from './placeAnnotation.ts';

/** A click on one image, as a quiz records it (plain arrays: it serialises as JSON). */
export interface ImageClick {
  readonly seriesKey: string;
  /** The image the click was made on (the viewport's current image). */
  readonly SOPInstanceUID: string;
  /** Patient mm (LPS) of the click: needed on cross-sectional images. */
  readonly world?: WorldPoint;
  /** [column, row] of the click (pixel centres at integers): needed on projection images. */
  readonly image?: ImagePoint;
}

/** How close a click must be to count, mm. */
export interface HitTolerance {
  /** Largest in-plane distance from the drawn geometry. */
  readonly toleranceMm: number;
  /** Largest distance between the click's image plane and the annotation's. */
  readonly throughPlaneMm: number;
}

/** How far a click is from one target. */
export interface TargetDistance {
  readonly annotationId: string;
  /** Distance in the annotation's image plane from its geometry (0 inside a closed shape), mm. */
  readonly inPlaneMm: number;
  /** Distance between the click's image plane and the annotation's image plane, mm (0 on a radiograph). */
  readonly throughPlaneMm: number;
  readonly hit: boolean;
}

/** Why a click that is not a hit missed. */
export type MissReason =
  /** Near enough on some image plane, but the click's slice is too far from the finding's. */
  | 'other-slice'
  /** On a comparable image, but too far in the plane. */
  | 'too-far'
  /** No target is on an image the click can be compared with (another frame of reference, another radiograph). */
  | 'not-comparable';

/** The outcome of a hit test. */
export interface HitResult {
  readonly hit: boolean;
  /** The target hit (the nearest of those hit), else the nearest comparable target; null when none is. */
  readonly nearest: TargetDistance | null;
  /** Every comparable target, in the order given. */
  readonly distances: readonly TargetDistance[];
  /** Absent on a hit. */
  readonly reason?: MissReason;
}

/** Through-plane slack for rounding: positions written to 0.01 mm. */
const EPSILON_MM = 1e-6;

/**
 * Tests a click against target annotations. A patient-space target counts when the click's image is in its
 * frame of reference, the click's plane lies within `throughPlaneMm` of the target's image plane, and the
 * click projected onto that plane lies within `toleranceMm` of the geometry. A pixel-space target (a
 * radiograph) counts on its own image only, pixels scaled by PixelSpacing to mm.
 * @param click - where the learner clicked
 * @param targets - the targets' placements (from the annotation index)
 * @param tolerance - the question's tolerances
 * @param manifest - the open case
 */
export function hitTest(
  click: ImageClick,
  targets: readonly Placement[],
  tolerance: HitTolerance,
  manifest: CaseManifest,
): HitResult {
  const series = manifest.series.find((s) => s.key === click.seriesKey);
  const imageIndex = series?.instances.findIndex((i) => i.SOPInstanceUID === click.SOPInstanceUID) ?? -1;
  const distances: TargetDistance[] = [];
  if (series && imageIndex >= 0) {
    const clickPlane = imagePlane(series, imageIndex);
    for (const target of targets) {
      const d = distanceTo(click, series, clickPlane, target);
      if (!d) continue;
      const hit =
        d.inPlaneMm <= tolerance.toleranceMm + EPSILON_MM &&
        d.throughPlaneMm <= tolerance.throughPlaneMm + EPSILON_MM;
      distances.push({ annotationId: target.annotation.id, ...d, hit });
    }
  }
  const hits = distances.filter((d) => d.hit);
  if (hits.length > 0) {
    return { hit: true, nearest: minBy(hits, (d) => d.inPlaneMm), distances };
  }
  if (distances.length === 0) return { hit: false, nearest: null, distances, reason: 'not-comparable' };
  const nearest = minBy(distances, (d) => Math.hypot(d.inPlaneMm, d.throughPlaneMm));
  const inPlaneOk = distances.some((d) => d.inPlaneMm <= tolerance.toleranceMm + EPSILON_MM);
  return { hit: false, nearest, distances, reason: inPlaneOk ? 'other-slice' : 'too-far' };
}

/** In-plane and through-plane distances of a click from one target, or null when not comparable. */
function distanceTo(
  click: ImageClick,
  series: ManifestSeries,
  clickPlane: ImagePlane | undefined,
  target: Placement,
): { inPlaneMm: number; throughPlaneMm: number } | null {
  const { annotation } = target;
  if (annotation.space === 'pixel') {
    if (annotation.image.SOPInstanceUID !== click.SOPInstanceUID || !click.image) return null;
    const [rowMm, columnMm] = target.series.PixelSpacing;
    const toMm = (p: ImagePoint): Vec2 => [p[0] * columnMm, p[1] * rowMm];
    const points = annotation.points.map(toMm);
    const closed = annotation.kind === 'polyline' && annotation.closed;
    return {
      inPlaneMm: distanceToShape(annotation.kind, points, closed, toMm(click.image)),
      throughPlaneMm: 0,
    };
  }
  const plane = target.plane;
  if (!plane || !clickPlane || !click.world) return null;
  if (series.FrameOfReferenceUID !== annotation.image.FrameOfReferenceUID) return null;
  // The click is on its own image's plane (a viewer's canvas-to-world may be off by rounding).
  const onClickPlane = translate(
    click.world,
    scale(clickPlane.normal, -dot(displacement(clickPlane.origin, click.world), clickPlane.normal)),
  );
  const inPlane = (p: WorldPoint): Vec2 => {
    const d = displacement(plane.origin, p);
    return [dot(d, plane.rowDirection), dot(d, plane.columnDirection)];
  };
  const throughPlaneMm = Math.abs(dot(displacement(plane.origin, onClickPlane), plane.normal));
  const points = annotation.points.map(inPlane);
  const closed = annotation.kind === 'polyline' && annotation.closed;
  return {
    inPlaneMm: distanceToShape(annotation.kind, points, closed, inPlane(onClickPlane)),
    throughPlaneMm,
  };
}

/** A point in an image plane, mm along its rows and columns. */
export type Vec2 = readonly [number, number];

/**
 * In-plane distance of a point from an annotation's geometry, mm: a point or text anchor (distance to it),
 * an arrow (to its tip), a line (to the segment), an open polyline (to the path), a closed polyline or an
 * ellipse (0 inside, else to the edge).
 * @param kind - the annotation kind
 * @param points - its handles in plane mm, as the annotation stores them
 * @param closed - a polyline's `closed`
 * @param p - the point
 */
export function distanceToShape(kind: string, points: readonly Vec2[], closed: boolean, p: Vec2): number {
  const first = points[0];
  if (!first) return Number.POSITIVE_INFINITY;
  switch (kind) {
    case 'arrow':
      return distance(points[1] ?? first, p);
    case 'line':
      return pathDistance(points, false, p);
    case 'polyline':
      if (closed && insidePolygon(points, p)) return 0;
      return pathDistance(points, closed, p);
    case 'ellipse':
      return ellipseDistance(points, p);
    default:
      return distance(first, p);
  }
}

const distance = (a: Vec2, b: Vec2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Distance from p to the segment ab. */
function segmentDistance(a: Vec2, b: Vec2, p: Vec2): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

function pathDistance(points: readonly Vec2[], closed: boolean, p: Vec2): number {
  let best = Number.POSITIVE_INFINITY;
  const n = points.length;
  if (n === 1 && points[0]) return distance(points[0], p);
  for (let i = 0; i < (closed ? n : n - 1); i++) {
    const a = points[i];
    const b = points[(i + 1) % n];
    if (a && b) best = Math.min(best, segmentDistance(a, b, p));
  }
  return best;
}

/** Even-odd rule. */
function insidePolygon(points: readonly Vec2[], p: Vec2): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if (!a || !b) continue;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** Edge samples of an ellipse: the chord error is below 1e-4 of its radius. */
const ELLIPSE_SAMPLES = 256;

/** 0 inside the ellipse [centre, end of first semi-axis, end of second], else the distance to its edge. */
function ellipseDistance(points: readonly Vec2[], p: Vec2): number {
  const [c, a1, a2] = points;
  if (!c || !a1 || !a2) return Number.POSITIVE_INFINITY;
  const e1: Vec2 = [a1[0] - c[0], a1[1] - c[1]];
  const e2: Vec2 = [a2[0] - c[0], a2[1] - c[1]];
  const det = e1[0] * e2[1] - e1[1] * e2[0];
  const q: Vec2 = [p[0] - c[0], p[1] - c[1]];
  if (det !== 0) {
    const s = (q[0] * e2[1] - q[1] * e2[0]) / det;
    const t = (e1[0] * q[1] - e1[1] * q[0]) / det;
    if (s * s + t * t <= 1) return 0;
  }
  const edge: Vec2[] = [];
  for (let i = 0; i < ELLIPSE_SAMPLES; i++) {
    const angle = (2 * Math.PI * i) / ELLIPSE_SAMPLES;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    edge.push([c[0] + cos * e1[0] + sin * e2[0], c[1] + cos * e1[1] + sin * e2[1]]);
  }
  return pathDistance(edge, true, p);
}

function minBy<T>(items: readonly T[], key: (item: T) => number): T | null {
  let best: T | null = null;
  let bestKey = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const k = key(item);
    if (k < bestKey) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}
