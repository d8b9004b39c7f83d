/**
 * Remembers the overlay's recent layouts, so a redraw that moves nothing on the canvas (a window/level drag,
 * a cine loop coming back to an image it has laid out, a corner-text change) does not lay the labels out
 * again. On a crowded image the layout is the costly part of a redraw: measured in Node, 36 ms for the key
 * CT image in the single view and about 100 ms in a 2×2 cell, against 5–12 ms for the other images.
 */
import {
  type LayoutOptions,
  layoutOverlay,
  type OverlayItem,
  type OverlayItemLayout,
} from './layoutOverlay.ts';

/** Layouts laid out for some items and options: what {@link memoizeLayout} returns. */
export type LayoutFunction = (items: readonly OverlayItem[], options: LayoutOptions) => OverlayItemLayout[];

/** Canvas coordinates are compared to a thousandth of a CSS pixel. */
const coordinate = (value: number): string => value.toFixed(3);

/** Everything the layout reads, as one string (the label-size function is compared by identity). */
function keyOf(items: readonly OverlayItem[], options: LayoutOptions): string {
  const parts = [
    `${options.width}x${options.height}`,
    (options.reserved ?? []).map((r) => [r.x, r.y, r.width, r.height].map(coordinate).join(',')).join(';'),
    (options.midline ?? []).map((p) => p.map(coordinate).join(',')).join(';'),
  ];
  for (const item of items) {
    parts.push(
      item.id,
      item.kind,
      String(item.closed === true),
      String(item.highlighted === true),
      item.label,
      item.points.map((p) => p.map(coordinate).join(',')).join(';'),
    );
  }
  return parts.join('\n');
}

/**
 * A layout function that remembers its last `capacity` results (least recently used dropped first).
 * @param capacity - how many layouts to keep: a few viewports, each with the images of a short cine loop
 */
export function memoizeLayout(capacity = 16): LayoutFunction {
  const cache = new Map<string, OverlayItemLayout[]>();
  let labelSize: LayoutOptions['labelSize'] | null = null;
  return (items, options) => {
    if (options.labelSize !== labelSize) {
      cache.clear();
      labelSize = options.labelSize;
    }
    const key = keyOf(items, options);
    const known = cache.get(key);
    if (known) {
      cache.delete(key);
      cache.set(key, known);
      return known;
    }
    const layouts = layoutOverlay(items, options);
    cache.set(key, layouts);
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return layouts;
  };
}
