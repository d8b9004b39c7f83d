/**
 * Canvas-space layout of the teaching overlay on one image: the paths each finding draws, where its label
 * goes so it hides no finding (nor another label, nor the corner text), the leader line from label to
 * finding, and which finding a click hits. Pure geometry in CSS pixels; no DOM, no Cornerstone.
 */
import type { AnnotationKind } from '../model/TeachingAnnotation.ts';
import type { CanvasPoint } from '../model/ViewerController.ts';

/** An axis-aligned rectangle on the canvas, CSS px. */
export interface CanvasRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One finding to lay out, its handles already on the canvas. */
export interface OverlayItem {
  readonly id: string;
  readonly kind: AnnotationKind;
  /** Handles in the order of the kind (see TeachingAnnotation): e.g. [tail, tip], [centre, axis 1, axis 2]. */
  readonly points: readonly CanvasPoint[];
  /** Polylines only: join the last vertex to the first. */
  readonly closed?: boolean;
  /** The words drawn beside the finding; for `text` annotations, the text drawn at the anchor. */
  readonly label: string;
  /** Laid out first, so it gets the best place. */
  readonly highlighted?: boolean;
}

/** A stroke to draw: open or closed, optionally filled (arrow heads). */
export interface OverlayPath {
  readonly points: readonly CanvasPoint[];
  readonly closed: boolean;
  readonly filled: boolean;
}

/** Where one finding's label goes. */
export interface LabelPlacement {
  readonly box: CanvasRect;
  /** From the box edge to the finding; null when the box touches the finding or needs none (text). */
  readonly leader: readonly [CanvasPoint, CanvasPoint] | null;
}

/** A finding laid out on the canvas. */
export interface OverlayItemLayout {
  readonly id: string;
  readonly paths: readonly OverlayPath[];
  readonly label: LabelPlacement;
}

/** What the layout needs to know about the canvas and the text. */
export interface LayoutOptions {
  readonly width: number;
  readonly height: number;
  /** Areas labels must avoid (corner text, orientation markers). */
  readonly reserved?: readonly CanvasRect[];
  /** Size of a label box for some words. */
  labelSize(text: string): { readonly width: number; readonly height: number };
}

/** Samples per ellipse outline. */
const ellipseSamples = 72;
/** Radius of the circle that marks a `point` annotation, px. */
export const pointRadiusPx = 6;
const arrowHeadLengthPx = 12;
const arrowHeadHalfWidthPx = 5;
/** How close (px) a label may come to a stroke before it counts as covering it. */
const clearancePx = 3;
/** Distances (px) from the finding's bounding box at which labels are tried, nearest first. */
const labelDistancesPx = [10, 24, 48, 84, 140, 220] as const;

const sub = (a: CanvasPoint, b: CanvasPoint): CanvasPoint => [a[0] - b[0], a[1] - b[1]];

/**
 * The strokes of a finding on the canvas: a line or polyline as given, an ellipse sampled from its centre and
 * semi-axis ends (an affine view of an ellipse is an ellipse, so this holds at any zoom or pan), a point as a
 * small circle, an arrow as a shaft and a filled head at the tip. `text` has no strokes.
 * @param item - the finding with its canvas handles
 */
