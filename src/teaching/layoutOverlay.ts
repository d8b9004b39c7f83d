/**
 * Canvas-space layout of the teaching overlay on one image: the paths each finding draws, where its label
 * goes (beside its own finding, on the finding's side of the midline, hiding no finding, label or corner
 * text), the leader line from label to finding, and which finding a click hits. Pure geometry in CSS
 * pixels; no DOM, no Cornerstone.
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
  /** From the box edge to the finding; null only for text annotations (drawn where anchored). */
  readonly leader: readonly [CanvasPoint, CanvasPoint] | null;
  /** The label's lines: one, or two when one line would not fit on the finding's side of the midline. */
  readonly lines: readonly string[];
}

/** A finding laid out on the canvas. */
export interface OverlayItemLayout {
  readonly id: string;
  readonly paths: readonly OverlayPath[];
  /** Not drawn, but a click on them hits the finding: the interface a level's ticks mark. */
  readonly hitPaths?: readonly OverlayPath[];
  readonly label: LabelPlacement;
}

/** What the layout needs to know about the canvas and the text. */
export interface LayoutOptions {
  readonly width: number;
  readonly height: number;
  /** Areas labels must avoid (corner text, orientation markers). */
  readonly reserved?: readonly CanvasRect[];
  /** Size of a label box for some words; lines are separated by `\n`. */
  labelSize(text: string): { readonly width: number; readonly height: number };
  /**
   * The patient's midline on the canvas (two points on it), when known: a finding off the midline gets its
   * label on its own side, outward, never over the other side (a label of the left pubis over the right
   * pubis would name the wrong bone).
   */
  readonly midline?: readonly [CanvasPoint, CanvasPoint];
}

/** Font size of label text, CSS px. */
export const labelFontSizePx = 12;
/** Space between a label's text and the edge of its box, CSS px. */
export const labelMarginPx = 3;
/** Average advance of a character of the label font, as a fraction of the font size (Helvetica/Arial). */
const charWidthEm = 0.56;

/**
 * The size of a label box for some words, estimated from the character count (the layout runs before the
 * text is drawn and measured).
 * @param text - the label
 */
export function estimateLabelSize(text: string): { width: number; height: number } {
  const lines = text.split('\n');
  const longest = Math.max(...lines.map((line) => line.length));
  return {
    width: Math.ceil(longest * labelFontSizePx * charWidthEm) + 2 * labelMarginPx,
    height: Math.ceil(labelFontSizePx * 1.25 * lines.length) + 2 * labelMarginPx,
  };
}

/**
 * A label in two lines, broken at the space nearest its middle (the label itself when it has no space).
 * @param text - a one-line label
 */
export function wrapLabel(text: string): readonly string[] {
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
  }
  return best < 0 ? [text] : [text.slice(0, best), text.slice(best + 1)];
}

/**
 * Canvas areas the viewport's own text uses (corner overlays, orientation markers), which labels avoid. The
 * corner blocks are at most 42% of the width (see ViewportCell).
 * @param width - canvas width, CSS px
 * @param height - canvas height, CSS px
 */
export function cornerTextAreas(width: number, height: number): CanvasRect[] {
  const side = width * 0.42;
  return [
    { x: 0, y: 0, width: side, height: 44 },
    { x: width - side, y: 0, width: side, height: 60 },
    { x: 0, y: height - 60, width: side, height: 60 },
    { x: width - side, y: height - 44, width: side, height: 44 },
    { x: width / 2 - 14, y: 0, width: 28, height: 26 },
    { x: width / 2 - 14, y: height - 26, width: 28, height: 26 },
    { x: 0, y: height / 2 - 13, width: 26, height: 26 },
    { x: width - 26, y: height / 2 - 13, width: 26, height: 26 },
  ];
}

/** Samples per ellipse outline. */
const ellipseSamples = 72;
/** Radius of the circle that marks a `point` annotation, px. */
export const pointRadiusPx = 6;
const arrowHeadLengthPx = 12;
/**
 * A `line` marks an interface (a fluid–calcium level): it is drawn as two ticks on the line's extension,
 * each starting this far beyond its end (or beyond the outline around the line, see layoutOverlay), so the
 * interface itself stays visible between them.
 */
