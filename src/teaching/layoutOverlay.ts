/**
 * Canvas-space layout of the teaching overlay on one image: the paths each finding draws, where its label
 * goes (beside its own finding, on the finding's side of the midline, hiding no finding, label or corner
 * text), the leader line from label to finding, and which finding a click hits. Pure geometry in CSS
 * pixels; no DOM, no Cornerstone.
 */
import { type CanvasPoint, type CanvasVector, canvasPoint, canvasVector } from '../model/geometry.ts';
import type { AnnotationKind } from '../model/TeachingAnnotation.ts';

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
  /**
   * The label's lines: one, or two or three when one line would not fit beside the finding on its side of
   * the midline.
   */
  readonly lines: readonly string[];
  /**
   * Font size of the label's text, CSS px: labelFontSizePx, or smallLabelFontSizePx where space is short
   * (each times the layout's labelScale).
   */
  readonly fontSizePx: number;
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
  /** Size of a label box for some words in a font size (CSS px); lines are separated by `\n`. */
  labelSize(text: string, fontSizePx: number): { readonly width: number; readonly height: number };
  /**
   * The patient's midline on the canvas (two points on it), when known: a finding off the midline gets its
   * label on its own side, outward, never over the other side (a label of the left pubis over the right
   * pubis would name the wrong bone).
   */
  readonly midline?: readonly [CanvasPoint, CanvasPoint];
  /**
   * Label font sizes are labelFontSizePx and smallLabelFontSizePx times this (absent: 1), e.g. 2 in lecture
   * mode so labels read on a projector.
   */
  readonly labelScale?: number;
}

/** Font size of label text, CSS px. */
export const labelFontSizePx = 12;
/**
 * The label scale of lecture mode: every label, the smaller font too, at 24 px or more (read on a
 * projector at 1280×720 from the back of a room).
 */
export const lectureLabelScale = 2.4;
/**
 * The smaller label font, used only where no full-size label fits beside its finding (a crowded image in
 * a 2×2 cell): still readable, and better than a label nearer another finding than its own.
 */
export const smallLabelFontSizePx = 10;
/** Space between a label's text and the edge of its box, CSS px. */
export const labelMarginPx = 3;
/** Average advance of a character of the label font, as a fraction of the font size (Helvetica/Arial). */
const charWidthEm = 0.56;

/**
 * The size of a label box for some words, estimated from the character count (the layout runs before the
 * text is drawn and measured).
 * @param text - the label
 * @param fontSizePx - its font size, CSS px
 */
export function estimateLabelSize(
  text: string,
  fontSizePx: number = labelFontSizePx,
): { width: number; height: number } {
  const lines = text.split('\n');
  const longest = Math.max(...lines.map((line) => line.length));
  return {
    width: Math.ceil(longest * fontSizePx * charWidthEm) + 2 * labelMarginPx,
    height: Math.ceil(fontSizePx * 1.25 * lines.length) + 2 * labelMarginPx,
  };
}

/**
 * A label in two lines, broken at the space nearest its middle, or in three lines broken where the longest
 * line is shortest (the label itself when it has too few spaces).
 * @param text - a one-line label
 * @param lineCount - 2 or 3
 */
