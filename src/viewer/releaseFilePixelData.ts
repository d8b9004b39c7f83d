/**
 * Frees the file's copy of the pixels once Cornerstone has decoded an image. The v5 wadouri loader parses each
 * Part-10 file into a naturalized metadata record that keeps PixelData (the whole file's pixel bytes) next
 * to the decoded image in the cache: a heap snapshot of the sample case showed 126 MB retained that way for
 * 126 MB of decoded pixels. Cornerstone-facing, so it lives in src/viewer.
 */
import { Enums as CoreEnums, eventTarget, metaData } from '@cornerstonejs/core';

let installed = false;

/**
 * After each IMAGE_LOADED, drops PixelData from that image's naturalized record (all other attributes stay,
 * so every metadata module keeps working). Caveat: an image evicted from Cornerstone's cache (3 GB by
 * default, far above a teaching case) could not be decoded again from the same record.
 */
export function releaseFilePixelDataAfterDecode(): void {
  if (installed) return;
  installed = true;
  eventTarget.addEventListener(CoreEnums.Events.IMAGE_LOADED, (event: Event) => {
    const imageId = (event as CustomEvent<{ image?: { imageId?: string } }>).detail.image?.imageId;
    if (!imageId) return;
    const natural = metaData.get('naturalized', imageId) as { PixelData?: unknown } | undefined;
    if (natural && natural.PixelData !== undefined) delete natural.PixelData;
  });
}