export function shapePaths(item: Pick<OverlayItem, 'kind' | 'points' | 'closed'>): OverlayPath[] {
  const [p0, p1, p2] = item.points;
  if (!p0) return [];
  switch (item.kind) {
    case 'line':
      return p1 ? [{ points: [p0, p1], closed: false, filled: false }] : [];
    case 'polyline':
      return [{ points: item.points, closed: item.closed === true, filled: false }];
    case 'ellipse': {
      if (!p1 || !p2) return [];
      const a = sub(p1, p0);
      const b = sub(p2, p0);
      const points: CanvasPoint[] = [];
      for (let i = 0; i < ellipseSamples; i++) {
        const t = (2 * Math.PI * i) / ellipseSamples;
        points.push([
          p0[0] + Math.cos(t) * a[0] + Math.sin(t) * b[0],
          p0[1] + Math.cos(t) * a[1] + Math.sin(t) * b[1],
        ]);
      }
      return [{ points, closed: true, filled: false }];
    }
    case 'point': {
      const points: CanvasPoint[] = [];
      for (let i = 0; i < 24; i++) {
        const t = (2 * Math.PI * i) / 24;
        points.push([p0[0] + pointRadiusPx * Math.cos(t), p0[1] + pointRadiusPx * Math.sin(t)]);
      }
      return [{ points, closed: true, filled: false }];
    }
    case 'arrow': {
      if (!p1) return [];
      const d = sub(p1, p0);
      const length = Math.hypot(d[0], d[1]);
      if (length < 1e-6) return [];
      const u: CanvasPoint = [d[0] / length, d[1] / length];
      const head = Math.min(arrowHeadLengthPx, length * 0.6);
      const base: CanvasPoint = [p1[0] - u[0] * head, p1[1] - u[1] * head];
      const half = (arrowHeadHalfWidthPx * head) / arrowHeadLengthPx;
      return [
        { points: [p0, base], closed: false, filled: false },
        {
          points: [
            p1,
            [base[0] - u[1] * half, base[1] + u[0] * half],
            [base[0] + u[1] * half, base[1] - u[0] * half],
          ],
          closed: true,
          filled: true,
        },
      ];
    }
    case 'text':
      return [];
  }
}

/** The segments of a path (closed paths include the closing one). */
function segmentsOf(path: OverlayPath): Array<readonly [CanvasPoint, CanvasPoint]> {
  const out: Array<readonly [CanvasPoint, CanvasPoint]> = [];
  const { points } = path;
  for (let i = 1; i < points.length; i++) out.push([points[i - 1] as CanvasPoint, points[i] as CanvasPoint]);
  const first = points[0];
  const last = points[points.length - 1];
  if (path.closed && first && last && points.length > 2) out.push([last, first]);
  return out;
}

/** Bounding box of some points (a zero-size box at the first point when there is one). */
function boundsOf(points: readonly CanvasPoint[]): CanvasRect | null {
  if (points.length === 0) return null;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const inflate = (r: CanvasRect, by: number): CanvasRect => ({
  x: r.x - by,
  y: r.y - by,
  width: r.width + 2 * by,
  height: r.height + 2 * by,
});

const containsPoint = (r: CanvasRect, p: CanvasPoint): boolean =>
  p[0] >= r.x && p[0] <= r.x + r.width && p[1] >= r.y && p[1] <= r.y + r.height;

function overlapArea(a: CanvasRect, b: CanvasRect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** True when segment a–b crosses or lies in rectangle r (Liang–Barsky clipping). */
function segmentHitsRect(a: CanvasPoint, b: CanvasPoint, r: CanvasRect): boolean {
  if (containsPoint(r, a) || containsPoint(r, b)) return true;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return (
    clip(-dx, a[0] - r.x) &&
    clip(dx, r.x + r.width - a[0]) &&
    clip(-dy, a[1] - r.y) &&
    clip(dy, r.y + r.height - a[1]) &&
    t0 <= t1
  );
}

/** Even–odd test: is `p` inside the polygon? */
function insidePolygon(points: readonly CanvasPoint[], p: CanvasPoint): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i] as CanvasPoint;
    const b = points[j] as CanvasPoint;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

function polygonArea(points: readonly CanvasPoint[]): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i] as CanvasPoint;
    const b = points[j] as CanvasPoint;
    sum += (b[0] + a[0]) * (b[1] - a[1]);
  }
  return Math.abs(sum / 2);
}

/** Closest point to `p` on segment a–b. */
function closestOnSegment(a: CanvasPoint, b: CanvasPoint, p: CanvasPoint): CanvasPoint {
  const d = sub(b, a);
  const len2 = d[0] * d[0] + d[1] * d[1];
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len2)) : 0;
  return [a[0] + t * d[0], a[1] + t * d[1]];
}