export const levelTickGapPx = 3;
/** Length of each level tick, px. */
export const levelTickLengthPx = 12;
/** The cost of a label place nearer another finding than its own. */
const nearerPenalty = 800;
/** A finding whose centre is this close to the midline (px) has no side. */
const midlineDeadZonePx = 8;
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
      return p1 ? levelTicks(p0, p1, [levelTickGapPx, levelTickGapPx]) : [];
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

/**
 * The two ticks that mark an interface from a to b: on the line's extension beyond each end, starting
 * `startPx[0]` beyond a and `startPx[1]` beyond b, each levelTickLengthPx long. Nothing is drawn between a and
 * b, so the interface (the level on the image) is not hidden by its own marker.
 * @param a - one end of the interface
 * @param b - the other end
 * @param startPx - how far beyond a and beyond b each tick starts
 */
export function levelTicks(
  a: CanvasPoint,
  b: CanvasPoint,
  startPx: readonly [number, number],
): OverlayPath[] {
  const d = sub(b, a);
  const length = Math.hypot(d[0], d[1]);
  if (length < 1e-6) return [];
  const u: CanvasPoint = [d[0] / length, d[1] / length];
  const tick = (end: CanvasPoint, sign: number, start: number): OverlayPath => ({
    points: [
      [end[0] + sign * u[0] * start, end[1] + sign * u[1] * start],
      [
        end[0] + sign * u[0] * (start + levelTickLengthPx),
        end[1] + sign * u[1] * (start + levelTickLengthPx),
      ],
    ],
    closed: false,
    filled: false,
  });
  return [tick(a, -1, startPx[0]), tick(b, 1, startPx[1])];
}

/**
 * How far (px) along the ray from `from` in direction `u` the last crossing of a closed outline lies, or 0
 * when the ray crosses none.
 */
function lastCrossing(from: CanvasPoint, u: CanvasPoint, polygon: readonly CanvasPoint[]): number {
  let far = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[j] as CanvasPoint;
    const b = polygon[i] as CanvasPoint;
    const e = sub(b, a);
    const denominator = u[0] * e[1] - u[1] * e[0];
    if (Math.abs(denominator) < 1e-12) continue;
    const w = sub(a, from);
    const t = (w[0] * e[1] - w[1] * e[0]) / denominator;
    const s = (w[0] * u[1] - w[1] * u[0]) / denominator;
    if (t > 0 && s >= 0 && s <= 1) far = Math.max(far, t);
  }
  return far;
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

/** Shortest distance between a rectangle and a segment (0 when they touch). */
function rectToSegment(r: CanvasRect, a: CanvasPoint, b: CanvasPoint): number {
  if (segmentHitsRect(a, b, r)) return 0;
  const corners: CanvasPoint[] = [
    [r.x, r.y],
    [r.x + r.width, r.y],
    [r.x, r.y + r.height],
    [r.x + r.width, r.y + r.height],
  ];
  let best = Math.min(distance(a, closestOnRect(r, a)), distance(b, closestOnRect(r, b)));
  for (const c of corners) best = Math.min(best, distance(c, closestOnSegment(a, b, c)));
  return best;
}

/** Shortest distance between a rectangle and a finding's strokes. */
function rectToSegments(r: CanvasRect, segments: readonly (readonly [CanvasPoint, CanvasPoint])[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const [a, b] of segments) {
    best = Math.min(best, rectToSegment(r, a, b));
    if (best === 0) break;
  }
  return best;
}

