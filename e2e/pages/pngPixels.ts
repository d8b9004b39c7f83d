/**
 * RGBA pixels of a Playwright screenshot, decoded by the page's own PNG decoder (no image library in the
 * test process), for tests that sample colours on the canvas and its overlays.
 */
import type { Page } from '@playwright/test';

/** A decoded screenshot: `data` holds 4 bytes (R, G, B, A) a pixel, row by row. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

/**
 * Decodes a PNG in the page and returns its pixels.
 * @param page - any page of the browser under test (only its decoder is used)
 * @param png - the screenshot's bytes
 */
export async function decodePng(page: Page, png: Buffer): Promise<Pixels> {
  const raw = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(image, 0, 0);
    const bytes = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return { width: canvas.width, height: canvas.height, base64: btoa(text) };
  }, png.toString('base64'));
  return { width: raw.width, height: raw.height, data: Buffer.from(raw.base64, 'base64') };
}
