import { describe, expect, it } from 'vitest';
import { type CanvasPoint, canvasPoint } from '../model/geometry.ts';
import {
  type CanvasRect,
  estimateLabelSize,
  hitTestOverlay,
  type LayoutOptions,
  layoutOverlay,
  levelTickGapPx,
  levelTickLengthPx,
  type OverlayItem,
  pointRadiusPx,
  shapePaths,
  smallLabelFontSizePx,
  wrapLabel,
} from './layoutOverlay.ts';

const options: LayoutOptions = {
  width: 400,
  height: 300,
  labelSize: (text) => ({ width: text.length * 7 + 6, height: 18 }),
};

const square = (cx: number, cy: number, half: number): CanvasPoint[] => [
  canvasPoint(cx - half, cy - half),
  canvasPoint(cx + half, cy - half),
  canvasPoint(cx + half, cy + half),
  canvasPoint(cx - half, cy + half),
];

const rim: OverlayItem = {
  id: 'rim',
  kind: 'polyline',
  closed: true,
  points: square(200, 150, 30),
  label: 'Calcified rim',
};
const level: OverlayItem = {
  id: 'level',
  kind: 'line',
  points: [canvasPoint(175, 155), canvasPoint(225, 155)],
  label: 'Fluid–calcium level',
};

