// The overlay layout of the real case in lecture mode: labels scaled for a projector (lectureLabelScale),
// on the committed annotations file and the generated sample's geometry (sample-dicom/, `npm run
// ensure-sample`), every annotated image of every series, at the canvas sizes of lecture mode at 1280×720.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import { type CanvasPoint, canvasPoint, type ImagePoint, imagePoint } from '../model/geometry.ts';
import { validateAnnotationFile } from '../model/validateAnnotationFile.ts';
import { buildAnnotationIndex } from './AnnotationIndex.ts';
import {
  type CanvasRect,
  cornerTextAreas,
  estimateLabelSize,
  labelMarginPx,
  layoutOverlay,
  lectureLabelScale,
  type OverlayItem,
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

/** Every (series, image) the index draws findings on, with every finding shown (all categories on). */
const annotatedImages = manifest.series.flatMap((series) =>
  [...(index.byImage.get(series.key)?.entries() ?? [])].map(([imageIndex, entries]) => ({
    series,
    imageIndex,
    entries,
  })),
);

/**
 * Canvas sizes (CSS px) of lecture mode at 1280×720, where the grid fills the screen: one viewport, one
 * cell of 1×2. (A 2×2 cell, 638×328, is too small for 24-px labels beside every finding of the key image.)
 */
const lectureSizes = [
  [1280, 660],
  [638, 660],
] as const;

const overlapArea = (a: CanvasRect, b: CanvasRect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

describe('labels of the real case in lecture mode (labels scaled for a projector)', () => {
  const labelScale = lectureLabelScale;
  for (const [width, height] of lectureSizes) {
    for (const { series, imageIndex, entries } of annotatedImages) {
      it(`${series.key} image ${imageIndex + 1} at ${width}×${height}: labels of 24 px or more, apart, on the canvas`, () => {
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
          labelScale,
        });
        const problems: string[] = [];
        layouts.forEach((layout, i) => {
          const { box, fontSizePx } = layout.label;
          if (fontSizePx < 24) problems.push(`'${items[i]?.label}' is ${fontSizePx} px`);
          // The text on the canvas; its box's margin (labelMarginPx) may touch the edge.
          const m = labelMarginPx;
          if (box.x < -m || box.y < -m || box.x + box.width > width + m || box.y + box.height > height + m)
            problems.push(
              `'${items[i]?.label}' runs off the canvas (${[box.x, box.y, box.width, box.height].map(Math.round).join(', ')})`,
            );
          layouts.forEach((other, j) => {
            if (j <= i) return;
            const overlap = overlapArea(box, other.label.box);
            if (overlap > 0)
              problems.push(
                `'${items[i]?.label}' overlaps '${items[j]?.label}' by ${overlap.toFixed(0)} px²`,
              );
          });
        });
        expect(problems).toEqual([]);
      });
    }
  }
});
