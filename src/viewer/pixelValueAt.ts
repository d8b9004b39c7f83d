/**
 * Maps between patient space and image pixels of the image a stack viewport shows, and reads the modality
 * value (HU on CT) under a point, the same way on the GPU and CPU rendering paths. Cornerstone only.
 */
import type { StackViewport, Types } from '@cornerstonejs/core';

/** The pixel array of a Cornerstone image, or null. */
export function scalarData(image: Types.IImage): ArrayLike<number> | null {
  const fromManager = image.voxelManager?.getScalarData?.();
  if (fromManager) return fromManager as ArrayLike<number>;
  return (image.getPixelData?.() as ArrayLike<number> | undefined) ?? null;
}

/** Modality value (HU on CT) of the pixel under a world point, or null outside the image. */
export function pixelValueAt(viewport: StackViewport, world: Types.Point3): number | null {
  const image = viewport.getCornerstoneImage();
  const data = viewport.getImageData();
  if (!image || !data) return null;
  const { origin, direction, spacing } = data as { origin: number[]; direction: number[]; spacing: number[] };
  const dx = world[0] - (origin[0] ?? 0);
  const dy = world[1] - (origin[1] ?? 0);
  const dz = world[2] - (origin[2] ?? 0);
  const column = Math.round(
    (dx * (direction[0] ?? 1) + dy * (direction[1] ?? 0) + dz * (direction[2] ?? 0)) / (spacing[0] ?? 1),
  );
  const row = Math.round(
    (dx * (direction[3] ?? 0) + dy * (direction[4] ?? 1) + dz * (direction[5] ?? 0)) / (spacing[1] ?? 1),
  );
  if (column < 0 || row < 0 || column >= image.columns || row >= image.rows) return null;
  const pixels = scalarData(image);
  const stored = pixels?.[row * image.columns + column];
  if (stored === undefined) return null;
  if (image.preScale?.scaled) return stored;
  return stored * (image.slope ?? 1) + (image.intercept ?? 0);
}

/** Patient-space position of an image pixel (column, row) of the image a stack viewport shows. */
export function imagePointToWorld(
  viewport: StackViewport,
  point: readonly [column: number, row: number],
): Types.Point3 | null {
  const data = viewport.getImageData();
  if (!data) return null;
  const { origin, direction, spacing } = data as { origin: number[]; direction: number[]; spacing: number[] };
  const x = point[0] * (spacing[0] ?? 1);
  const y = point[1] * (spacing[1] ?? 1);
  return [
    (origin[0] ?? 0) + x * (direction[0] ?? 1) + y * (direction[3] ?? 0),
    (origin[1] ?? 0) + x * (direction[1] ?? 0) + y * (direction[4] ?? 1),
    (origin[2] ?? 0) + x * (direction[2] ?? 0) + y * (direction[5] ?? 0),
  ];
}
