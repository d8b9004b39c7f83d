/**
 * Maps between patient space and image pixels of the image a stack viewport shows, and reads the modality
 * value (HU on CT) under a point, the same way on the GPU and CPU rendering paths. The transform itself is
 * src/model/geometry.ts's; this file only reads the image's geometry out of Cornerstone.
 */
import type { StackViewport, Types } from '@cornerstonejs/core';
import {
  type ImagePlane,
  type ImagePoint,
  imagePlaneOf,
  imageToWorld,
  worldPoint,
  worldToImage,
} from '../model/geometry.ts';

/** The pixel array of a Cornerstone image, or null. */
export function scalarData(image: Types.IImage): ArrayLike<number> | null {
  const fromManager = image.voxelManager?.getScalarData?.();
  if (fromManager) return fromManager as ArrayLike<number>;
  return (image.getPixelData?.() as ArrayLike<number> | undefined) ?? null;
}

/**
 * The plane of the image a stack viewport shows, from Cornerstone's image data: its origin is the image's
 * ImagePositionPatient, the first two rows of its direction matrix are ImageOrientationPatient, and its
 * spacing is [column spacing, row spacing, ...] (x before y: PixelSpacing the other way round).
 */
function shownImagePlane(viewport: StackViewport): ImagePlane | null {
  const data = viewport.getImageData();
  if (!data) return null;
  const { origin, direction, spacing, dimensions } = data;
  return imagePlaneOf({
    ImagePositionPatient: worldPoint(origin[0], origin[1], origin[2]),
    ImageOrientationPatient: [
      direction[0] ?? 1,
      direction[1] ?? 0,
      direction[2] ?? 0,
      direction[3] ?? 0,
      direction[4] ?? 1,
      direction[5] ?? 0,
    ],
    PixelSpacing: [spacing[1], spacing[0]],
    Rows: dimensions[1],
    Columns: dimensions[0],
  });
}

/** Modality value (HU on CT) of the pixel under a world point, or null outside the image. */
export function pixelValueAt(viewport: StackViewport, world: Types.Point3): number | null {
  const image = viewport.getCornerstoneImage();
  const plane = shownImagePlane(viewport);
  if (!image || !plane) return null;
  const { point } = worldToImage(plane, worldPoint(world[0], world[1], world[2]));
  const column = Math.round(point[0]);
  const row = Math.round(point[1]);
  if (column < 0 || row < 0 || column >= image.columns || row >= image.rows) return null;
  const pixels = scalarData(image);
  const stored = pixels?.[row * image.columns + column];
  if (stored === undefined) return null;
  if (image.preScale?.scaled) return stored;
  return stored * (image.slope ?? 1) + (image.intercept ?? 0);
}

/** Patient-space position of an image pixel (column, row) of the image a stack viewport shows. */
export function imagePointToWorld(viewport: StackViewport, point: ImagePoint): Types.Point3 | null {
  const plane = shownImagePlane(viewport);
  if (!plane) return null;
  const [x, y, z] = imageToWorld(plane, point);
  return [x, y, z];
}