const overlaps = (a: CanvasRect, b: CanvasRect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const inside = (r: CanvasRect, [x, y]: CanvasPoint) =>
  x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;

describe('shapePaths', () => {
  it('samples an ellipse through both semi-axis ends, whatever its orientation on screen', () => {
    const [path] = shapePaths({
      kind: 'ellipse',
      points: [canvasPoint(100, 100), canvasPoint(130, 110), canvasPoint(96, 112)],
    });
    expect(path?.closed).toBe(true);
    expect(path?.points[0]).toEqual([130, 110]);
    const quarter = path?.points[18] ?? [0, 0];
    expect(quarter[0]).toBeCloseTo(96, 9);
    expect(quarter[1]).toBeCloseTo(112, 9);
  });

  it('draws an arrow as a shaft and a filled head whose tip is the finding', () => {
    const paths = shapePaths({
      kind: 'arrow',
      points: [canvasPoint(0, 0), canvasPoint(100, 0)],
    });
    expect(paths).toHaveLength(2);
    expect(paths[0]?.points).toEqual([
      [0, 0],
      [88, 0],
    ]);
    expect(paths[1]).toMatchObject({ closed: true, filled: true });
    expect(paths[1]?.points[0]).toEqual([100, 0]);
  });

  it('marks a point with a small circle and gives text no strokes', () => {
    const [circle] = shapePaths({ kind: 'point', points: [canvasPoint(50, 60)] });
    for (const [x, y] of circle?.points ?? [])
      expect(Math.hypot(x - 50, y - 60)).toBeCloseTo(pointRadiusPx, 9);
    expect(shapePaths({ kind: 'text', points: [canvasPoint(1, 2)] })).toEqual([]);
  });
});

describe('layoutOverlay', () => {
  it('keeps labels off every stroke, off the inside of outlines, apart, and on the canvas', () => {
    const layouts = layoutOverlay([rim, level], options);
    const [rimLayout, levelLayout] = layouts;
    if (!rimLayout || !levelLayout) throw new Error('missing layouts');
    for (const { label } of layouts) {
      const { box } = label;
      // Off the rim square (x 170–230, y 120–180) entirely: neither on its outline nor inside it.
      expect(overlaps(box, { x: 170, y: 120, width: 60, height: 60 })).toBe(false);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(400);
      expect(box.y + box.height).toBeLessThanOrEqual(300);
    }
    expect(overlaps(rimLayout.label.box, levelLayout.label.box)).toBe(false);
  });

  it('joins a label to its finding with a leader that starts on the box and ends on the stroke', () => {
    const [, levelLayout] = layoutOverlay([rim, level], options);
    const leader = levelLayout?.label.leader;
    if (!leader || !levelLayout) throw new Error('no leader');
    const [from, to] = leader;
    const box = levelLayout.label.box;
    const onEdge =
      Math.abs(from[0] - box.x) < 1e-9 ||
      Math.abs(from[0] - box.x - box.width) < 1e-9 ||
      Math.abs(from[1] - box.y) < 1e-9 ||
      Math.abs(from[1] - box.y - box.height) < 1e-9;
    expect(onEdge).toBe(true);
    // On one of the level's ticks: on the line's extension, outside the rim around it (x 170–230).
    expect(to[1]).toBeCloseTo(155, 9);
    expect(to[0] >= 230 || to[0] <= 170).toBe(true);
  });

  it('avoids reserved areas (the corner text)', () => {
    const corner: CanvasRect = { x: 300, y: 0, width: 100, height: 300 };
    const [layout] = layoutOverlay([{ ...rim, points: square(280, 150, 10) }], {
      ...options,
      reserved: [corner],
    });
    expect(overlaps(layout?.label.box ?? corner, corner)).toBe(false);
  });

  it('gives the highlighted finding the first choice of place', () => {
    const a: OverlayItem = { id: 'a', kind: 'point', points: [canvasPoint(200, 150)], label: 'First' };
    const b: OverlayItem = { id: 'b', kind: 'point', points: [canvasPoint(200, 150)], label: 'Second' };
    const plain = layoutOverlay([a, b], options);
    const highlighted = layoutOverlay([a, { ...b, highlighted: true }], options);
    expect(highlighted[1]?.label.box.x).toBe(plain[0]?.label.box.x);
    expect(highlighted[1]?.label.box.y).toBe(plain[0]?.label.box.y);
  });

  it('draws text annotations where they are anchored, and other labels avoid them', () => {
    const note: OverlayItem = { id: 'note', kind: 'text', points: [canvasPoint(240, 145)], label: 'Supine' };
    const [noteLayout, rimLayout] = layoutOverlay([note, rim], options);
    if (!noteLayout || !rimLayout) throw new Error('missing layouts');
    expect(noteLayout.paths).toEqual([]);
    expect(noteLayout.label.box).toEqual({ x: 240, y: 136, width: 48, height: 18 });
    expect(noteLayout.label.leader).toBeNull();
    expect(overlaps(rimLayout.label.box, noteLayout.label.box)).toBe(false);
  });

  it('keeps text anchored near an edge on the canvas', () => {
    const note: OverlayItem = { id: 'note', kind: 'text', points: [canvasPoint(380, 295)], label: 'Supine' };
    const [layout] = layoutOverlay([note], options);
    expect(layout?.label.box).toEqual({ x: 350, y: 280, width: 48, height: 18 });
  });
});

describe('layoutOverlay on either side of the midline', () => {
  const midline: LayoutOptions['midline'] = [canvasPoint(200, 0), canvasPoint(200, 300)];

  it('draws a level as two ticks beyond its ends, outside the rim around it, leaving the interface clear', () => {
    const [, levelLayout] = layoutOverlay([rim, level], { ...options, midline });
    const points = levelLayout?.paths.flatMap((p) => p.points) ?? [];
    expect(levelLayout?.paths).toHaveLength(2);
    for (const [x, y] of points) {
      expect(y).toBeCloseTo(155, 9);
      // Outside the rim (x 170–230) on both sides, and so nowhere on the interface (x 175–225).
      expect(x <= 170 - levelTickGapPx + 1e-9 || x >= 230 + levelTickGapPx - 1e-9).toBe(true);
    }
    // Without an outline around it, the ticks start just beyond the level's own ends.
    const [alone] = layoutOverlay([level], { ...options, midline });
    const xs = alone?.paths.flatMap((p) => p.points.map((q) => q[0])) ?? [];
    expect(Math.min(...xs)).toBeCloseTo(175 - levelTickGapPx - levelTickLengthPx, 9);
    expect(Math.max(...xs)).toBeCloseTo(225 + levelTickGapPx + levelTickLengthPx, 9);
    // A click on the interface still finds the level.
    expect(hitTestOverlay(layoutOverlay([rim, level], options), canvasPoint(200, 156))).toBe('level');
  });

  it('puts the label on the finding’s own side, outward, where the plain layout would cross the midline', () => {
    const right: OverlayItem = {
      id: 'r',
      kind: 'point',
      points: [canvasPoint(185, 150)],
      label: 'Right pubic body',
    };
    const [plain] = layoutOverlay([right], options);
    expect((plain?.label.box.x ?? 0) + (plain?.label.box.width ?? 0)).toBeGreaterThan(200);
    const [sided] = layoutOverlay([right], { ...options, midline });
    const box = sided?.label.box;
    if (!box) throw new Error('no label');
    expect(box.x + box.width).toBeLessThanOrEqual(200);
    expect(box.x + box.width).toBeLessThanOrEqual(185);
    expect(sided?.label.leader).not.toBeNull();
  });

  it('breaks a label into two lines when one would not fit on its side', () => {
    const narrow: LayoutOptions = {
      width: 380,
      height: 300,
      midline,
      labelSize: (text) => {
        const lines = text.split('\n');
        return { width: Math.max(...lines.map((l) => l.length)) * 7 + 6, height: 15 * lines.length + 6 };
      },
    };
    const far: OverlayItem = {
      id: 'f',
      kind: 'point',
      points: [canvasPoint(230, 150)],
      label: 'Fluid–calcium level, loculus 1',
    };
    const [layout] = layoutOverlay([far], narrow);
    expect(layout?.label.lines).toEqual(['Fluid–calcium', 'level, loculus 1']);
    expect(layout?.label.box.x).toBeGreaterThanOrEqual(200);
    expect((layout?.label.box.x ?? 0) + (layout?.label.box.width ?? 0)).toBeLessThanOrEqual(380);
  });

  it('takes the smaller font only where no full-size label fits on its side', () => {
    const far: OverlayItem = {
      id: 'f',
      kind: 'point',
      points: [canvasPoint(255, 150)],
      label: 'Fluid–calcium level, loculus 1',
    };
    const narrow = (width: number): LayoutOptions => ({
      width,
      height: 300,
      midline: [canvasPoint(200, 0), canvasPoint(200, 300)],
      labelSize: estimateLabelSize,
    });
    const [roomy] = layoutOverlay([far], narrow(420));
    expect(roomy?.label.fontSizePx).toBe(12);
    const [tight] = layoutOverlay([far], narrow(310));
    expect(tight?.label.fontSizePx).toBe(smallLabelFontSizePx);
    expect(tight?.label.box.x).toBeGreaterThanOrEqual(200);
    expect((tight?.label.box.x ?? 0) + (tight?.label.box.width ?? 0)).toBeLessThanOrEqual(310);
  });
});

describe('wrapLabel', () => {
  it('breaks at the space nearest the middle, or in three lines where the longest is shortest', () => {
    expect(wrapLabel('Calcified rim, loculus 1')).toEqual(['Calcified rim,', 'loculus 1']);
    expect(wrapLabel('Lost outline of the left pubic body', 3)).toEqual([
      'Lost outline',
      'of the left',
      'pubic body',
    ]);
    expect(wrapLabel('Bladder', 3)).toEqual(['Bladder']);
  });
});

describe('text annotations in a small viewport', () => {
  it('break into two lines where they would run off the canvas, instead of moving away from their anchor', () => {
    const note: OverlayItem = {
      id: 'note',
      kind: 'text',
      points: [canvasPoint(240, 100)],
      label: 'Supine patient: calcium settles posteriorly',
    };
    const [layout] = layoutOverlay([note], {
      width: 413,
      height: 300,
      labelSize: (text) => {
        const lines = text.split('\n');
        return { width: Math.max(...lines.map((l) => l.length)) * 7 + 6, height: 15 * lines.length + 6 };
      },
    });
    expect(layout?.label.lines).toEqual(['Supine patient: calcium', 'settles posteriorly']);
    expect(layout?.label.box.x).toBe(240);
  });
});

describe('hitTestOverlay', () => {
  const big: OverlayItem = {
    id: 'mass',
    kind: 'polyline',
    closed: true,
    points: square(200, 150, 100),
    label: 'Mass',
  };
  const layouts = layoutOverlay([big, rim, level], options);

  it('finds the stroke under the click within a few pixels', () => {
    expect(hitTestOverlay(layouts, canvasPoint(200, 158))).toBe('level');
    expect(hitTestOverlay(layouts, canvasPoint(231, 140))).toBe('rim');
    expect(hitTestOverlay(layouts, canvasPoint(103, 150))).toBe('mass');
  });

  it('prefers the smallest outline around the click when no stroke is near', () => {
    expect(hitTestOverlay(layouts, canvasPoint(185, 135))).toBe('rim');
    expect(hitTestOverlay(layouts, canvasPoint(130, 80))).toBe('mass');
    expect(hitTestOverlay(layouts, canvasPoint(5, 5))).toBeNull();
  });

  it('hits a label anywhere on its box', () => {
    const box = layouts[2]?.label.box;
    if (!box) throw new Error('no label');
    const centre = canvasPoint(box.x + box.width / 2, box.y + box.height / 2);
    expect(inside(box, centre)).toBe(true);
    expect(hitTestOverlay(layouts, centre)).toBe('level');
  });
});