/** Closest point to `p` on a rectangle's outline (or `p` itself when inside). */
function closestOnRect(r: CanvasRect, p: CanvasPoint): CanvasPoint {
  return [Math.max(r.x, Math.min(r.x + r.width, p[0])), Math.max(r.y, Math.min(r.y + r.height, p[1]))];
}

const distance = (a: CanvasPoint, b: CanvasPoint): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The point of a finding's strokes (or handles) nearest to `p`. */
function nearestOnItem(
  paths: readonly OverlayPath[],
  handles: readonly CanvasPoint[],
  p: CanvasPoint,
): CanvasPoint {
  let best: CanvasPoint = handles[0] ?? p;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const path of paths) {
    const segments = segmentsOf(path);
    if (segments.length === 0 && path.points[0]) segments.push([path.points[0], path.points[0]]);
    for (const [a, b] of segments) {
      const q = closestOnSegment(a, b, p);
      const d = distance(q, p);
      if (d < bestDistance) {
        bestDistance = d;
        best = q;
      }
    }
  }
  return best;
}

/** Everything a label must not cover: strokes, closed shapes' insides, other labels, reserved areas. */
interface Obstacles {
  readonly segments: Array<readonly [CanvasPoint, CanvasPoint]>;
  readonly polygons: Array<readonly CanvasPoint[]>;
  readonly boxes: CanvasRect[];
}

function cost(box: CanvasRect, obstacles: Obstacles, options: LayoutOptions): number {
  let total = 0;
  const outside =
    box.width * box.height -
    overlapArea(box, { x: 2, y: 2, width: options.width - 4, height: options.height - 4 });
  total += outside * 50;
  const padded = inflate(box, clearancePx);
  for (const [a, b] of obstacles.segments) if (segmentHitsRect(a, b, padded)) total += 1000;
  const corners: CanvasPoint[] = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height],
    [box.x + box.width / 2, box.y + box.height / 2],
  ];
  for (const polygon of obstacles.polygons) {
    if (corners.some((c) => insidePolygon(polygon, c))) total += 600;
  }
  for (const other of obstacles.boxes) total += overlapArea(padded, other) * 20;
  return total;
}

/**
 * Lays out the findings of one image: strokes, then labels, highlighted finding first, each label in the
 * cheapest of a ring of places around its finding (nearest and right-hand first) that keeps it off every
 * stroke, off the inside of every closed outline, off earlier labels and reserved areas, and on the canvas;
 * a leader line joins a label to its finding. `text` annotations are drawn where they are anchored (moved
 * just enough to stay on the canvas).
 * @param items - findings with canvas handles, in drawing order
 * @param options - canvas size, reserved areas, label size
 * @returns one layout per item, in the input order
 */