/** Shortest distance between two rectangles (0 when they overlap). */
function rectToRect(a: CanvasRect, b: CanvasRect): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

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
  const shapes = items.map((item) => shapePaths(item));
  const outlines = shapes.flatMap((list, i) =>
    list
      .filter((p) => p.closed && !p.filled && p.points.length > 2)
      .map((p) => ({ owner: i, points: p.points })),
  );
  // A level inside an outline (a loculus and its rim) gets its ticks just outside that outline: there they
  // point at the interface from both sides without covering it, and its label can sit beside a tick.
  const paths = shapes.map((list, i) => {
    const item = items[i];
    const [a, b] = item?.points ?? [];
    if (item?.kind !== 'line' || !a || !b) return list;
    const middle: CanvasPoint = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const length = distance(a, b);
    if (length < 1e-6) return list;
    const u: CanvasPoint = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
    const back: CanvasPoint = [-u[0], -u[1]];
    let beyondA = 0;
    let beyondB = 0;
    for (const outline of outlines) {
      if (outline.owner === i || !insidePolygon(outline.points, middle)) continue;
      beyondA = Math.max(beyondA, lastCrossing(a, back, outline.points));
      beyondB = Math.max(beyondB, lastCrossing(b, u, outline.points));
    }
    return levelTicks(a, b, [beyondA + levelTickGapPx, beyondB + levelTickGapPx]);
  });
  const strokesOf = paths.map((list) => list.flatMap((path) => segmentsOf(path)));
  const strokeBounds = paths.map((list) => boundsOf(list.flatMap((p) => p.points)));
  const [m0, m1] = options.midline ?? [];
  const midlineDirection = m0 && m1 && distance(m0, m1) > 1e-6 ? sub(m1, m0) : null;
  /** Signed distance (px) of a point from the midline; positive on the side the normal [dy, −dx] points to. */
  const sideOf = (p: CanvasPoint): number => {
    if (!m0 || !midlineDirection) return 0;
    const length = Math.hypot(midlineDirection[0], midlineDirection[1]);
    return (midlineDirection[1] * (p[0] - m0[0]) - midlineDirection[0] * (p[1] - m0[1])) / length;
  };
  const obstacles: Obstacles = { segments: [], polygons: [], boxes: [...(options.reserved ?? [])] };
  paths.forEach((list, i) => {
    for (const path of list) {
      obstacles.segments.push(...segmentsOf(path));
      if (path.closed && path.points.length > 2) obstacles.polygons.push(path.points);
    }
    // The interface a level marks is not drawn, but no label may hide it.
    const [a, b] = items[i]?.points ?? [];
    if (items[i]?.kind === 'line' && a && b) obstacles.segments.push([a, b]);
  });
  const labels = new Map<number, LabelPlacement>();
  // Text annotations sit where they were anchored: they are obstacles before any label is placed.
  items.forEach((item, i) => {
    if (item.kind !== 'text' || !item.points[0]) return;
    const [x, y] = item.points[0];
    // In two lines when one would run off the canvas from its anchor (a small viewport), rather than moved
    // away from where it was put, perhaps across the midline.
    let lines: readonly string[] = [item.label];
    let size = options.labelSize(item.label);
    if (x + size.width > options.width - 2) {
      const wrapped = wrapLabel(item.label);
      const wrappedSize = options.labelSize(wrapped.join('\n'));
      if (wrapped.length > 1 && wrappedSize.width < size.width) {
        lines = wrapped;
        size = wrappedSize;
      }
    }
    // Kept on the canvas: in a small viewport, text anchored near an edge would otherwise be cut off.
    const box = {
      x: Math.max(2, Math.min(x, options.width - size.width - 2)),
      y: Math.max(2, Math.min(y - size.height / 2, options.height - size.height - 2)),
      width: size.width,
      height: size.height,
    };
    labels.set(i, { box, leader: null, lines });
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
    const cx = bounds.x + bounds.width / 2;
    const cy = bounds.y + bounds.height / 2;
    const right = bounds.x + bounds.width;
    const bottom = bounds.y + bounds.height;
    // The finding's side of the midline (+1, −1, or 0 on it), and the outward direction on the canvas.
    const signed = sideOf([cx, cy]);
    const side = Math.abs(signed) > midlineDeadZonePx ? Math.sign(signed) : 0;
    const outward: CanvasPoint | null =
      side !== 0 && midlineDirection
        ? (() => {
            const length = Math.hypot(midlineDirection[0], midlineDirection[1]);
            return [(side * midlineDirection[1]) / length, (-side * midlineDirection[0]) / length];
          })()
        : null;
    const ownStrokes = strokesOf[i] ?? [];
    const [tail, tip] = item.kind === 'arrow' ? item.points : [];
    const shaftQuarter: CanvasPoint =
      tail && tip ? [tail[0] + (tip[0] - tail[0]) / 4, tail[1] + (tip[1] - tail[1]) / 4] : [0, 0];
    // One line, or two (at a small cost) when one does not fit beside the finding, e.g. in a 2×2 cell.
    const variants: Array<{ lines: readonly string[]; extra: number }> = [{ lines: [item.label], extra: 0 }];
    const wrapped = wrapLabel(item.label);
    if (wrapped.length > 1) variants.push({ lines: wrapped, extra: 40 });
    const first = options.labelSize(item.label);
    let chosen: CanvasRect = {
      x: right + labelDistancesPx[0],
      y: cy - first.height / 2,
      width: first.width,
      height: first.height,
    };
    let lines: readonly string[] = [item.label];
    let chosenCost = Number.POSITIVE_INFINITY;
    for (const variant of variants) {
      const { width: w, height: h } = options.labelSize(variant.lines.join('\n'));
      for (const [ring, d] of labelDistancesPx.entries()) {
        const diagonal = d * 0.7;
        const candidates: Array<readonly [number, number, CanvasPoint]> = [
          [right + d, cy - h / 2, [1, 0]],
          [bounds.x - d - w, cy - h / 2, [-1, 0]],
          [cx - w / 2, bounds.y - d - h, [0, -1]],
          [cx - w / 2, bottom + d, [0, 1]],
          // Above and below, reaching out to one side only (toward the outward side when there is one).
          [cx, bounds.y - d - h, [0.5, -1]],
          [cx, bottom + d, [0.5, 1]],
          [cx - w, bounds.y - d - h, [-0.5, -1]],
          [cx - w, bottom + d, [-0.5, 1]],
          // An arrow's label belongs at its tail, where the arrow starts.
          ...(tail && tip
            ? ([
                [tail[0] + d, tail[1] - h / 2, [1, 0]],
                [tail[0] - d - w, tail[1] - h / 2, [-1, 0]],
                [tail[0] - w / 2, tail[1] + d, [0, 1]],
                [tail[0] - w / 2, tail[1] - d - h, [0, -1]],
                // Beside the shaft a quarter of the way to the tip, when the tail is hemmed in.
                [shaftQuarter[0] + d, shaftQuarter[1] - h / 2, [1, 0]],
                [shaftQuarter[0] - d - w, shaftQuarter[1] - h / 2, [-1, 0]],
              ] as const)
            : []),
          [right + diagonal, bounds.y - diagonal - h, [Math.SQRT1_2, -Math.SQRT1_2]],
          [right + diagonal, bottom + diagonal, [Math.SQRT1_2, Math.SQRT1_2]],
          [bounds.x - diagonal - w, bounds.y - diagonal - h, [-Math.SQRT1_2, -Math.SQRT1_2]],
          [bounds.x - diagonal - w, bottom + diagonal, [-Math.SQRT1_2, Math.SQRT1_2]],
        ];
        for (const [order, [x, y, direction]] of candidates.entries()) {
          const box = { x, y, width: w, height: h };
          // Outward first; with no side (on the midline, or midline unknown), right-hand first.
          const preference = outward
            ? (1 - (direction[0] * outward[0] + direction[1] * outward[1])) * 20
            : order * 2;
          let c = cost(box, obstacles, options) + ring * 30 + preference;
          if (side !== 0) {
            const corners: CanvasPoint[] = [
              [x, y],
              [x + w, y],
              [x, y + h],
              [x + w, y + h],
            ];
            if (corners.some((p) => Math.sign(sideOf(p)) === -side)) c += 1500;
          }
          // Nearer its own finding than any other, so the eye pairs them without reading the leader.
          const own = rectToSegments(box, ownStrokes);
          items.forEach((other, j) => {
            const otherBounds = strokeBounds[j];
            if (j === i || other.kind === 'text' || !otherBounds) return;
            if (rectToRect(box, otherBounds) > own + 1) return;
            if (rectToSegments(box, strokesOf[j] ?? []) <= own + 1) c += nearerPenalty;
          });
          c += variant.extra;
          if (c < chosenCost) {
            chosen = box;
            chosenCost = c;
            lines = variant.lines;
          }
        }
      }
    }
    obstacles.boxes.push(chosen);
    const centre: CanvasPoint = [chosen.x + chosen.width / 2, chosen.y + chosen.height / 2];
    const onItem = nearestOnItem(itemPaths, item.points, centre);
    const onBox = closestOnRect(chosen, onItem);
    // Always a leader: the label names the finding its line touches, even when it sits close beside it.
    labels.set(i, { box: chosen, leader: distance(onItem, onBox) > 0.5 ? [onBox, onItem] : null, lines });
  }
  return items.map((item, i) => ({
    id: item.id,
    paths: paths[i] ?? [],
    ...(items[i]?.kind === 'line' && items[i]?.points.length === 2
      ? { hitPaths: [{ points: items[i]?.points ?? [], closed: false, filled: false }] }
      : {}),
    label: labels.get(i) ?? { box: { x: 0, y: 0, width: 0, height: 0 }, leader: null, lines: [] },
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
    for (const path of [...layout.paths, ...(layout.hitPaths ?? [])]) {
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