export function wrapLabel(text: string, lineCount: 2 | 3 = 2): readonly string[] {
  const spaces: number[] = [];
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) spaces.push(i);
  if (spaces.length < lineCount - 1) return [text];
  if (lineCount === 2) {
    let best = spaces[0] as number;
    for (const i of spaces) if (Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
    return [text.slice(0, best), text.slice(best + 1)];
  }
  let best: readonly string[] = [text];
  let bestLongest = Number.POSITIVE_INFINITY;
  for (const [k, i] of spaces.entries()) {
    for (const j of spaces.slice(k + 1)) {
      const lines = [text.slice(0, i), text.slice(i + 1, j), text.slice(j + 1)];
      const longest = Math.max(...lines.map((line) => line.length));
      if (longest < bestLongest) {
        best = lines;
        bestLongest = longest;
      }
    }
  }
  return best;
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
/** A label nearer its own finding than this (px) has no leader long enough to see. */
const minLeaderPx = 6;
/** A finding whose centre is this close to the midline (px) has no side. */
const midlineDeadZonePx = 8;
const arrowHeadHalfWidthPx = 5;
/** How close (px) a label may come to a stroke before it counts as covering it. */
const clearancePx = 3;
/**
 * Distances (px) from the finding's bounding box at which labels are tried, nearest first; the last, closest
 * one (a short leader, still visible) only where a gap is too narrow for the first.
 */
const labelDistancesPx = [10, 24, 48, 84, 140, 220, 7] as const;

/** The displacement a − b between two canvas points. */
const sub = (a: CanvasPoint, b: CanvasPoint): CanvasVector => canvasVector(a[0] - b[0], a[1] - b[1]);

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
        points.push(
          canvasPoint(
            p0[0] + Math.cos(t) * a[0] + Math.sin(t) * b[0],
            p0[1] + Math.cos(t) * a[1] + Math.sin(t) * b[1],
          ),
        );
      }
      return [{ points, closed: true, filled: false }];
    }
    case 'point': {
      const points: CanvasPoint[] = [];
      for (let i = 0; i < 24; i++) {
        const t = (2 * Math.PI * i) / 24;
        points.push(canvasPoint(p0[0] + pointRadiusPx * Math.cos(t), p0[1] + pointRadiusPx * Math.sin(t)));
      }
      return [{ points, closed: true, filled: false }];
    }
    case 'arrow': {
      if (!p1) return [];
      const d = sub(p1, p0);
      const length = Math.hypot(d[0], d[1]);
      if (length < 1e-6) return [];
      const u = canvasVector(d[0] / length, d[1] / length);
      const head = Math.min(arrowHeadLengthPx, length * 0.6);
      const base = canvasPoint(p1[0] - u[0] * head, p1[1] - u[1] * head);
      const half = (arrowHeadHalfWidthPx * head) / arrowHeadLengthPx;
      return [
        { points: [p0, base], closed: false, filled: false },
        {
          points: [
            p1,
            canvasPoint(base[0] - u[1] * half, base[1] + u[0] * half),
            canvasPoint(base[0] + u[1] * half, base[1] - u[0] * half),
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
  const u = canvasVector(d[0] / length, d[1] / length);
  const tick = (end: CanvasPoint, sign: number, start: number): OverlayPath => ({
    points: [
      canvasPoint(end[0] + sign * u[0] * start, end[1] + sign * u[1] * start),
      canvasPoint(
        end[0] + sign * u[0] * (start + levelTickLengthPx),
        end[1] + sign * u[1] * (start + levelTickLengthPx),
      ),
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
function lastCrossing(from: CanvasPoint, u: CanvasVector, polygon: readonly CanvasPoint[]): number {
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
  return canvasPoint(a[0] + t * d[0], a[1] + t * d[1]);
}

/** Closest point to `p` on a rectangle's outline (or `p` itself when inside). */
function closestOnRect(r: CanvasRect, p: CanvasPoint): CanvasPoint {
  return canvasPoint(
    Math.max(r.x, Math.min(r.x + r.width, p[0])),
    Math.max(r.y, Math.min(r.y + r.height, p[1])),
  );
}

const distance = (a: CanvasPoint, b: CanvasPoint): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Shortest distance between a rectangle and a segment (0 when they touch). */
function rectToSegment(r: CanvasRect, a: CanvasPoint, b: CanvasPoint): number {
  if (segmentHitsRect(a, b, r)) return 0;
  const corners: CanvasPoint[] = [
    canvasPoint(r.x, r.y),
    canvasPoint(r.x + r.width, r.y),
    canvasPoint(r.x, r.y + r.height),
    canvasPoint(r.x + r.width, r.y + r.height),
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

function cost(
  box: CanvasRect,
  segments: Obstacles['segments'],
  polygons: Obstacles['polygons'],
  boxes: readonly CanvasRect[],
  options: LayoutOptions,
): number {
  let total = 0;
  const outside =
    box.width * box.height -
    overlapArea(box, { x: 2, y: 2, width: options.width - 4, height: options.height - 4 });
  total += outside * 50;
  const padded = inflate(box, clearancePx);
  for (const [a, b] of segments) if (segmentHitsRect(a, b, padded)) total += 1000;
  const corners: CanvasPoint[] = [
    canvasPoint(box.x, box.y),
    canvasPoint(box.x + box.width, box.y),
    canvasPoint(box.x, box.y + box.height),
    canvasPoint(box.x + box.width, box.y + box.height),
    canvasPoint(box.x + box.width / 2, box.y + box.height / 2),
  ];
  for (const polygon of polygons) {
    if (corners.some((c) => insidePolygon(polygon, c))) total += 600;
  }
  for (const other of boxes) total += overlapArea(padded, other) * 20;
  return total;
}

/**
 * Lays out the findings of one image: strokes, then labels, highlighted finding first, each label in the
 * cheapest of a ring of places around its finding (nearest and right-hand first) that keeps it off every
 * stroke, off the inside of every closed outline, off earlier labels and reserved areas, and on the canvas;
 * a leader line joins a label to its finding. Where a label can only keep the rules (nearer its own finding
 * than any other, on its side of the midline) in a smaller font, in more lines, or after the others make
 * room, it is placed again so (see the rounds below). `text` annotations are drawn where they are anchored
 * (moved just enough to stay on the canvas).
 * @param items - findings with canvas handles, in drawing order
 * @param options - canvas size, reserved areas, label size
 * @returns one layout per item, in the input order
 */
export function layoutOverlay(items: readonly OverlayItem[], options: LayoutOptions): OverlayItemLayout[] {
  // Lecture mode scales the labels for a projector; the layout keeps its rules at any size.
  const scale = options.labelScale ?? 1;
  const fullFontPx = labelFontSizePx * scale;
  const smallFontPx = smallLabelFontSizePx * scale;
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
    const middle = canvasPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
    const length = distance(a, b);
    if (length < 1e-6) return list;
    const u = canvasVector((b[0] - a[0]) / length, (b[1] - a[1]) / length);
    const back = canvasVector(-u[0], -u[1]);
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
    let size = options.labelSize(item.label, fullFontPx);
    if (x + size.width > options.width - 2) {
      const wrapped = wrapLabel(item.label);
      const wrappedSize = options.labelSize(wrapped.join('\n'), fullFontPx);
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
    labels.set(i, { box, leader: null, lines, fontSizePx: fullFontPx });
    obstacles.boxes.push(box);
  });
  const fixedBoxes = [...obstacles.boxes];
  /** One finding's label: where it goes, what it costs, and whether it breaks a rule (nearer another finding, over the midline). */
  interface Placement {
    readonly label: LabelPlacement;
    readonly cost: number;
    readonly misplaced: boolean;
    /** Every place tried, with its cost. */
    readonly tried: readonly Candidate[];
  }
  /** A place tried for a label. */
  interface Candidate {
    readonly box: CanvasRect;
    readonly lines: readonly string[];
    readonly fontSizePx: number;
    readonly cost: number;
    readonly broken: boolean;
  }
  /**
   * Every place tried for a label in one font size, with its cost against everything but the other labels
   * (strokes, outlines, reserved areas, text annotations, the midline, nearer findings): it does not change
   * from one placement round to the next, so it is worked out once.
   */
  const candidateCache = new Map<string, readonly Candidate[]>();
  const candidatesOf = (item: OverlayItem, i: number, small: boolean): readonly Candidate[] => {
    const key = `${i} ${small}`;
    const cached = candidateCache.get(key);
    if (cached) return cached;
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
    const signed = sideOf(canvasPoint(cx, cy));
    const side = Math.abs(signed) > midlineDeadZonePx ? Math.sign(signed) : 0;
    const outward: CanvasVector | null =
      side !== 0 && midlineDirection
        ? (() => {
            const length = Math.hypot(midlineDirection[0], midlineDirection[1]);
            return canvasVector(
              (side * midlineDirection[1]) / length,
              (-side * midlineDirection[0]) / length,
            );
          })()
        : null;
    const ownStrokes = strokesOf[i] ?? [];
    const [tail, tip] = item.kind === 'arrow' ? item.points : [];
    const shaftQuarter =
      tail && tip
        ? canvasPoint(tail[0] + (tip[0] - tail[0]) / 4, tail[1] + (tip[1] - tail[1]) / 4)
        : canvasPoint(0, 0);
    // One line, or two (at a small cost) when one does not fit beside the finding, e.g. in a 2×2 cell; in
    // the smaller font, in up to three lines, only where no full-size label finds a place by the rules (the
    // extra costs are below the cost of breaking one).
    const variants: Array<{ lines: readonly string[]; fontSizePx: number; extra: number }> = [];
    const wrapped = wrapLabel(item.label);
    const wrapped3 = wrapLabel(item.label, 3);
    if (!small) {
      variants.push({ lines: [item.label], fontSizePx: fullFontPx, extra: 0 });
      if (wrapped.length > 1) variants.push({ lines: wrapped, fontSizePx: fullFontPx, extra: 40 });
    } else {
      variants.push({ lines: [item.label], fontSizePx: smallFontPx, extra: 200 });
      if (wrapped.length > 1) variants.push({ lines: wrapped, fontSizePx: smallFontPx, extra: 240 });
      if (wrapped3.length > 2) variants.push({ lines: wrapped3, fontSizePx: smallFontPx, extra: 300 });
    }
    const tried: Candidate[] = [];
    for (const variant of variants) {
      const { width: w, height: h } = options.labelSize(variant.lines.join('\n'), variant.fontSizePx);
      for (const [ring, d] of labelDistancesPx.entries()) {
        // A diagonal place no nearer than the closest ring: its leader stays long enough to see.
        const diagonal = Math.max(d * 0.7, Math.min(...labelDistancesPx));
        // [x, y] of the box's top-left corner and the way the place lies from the finding (a direction,
        // plain numbers: compared with `outward`, never used as a position).
        const candidates: Array<readonly [x: number, y: number, direction: readonly [number, number]]> = [
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
        // A place that reaches over the midline is also tried moved just back onto the finding's side
        // (outward), e.g. a label above a loculus that lies near the midline.
        if (outward && side !== 0) {
          for (const [x, y, direction] of [...candidates]) {
            const corners: CanvasPoint[] = [
              canvasPoint(x, y),
              canvasPoint(x + w, y),
              canvasPoint(x, y + h),
              canvasPoint(x + w, y + h),
            ];
            const over = Math.max(...corners.map((p) => -side * sideOf(p)));
            if (over <= 0) continue;
            const by = over + 2;
            candidates.push([x + outward[0] * by, y + outward[1] * by, direction]);
          }
        }
        for (const [order, [x, y, direction]] of candidates.entries()) {
          const box = { x, y, width: w, height: h };
          // Outward first; with no side (on the midline, or midline unknown), right-hand first.
          const preference = outward
            ? (1 - (direction[0] * outward[0] + direction[1] * outward[1])) * 20
            : order * 2;
          let c =
            cost(box, obstacles.segments, obstacles.polygons, fixedBoxes, options) + ring * 30 + preference;
          let broken = false;
          if (side !== 0) {
            const corners: CanvasPoint[] = [
              canvasPoint(x, y),
              canvasPoint(x + w, y),
              canvasPoint(x, y + h),
              canvasPoint(x + w, y + h),
            ];
            if (corners.some((p) => Math.sign(sideOf(p)) === -side)) {
              c += 1500;
              broken = true;
            }
          }
          // Nearer its own finding than any other, so the eye pairs them without reading the leader.
          const own = rectToSegments(box, ownStrokes);
          // On its own finding, a label has no leader to show which finding it names.
          if (own < minLeaderPx) {
            c += nearerPenalty;
            broken = true;
          }
          items.forEach((other, j) => {
            const otherBounds = strokeBounds[j];
            if (j === i || other.kind === 'text' || !otherBounds) return;
            if (rectToRect(box, otherBounds) > own + 1) return;
            if (rectToSegments(box, strokesOf[j] ?? []) <= own + 1) {
              c += nearerPenalty;
              broken = true;
            }
          });
          c += variant.extra;
          tried.push({ box, lines: variant.lines, fontSizePx: variant.fontSizePx, cost: c, broken });
        }
      }
    }
    candidateCache.set(key, tried);
    return tried;
  };
  /** The cheapest place for a label among the labels already placed (`forced`: that place, whatever it costs). */
  const placeLabel = (
    item: OverlayItem,
    i: number,
    compact: boolean,
    labelBoxes: readonly CanvasRect[],
    forced?: Candidate,
  ): Placement => {
    const itemPaths = paths[i] ?? [];
    let best: Candidate | undefined = forced;
    let bestCost = forced?.cost ?? Number.POSITIVE_INFINITY;
    const tried: Candidate[] = [];
    // The smaller font only where no full-size label keeps the rules (or in a compact round).
    for (const small of compact ? [true] : [false, true]) {
      if (forced || (best && !best.broken)) break;
      for (const candidate of candidatesOf(item, i, small)) {
        const padded = inflate(candidate.box, clearancePx);
        let c = candidate.cost;
        for (const other of labelBoxes) c += overlapArea(padded, other) * 20;
        tried.push({ ...candidate, cost: c });
        if (c < bestCost) {
          best = candidate;
          bestCost = c;
        }
      }
    }
    const first = options.labelSize(item.label, fullFontPx);
    const chosen: CanvasRect = best?.box ?? {
      x: 0,
      y: 0,
      width: first.width,
      height: first.height,
    };
    const lines = best?.lines ?? [item.label];
    const fontSizePx = best?.fontSizePx ?? fullFontPx;
    const chosenCost = bestCost;
    const misplaced = best?.broken ?? false;
    const centre = canvasPoint(chosen.x + chosen.width / 2, chosen.y + chosen.height / 2);
    const onItem = nearestOnItem(itemPaths, item.points, centre);
    const onBox = closestOnRect(chosen, onItem);
    // Always a leader: the label names the finding its line touches, even when it sits close beside it.
    const leader = distance(onItem, onBox) > 0.5 ? ([onBox, onItem] as const) : null;
    return { label: { box: chosen, leader, lines, fontSizePx }, cost: chosenCost, misplaced, tried };
  };
  /** Places labels one by one in `order`, each an obstacle to the next; the rules broken and the total cost. */
  const placeInOrder = (order: readonly number[], compact = false, forced?: Candidate) => {
    const labelBoxes: CanvasRect[] = [];
    const result = new Map<number, LabelPlacement>();
    const broken: number[] = [];
    const tried = new Map<number, readonly Candidate[]>();
    let total = 0;
    for (const [k, i] of order.entries()) {
      const item = items[i];
      if (!item) continue;
      const placement = placeLabel(item, i, compact, labelBoxes, k === 0 ? forced : undefined);
      tried.set(i, placement.tried);
      result.set(i, placement.label);
      labelBoxes.push(placement.label.box);
      if (placement.misplaced) broken.push(i);
      total += placement.cost;
    }
    return { result, broken, total, tried };
  };
  const firstOrder = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.kind !== 'text')
    .sort((a, b) => Number(b.item.highlighted === true) - Number(a.item.highlighted === true) || a.i - b.i)
    .map(({ i }) => i);
  // Greedy placement can take the one good place of a later label: while some label breaks a rule, it goes
  // first and the rest are placed again, the last rounds with every label in the smaller font (a crowded
  // image in a small cell: labels of one size, each beside its own finding). The best outcome is kept.
  let best = placeInOrder(firstOrder);
  let current = best;
  let order = firstOrder;
  for (let round = 0; round < 4 && current.broken.length > 0; round++) {
    const { broken } = current;
    order = [...broken, ...order.filter((i) => !broken.includes(i))];
    current = placeInOrder(order, round >= 2);
    const fewer = current.broken.length - best.broken.length;
    if (fewer < 0 || (fewer === 0 && current.total < best.total)) best = current;
  }
  // Still a label breaking a rule: try the first such label in each of its few best places that keep the
  // rules by themselves (the best three of each way of setting it: one, two or three lines), the others
  // placed around it in the smaller font.
  const stuck = best.broken[0];
  if (stuck !== undefined) {
    const rest = order.filter((i) => i !== stuck);
    const first = placeInOrder([stuck, ...rest], true);
    const perSetting = new Map<string, Candidate[]>();
    for (const c of [...(first.tried.get(stuck) ?? [])].sort((a, b) => a.cost - b.cost)) {
      if (c.broken) continue;
      const key = c.lines.join('\n');
      const list = perSetting.get(key) ?? [];
      if (list.length < 3) list.push(c);
      perSetting.set(key, list);
    }
    const options = [...perSetting.values()].flat().sort((a, b) => a.cost - b.cost);
    for (const forced of options) {
      const next = placeInOrder([stuck, ...rest], true, forced);
      const fewer = next.broken.length - best.broken.length;
      if (fewer < 0 || (fewer === 0 && next.total < best.total)) best = next;
      if (best.broken.length === 0) break;
    }
  }
  for (const [i, label] of best.result) labels.set(i, label);
  return items.map((item, i) => ({
    id: item.id,
    paths: paths[i] ?? [],
    ...(items[i]?.kind === 'line' && items[i]?.points.length === 2
      ? { hitPaths: [{ points: items[i]?.points ?? [], closed: false, filled: false }] }
      : {}),
    label: labels.get(i) ?? {
      box: { x: 0, y: 0, width: 0, height: 0 },
      leader: null,
      lines: [],
      fontSizePx: fullFontPx,
    },
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