export function layoutOverlay(items: readonly OverlayItem[], options: LayoutOptions): OverlayItemLayout[] {
  const paths = items.map((item) => shapePaths(item));
  const obstacles: Obstacles = { segments: [], polygons: [], boxes: [...(options.reserved ?? [])] };
  paths.forEach((list) => {
    for (const path of list) {
      obstacles.segments.push(...segmentsOf(path));
      if (path.closed && path.points.length > 2) obstacles.polygons.push(path.points);
    }
  });
  const labels = new Map<number, LabelPlacement>();
  // Text annotations sit where they were anchored: they are obstacles before any label is placed.
  items.forEach((item, i) => {
    if (item.kind !== 'text' || !item.points[0]) return;
    const size = options.labelSize(item.label);
    const [x, y] = item.points[0];
    // Kept on the canvas: in a small viewport, text anchored near an edge would otherwise be cut off.
    const box = {
      x: Math.max(2, Math.min(x, options.width - size.width - 2)),
      y: Math.max(2, Math.min(y - size.height / 2, options.height - size.height - 2)),
      width: size.width,
      height: size.height,
    };
    labels.set(i, { box, leader: null });
    obstacles.boxes.push(box);
  });
  const order = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.kind !== 'text')
    .sort((a, b) => Number(b.item.highlighted === true) - Number(a.item.highlighted === true) || a.i - b.i);
  for (const { item, i } of order) {
    const itemPaths = paths[i] ?? [];
    const bounds = boundsOf(itemPaths.flatMap((p) => p.points).concat(item.points)) ?? {
      x: 0,
      y: 0,
      width: 0,
      height: 0,
    };
    const { width: w, height: h } = options.labelSize(item.label);
    const cx = bounds.x + bounds.width / 2;
    const cy = bounds.y + bounds.height / 2;
    const right = bounds.x + bounds.width;
    const bottom = bounds.y + bounds.height;
    let chosen: CanvasRect = { x: right + labelDistancesPx[0], y: cy - h / 2, width: w, height: h };
    let chosenCost = Number.POSITIVE_INFINITY;
    for (const [ring, d] of labelDistancesPx.entries()) {
      const diagonal = d * 0.7;
      const candidates: Array<readonly [number, number]> = [
        [right + d, cy - h / 2],
        [bounds.x - d - w, cy - h / 2],
        [cx - w / 2, bounds.y - d - h],
        [cx - w / 2, bottom + d],
        [right + diagonal, bounds.y - diagonal - h],
        [right + diagonal, bottom + diagonal],
        [bounds.x - diagonal - w, bounds.y - diagonal - h],
        [bounds.x - diagonal - w, bottom + diagonal],
      ];
      for (const [side, [x, y]] of candidates.entries()) {
        const box = { x, y, width: w, height: h };
        const c = cost(box, obstacles, options) + ring * 30 + side * 2;
        if (c < chosenCost) {
          chosen = box;
          chosenCost = c;
        }
      }
    }
    obstacles.boxes.push(chosen);
    const centre: CanvasPoint = [chosen.x + chosen.width / 2, chosen.y + chosen.height / 2];
    const onItem = nearestOnItem(itemPaths, item.points, centre);
    const onBox = closestOnRect(chosen, onItem);
    labels.set(i, { box: chosen, leader: distance(onItem, onBox) > 4 ? [onBox, onItem] : null });
  }
  return items.map((item, i) => ({
    id: item.id,
    paths: paths[i] ?? [],
    label: labels.get(i) ?? { box: { x: 0, y: 0, width: 0, height: 0 }, leader: null },
  }));
}

/**
 * Which finding a click at `point` is on: a label box first (the last drawn wins), then the nearest stroke
 * within `tolerancePx`, then the smallest closed outline around the point.
 * @param layouts - what was drawn, in drawing order
 * @param point - the click, canvas px
 * @param tolerancePx - how far from a stroke still counts
 * @returns the finding id, or null
 */
export function hitTestOverlay(
  layouts: readonly OverlayItemLayout[],
  point: CanvasPoint,
  tolerancePx = 6,
): string | null {
  for (let i = layouts.length - 1; i >= 0; i--) {
    const layout = layouts[i];
    if (layout && layout.label.box.width > 0 && containsPoint(inflate(layout.label.box, 2), point))
      return layout.id;
  }
  let nearest: { id: string; distance: number } | null = null;
  for (const layout of layouts) {
    for (const path of layout.paths) {
      if (path.filled && insidePolygon(path.points, point)) return layout.id;
      for (const [a, b] of segmentsOf(path)) {
        const d = distance(closestOnSegment(a, b, point), point);
        if (d <= tolerancePx && (!nearest || d < nearest.distance)) nearest = { id: layout.id, distance: d };
      }
    }
  }
  if (nearest) return nearest.id;
  let smallest: { id: string; area: number } | null = null;
  for (const layout of layouts) {
    for (const path of layout.paths) {
      if (!path.closed || path.points.length < 3 || !insidePolygon(path.points, point)) continue;
      const area = polygonArea(path.points);
      if (!smallest || area < smallest.area) smallest = { id: layout.id, area };
    }
  }
  return smallest?.id ?? null;
}
