/**
 * A display-only Cornerstone tool that draws the teaching findings of the image a viewport shows into
 * Cornerstone's SVG annotation layer (crisp at any zoom, on the GPU and CPU paths alike). It has no mouse
 * handling: nothing it draws can be selected, moved or edited. What to draw comes from a scene source set by
 * TeachingOverlayAdapter; the layout maths is src/teaching/layoutOverlay.ts.
 */
import type { StackViewport, Types } from '@cornerstonejs/core';
import { AnnotationDisplayTool, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import { type CanvasPoint, canvasPoint, imagePoint } from '../model/geometry.ts';
import { memoizeLayout } from '../teaching/layoutMemo.ts';
import {
  type CanvasRect,
  cornerTextAreas,
  estimateLabelSize,
  labelMarginPx,
  type OverlayItem,
  type OverlayItemLayout,
} from '../teaching/layoutOverlay.ts';
import { asPoint2, asPoint2List, canvasPointFrom } from './cornerstonePoints.ts';
import { imagePointToWorld } from './pixelValueAt.ts';

/** One finding to draw on the current image of a viewport. */
export interface SceneItem extends OverlayItem {
  /** Cornerstone annotation UID of the finding (SVG nodes are keyed by it). */
  readonly annotationUID: string;
  readonly category: string;
  /** `#rrggbb`. */
  readonly colour: string;
  /** False on neighbouring images within half a slice thickness (drawn dashed). */
  readonly isHome: boolean;
}

/** A viewport as the annotation renderer hands it over. */
export type RenderedViewport = Types.IEnabledElement['viewport'];

/** Supplies the findings to draw on the image a viewport shows (empty when there are none). */
export type SceneSource = (viewport: RenderedViewport) => readonly SceneItem[];

/** Told what was drawn on a viewport after each render (for hit tests and test hooks). */
export type DrawnListener = (
  viewport: RenderedViewport,
  items: readonly SceneItem[],
  layouts: readonly OverlayItemLayout[],
) => void;

/** The label font; the SVG text uses it too. */
const labelFontFamily = 'Helvetica, Arial, sans-serif';
let measureContext: CanvasRenderingContext2D | null | undefined;
const lineWidths = new Map<string, number>();

/**
 * Label box size for the layout: the text measured in the label font at a size (cached per size and line),
 * or estimated from its length where no canvas can measure it.
 */
function labelSize(text: string, fontSizePx: number): { width: number; height: number } {
  const estimate = estimateLabelSize(text, fontSizePx);
  if (measureContext === undefined) measureContext = document.createElement('canvas').getContext('2d');
  const context = measureContext;
  if (!context) return estimate;
  const widths = text.split('\n').map((line) => {
    const key = `${fontSizePx} ${line}`;
    let width = lineWidths.get(key);
    if (width === undefined) {
      context.font = `${fontSizePx}px ${labelFontFamily}`;
      width = context.measureText(line).width;
      lineWidths.set(key, width);
    }
    return width;
  });
  return { width: Math.ceil(Math.max(...widths)) + 2 * labelMarginPx, height: estimate.height };
}

/**
 * The patient's midline on the canvas, taken as the image's centre column from top to bottom: a pelvis CT,
 * MR or AP radiograph is centred on the patient. Null when the viewport has no image yet.
 */
function midlineOf(viewport: RenderedViewport): readonly [CanvasPoint, CanvasPoint] | null {
  const stack = viewport as StackViewport;
  const data = stack.getImageData?.();
  if (!data) return null;
  const [columns, rows] = data.dimensions as unknown as [number, number];
  // imagePointToWorld takes [column, row] from the centre of the first pixel (the image data's origin).
  const top = imagePointToWorld(stack, imagePoint((columns - 1) / 2, 0));
  const bottom = imagePointToWorld(stack, imagePoint((columns - 1) / 2, rows - 1));
  if (!top || !bottom) return null;
  return [canvasPointFrom(stack.worldToCanvas(top)), canvasPointFrom(stack.worldToCanvas(bottom))];
}

/**
 * The corner text's areas when that text is scaled with the labels (lecture mode enlarges both): each
 * corner block grows by the scale from its own corner, the markers from their edge.
 */
function scaledCornerAreas(
  areas: readonly CanvasRect[],
  width: number,
  height: number,
  scale: number,
): CanvasRect[] {
  if (scale === 1) return [...areas];
  return areas.map((area) => {
    // A corner block keeps its width (a share of the canvas) and grows in height; a marker grows both ways.
    const wide = area.width > width * 0.3;
    const w = wide ? area.width : area.width * scale;
    const h = Math.min(height / 2, area.height * scale);
    const centreX = area.x + area.width / 2;
    const centreY = area.y + area.height / 2;
    const x = wide ? area.x : Math.min(width - w, Math.max(0, centreX - w / 2));
    const y =
      Math.abs(centreY - height / 2) < 1
        ? centreY - h / 2
        : centreY < height / 2
          ? area.y
          : area.y + area.height - h;
    return { x, y, width: w, height: h };
  });
}

/** `#rrggbb` with an alpha, as an SVG paint. */
function withAlpha(colour: string, alpha: number): string {
  const n = Number.parseInt(colour.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Tags a drawn SVG node so the DOM says which finding and category it shows. */
function tag(
  helper: ToolTypes.SVGDrawingHelper,
  hash: string,
  item: SceneItem,
  part: 'glow' | 'shape' | 'leader' | 'label',
): void {
  const node = helper.getSvgNode(hash) as SVGElement | undefined;
  if (!node) return;
  const attributes: Record<string, string> = {
    class: `teaching-overlay teaching-${part}`,
    'data-finding-id': item.id,
    'data-category': item.category,
    'data-highlighted': String(item.highlighted === true),
  };
  for (const [name, value] of Object.entries(attributes)) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }
}

/** The display-only teaching overlay tool. */
export class TeachingOverlayTool extends AnnotationDisplayTool {
  static override toolName = 'CasebookTeachingOverlay';

  /** Set by the adapter; until then nothing is drawn. */
  source: SceneSource | null = null;
  onDrawn: DrawnListener | null = null;
  /** The recent layouts: a redraw that moves nothing (a window/level drag) does not lay labels out again. */
  private readonly layout = memoizeLayout();
  /** Label font scale (lecture mode: bigger labels for a projector) and the corner text's with it. */
  private scale = 1;
  /** Label measuring for the current scale: a new function per scale, so the memo lays labels out afresh. */
  private measure: typeof labelSize = (text, fontSizePx) => labelSize(text, fontSizePx);

  /** Label font scale, 1 = normal; the adapter sets it (lecture mode). */
  get labelScale(): number {
    return this.scale;
  }

  set labelScale(scale: number) {
    if (!(scale > 0) || scale === this.scale) return;
    this.scale = scale;
    this.measure = (text, fontSizePx) => labelSize(text, fontSizePx);
  }

  constructor(toolProps = {}) {
    super(toolProps, { supportedInteractionTypes: [], configuration: {} });
  }

  override renderAnnotation(
    enabledElement: Types.IEnabledElement,
    svgDrawingHelper: ToolTypes.SVGDrawingHelper,
  ): boolean {
    const { viewport } = enabledElement;
    const items = this.source?.(viewport) ?? [];
    const canvas = viewport.canvas;
    // Cornerstone sizes the canvas backing store to its CSS size times the device pixel ratio; reading
    // clientWidth instead would force a layout on every render (the corner text has just changed).
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.width / dpr;
    const height = canvas.height / dpr;
    const midline = items.length > 0 ? midlineOf(viewport) : null;
    const layouts = this.layout(items, {
      width,
      height,
      reserved: scaledCornerAreas(cornerTextAreas(width, height), width, height, this.scale),
      labelSize: this.measure,
      labelScale: this.scale,
      ...(midline ? { midline } : {}),
    });
    const drawn: OverlayItemLayout[] = [];
    // Highlighted last, so it is drawn on top.
    const order = items
      .map((item, i) => ({ item, layout: layouts[i] }))
      .sort((a, b) => Number(a.item.highlighted === true) - Number(b.item.highlighted === true));
    for (const { item, layout } of order) {
      if (!layout) continue;
      drawn.push(this.drawItem(svgDrawingHelper, item, layout));
    }
    this.onDrawn?.(
      viewport,
      order.map(({ item }) => item),
      drawn,
    );
    return items.length > 0;
  }

  private drawItem(
    helper: ToolTypes.SVGDrawingHelper,
    item: SceneItem,
    layout: OverlayItemLayout,
  ): OverlayItemLayout {
    const uid = item.annotationUID;
    const highlighted = item.highlighted === true;
    const lineDash = item.isHome ? undefined : '6,4';
    layout.paths.forEach((path, i) => {
      const points = asPoint2List(path.points);
      if (highlighted) {
        drawing.drawPolyline(helper, uid, `glow-${i}`, points, {
          color: withAlpha(item.colour, 0.35),
          lineWidth: 8,
          closePath: path.closed,
          fillColor: path.filled ? withAlpha(item.colour, 0.35) : 'none',
          fillOpacity: path.filled ? 1 : 0,
        });
        tag(helper, `${uid}::polyline::glow-${i}`, item, 'glow');
      }
      drawing.drawPolyline(helper, uid, `path-${i}`, points, {
        color: item.colour,
        lineWidth: highlighted ? 3 : 2,
        lineDash: path.filled ? undefined : lineDash,
        closePath: path.closed,
        fillColor: path.filled ? item.colour : 'none',
        fillOpacity: path.filled ? 1 : 0,
      });
      tag(helper, `${uid}::polyline::path-${i}`, item, 'shape');
    });
    const { box, lines, fontSizePx } = layout.label;
    // The text's first baseline sits 1.2em below the position and the background starts about 3 px down.
    const text = lines.length > 0 ? [...lines] : [item.label];
    const measured = drawing.drawTextBox(helper, uid, 'label', text, [box.x, box.y - labelMarginPx], {
      fontSize: `${fontSizePx}px`,
      fontFamily: labelFontFamily,
      color: highlighted ? '#000000' : item.colour,
      background: highlighted ? item.colour : 'rgba(0, 0, 0, 0.65)',
      padding: 0,
      textBoxMargin: labelMarginPx,
      textBoxBorderRadius: 3,
    }) as CanvasRect | undefined;
    tag(helper, `${uid}::text::label`, item, 'label');
    const real =
      measured && measured.width > 0
        ? { x: measured.x, y: measured.y, width: measured.width, height: measured.height }
        : box;
    // The leader starts on the box as drawn (the layout's box is an estimate of the text's size).
    const end = layout.label.leader?.[1];
    const leader: readonly [CanvasPoint, CanvasPoint] | null = end
      ? [
          canvasPoint(
            Math.max(real.x, Math.min(real.x + real.width, end[0])),
            Math.max(real.y, Math.min(real.y + real.height, end[1])),
          ),
          end,
        ]
      : null;
    if (leader) {
      // A dark casing under the coloured line keeps the leader visible over bone and over fat alike.
      drawing.drawLine(helper, uid, 'leader-casing', asPoint2(leader[0]), asPoint2(leader[1]), {
        color: 'rgba(0, 0, 0, 0.7)',
        lineWidth: highlighted ? 4 : 3,
      });
      tag(helper, `${uid}::line::leader-casing`, item, 'leader');
      drawing.drawLine(helper, uid, 'leader', asPoint2(leader[0]), asPoint2(leader[1]), {
        color: item.colour,
        lineWidth: highlighted ? 2 : 1.5,
      });
      tag(helper, `${uid}::line::leader`, item, 'leader');
    }
    return { ...layout, label: { box: real, leader, lines, fontSizePx } };
  }
}
