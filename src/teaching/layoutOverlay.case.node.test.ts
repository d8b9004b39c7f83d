// The overlay layout on the real case: the committed annotations file on the generated sample's geometry
// (sample-dicom/, `npm run ensure-sample`), every annotated image of every series, at the sizes the viewer
// shows a fitted image (one viewport, and one cell of the 2×2 layout).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import { canvasPoint, imagePoint } from '../model/geometry.ts';
import type { ImagePoint } from '../model/TeachingAnnotation.ts';
import type { CanvasPoint } from '../model/ViewerController.ts';
import { validateAnnotationFile } from '../model/validateAnnotationFile.ts';
import { buildAnnotationIndex } from './AnnotationIndex.ts';
import {
  type CanvasRect,
  cornerTextAreas,
  estimateLabelSize,
  layoutOverlay,
  type OverlayItem,
  type OverlayPath,
} from './layoutOverlay.ts';

const root = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(
  readFileSync(resolve(root, 'sample-dicom/tumoral-calcinosis-pubis/manifest.json'), 'utf8'),
) as CaseManifest;
const validated = validateAnnotationFile(
  JSON.parse(readFileSync(resolve(root, 'annotations/tumoral-calcinosis-pubis.json'), 'utf8')),
  'annotations/tumoral-calcinosis-pubis.json',
);
if (!validated.ok) throw new Error(validated.problems.map((p) => p.message).join('\n'));
const index = buildAnnotationIndex(validated.file, manifest);

/** Canvas sizes (CSS px) of the viewport at 1400×900: the single view and one 2×2 cell (toolbar on one or two rows). */
const canvasSizes = [
  [830, 796],
  [830, 760],
  [413, 380],
  [413, 362],
] as const;

/** Where a fitted, unpanned viewport draws an image pixel [column, row] (centre of the first pixel at 0, 0). */
function fitted(series: ManifestSeries, width: number, height: number): (p: ImagePoint) => CanvasPoint {
  const [rowSpacing, columnSpacing] = series.PixelSpacing;
  const pxPerMm = Math.min(width / (series.Columns * columnSpacing), height / (series.Rows * rowSpacing));
  return ([column, row]) =>
    canvasPoint(
      width / 2 + (column + 0.5 - series.Columns / 2) * columnSpacing * pxPerMm,
      height / 2 + (row + 0.5 - series.Rows / 2) * rowSpacing * pxPerMm,
    );
}

function segmentToPoint(a: CanvasPoint, b: CanvasPoint, p: CanvasPoint): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** Segments of drawn paths (a closed path includes its closing side). */
function segments(paths: readonly OverlayPath[]): Array<[CanvasPoint, CanvasPoint]> {
  const out: Array<[CanvasPoint, CanvasPoint]> = [];
  for (const { points, closed } of paths) {
    for (let i = 1; i < points.length; i++)
      out.push([points[i - 1] as CanvasPoint, points[i] as CanvasPoint]);
    if (closed && points.length > 2)
      out.push([points[points.length - 1] as CanvasPoint, points[0] as CanvasPoint]);
  }
  return out;
}

/** Shortest distance between a rectangle and drawn paths, sampling the rectangle's outline every pixel. */
function boxToPaths(box: CanvasRect, paths: readonly OverlayPath[]): number {
  const outline: CanvasPoint[] = [];
  for (let x = box.x; x <= box.x + box.width; x += 1)
    outline.push(canvasPoint(x, box.y), canvasPoint(x, box.y + box.height));
  for (let y = box.y; y <= box.y + box.height; y += 1)
    outline.push(canvasPoint(box.x, y), canvasPoint(box.x + box.width, y));
  let best = Number.POSITIVE_INFINITY;
  for (const [a, b] of segments(paths))
    for (const p of outline) best = Math.min(best, segmentToPoint(a, b, p));
  return best;
}

const pointToPaths = (p: CanvasPoint, paths: readonly OverlayPath[]): number =>
  Math.min(...segments(paths).map(([a, b]) => segmentToPoint(a, b, p)));

const onBoxEdge = (p: CanvasPoint, box: CanvasRect): boolean =>
  p[0] >= box.x - 0.5 &&
  p[0] <= box.x + box.width + 0.5 &&
  p[1] >= box.y - 0.5 &&
  p[1] <= box.y + box.height + 0.5 &&
  Math.min(
    Math.abs(p[0] - box.x),
    Math.abs(p[0] - box.x - box.width),
    Math.abs(p[1] - box.y),
    Math.abs(p[1] - box.y - box.height),
  ) < 0.5;

/** Every (series, image) the index draws findings on, with every finding shown (all categories on). */
const annotatedImages = manifest.series.flatMap((series) =>
  [...(index.byImage.get(series.key)?.entries() ?? [])].map(([imageIndex, entries]) => ({
    series,
    imageIndex,
    entries,
  })),
);

describe('labels of the real case', () => {
  it('covers every series that has annotations', () => {
    const keys = new Set(annotatedImages.map((i) => i.series.key));
    expect([...keys].sort()).toEqual(
      [...new Set(validated.file.annotations.map((a) => a.image.seriesKey))].sort(),
    );
  });

  for (const [width, height] of canvasSizes) {
    for (const { series, imageIndex, entries } of annotatedImages) {
      it(`${series.key} image ${imageIndex + 1} at ${width}×${height}: each label beside its own finding, on its side, with a leader onto it`, () => {
        const toCanvas = fitted(series, width, height);
        const midlineX = toCanvas(imagePoint((series.Columns - 1) / 2, 0))[0];
        const items: OverlayItem[] = entries.map(({ annotation, imagePoints }) => ({
          id: annotation.id,
          kind: annotation.kind,
          points: imagePoints.map(toCanvas),
          ...(annotation.kind === 'polyline' ? { closed: annotation.closed } : {}),
          label: annotation.kind === 'text' ? annotation.text : annotation.label,
        }));
        const layouts = layoutOverlay(items, {
          width,
          height,
          reserved: cornerTextAreas(width, height),
          labelSize: estimateLabelSize,
          midline: [canvasPoint(midlineX, 0), canvasPoint(midlineX, height)],
        });
        const problems: string[] = [];
        const findings = items
          .map((item, i) => ({ item, layout: layouts[i] }))
          .filter(({ item }) => item.kind !== 'text');
        for (const { item, layout } of findings) {
          if (!layout) throw new Error(`no layout for ${item.id}`);
          const { box, leader } = layout.label;
          const own = boxToPaths(box, layout.paths);
          for (const other of findings) {
            if (other.item.id === item.id || !other.layout) continue;
            const theirs = boxToPaths(box, other.layout.paths);
            if (theirs <= own) {
              problems.push(
                `'${item.label}' is ${theirs.toFixed(1)} px from ${other.item.id}, ${own.toFixed(1)} px from its own finding`,
              );
            }
          }
          if (!leader) problems.push(`'${item.label}' has no leader`);
          else {
            const [from, to] = leader;
            if (!onBoxEdge(from, box))
              problems.push(`the leader of '${item.label}' does not start on its box`);
            const gap = pointToPaths(to, layout.paths);
            if (gap > 0.5)
              problems.push(`the leader of '${item.label}' ends ${gap.toFixed(1)} px off its finding`);
            if (Math.hypot(to[0] - from[0], to[1] - from[1]) < 6) {
              problems.push(`the leader of '${item.label}' is too short to see`);
            }
          }
          const xs = layout.paths.flatMap((p) => p.points.map((q) => q[0]));
          const centreX = (Math.min(...xs) + Math.max(...xs)) / 2;
          if (centreX > midlineX + 12 && box.x < midlineX) {
            problems.push(`'${item.label}' (patient's left) crosses the midline to the right`);
          }
          if (centreX < midlineX - 12 && box.x + box.width > midlineX) {
            problems.push(`'${item.label}' (patient's right) crosses the midline to the left`);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  }
});
