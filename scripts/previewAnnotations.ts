// Authoring aid: draws the annotations of a case onto its images and writes PNGs, so an author can see where
// each finding landed. Node only; a tiny PNG writer on node:zlib, no image libraries.
// Usage: tsx scripts/previewAnnotations.ts [outDir] [--zoom]   (default outDir: /tmp/annotation-previews)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { CASE_ID } from '../generator/caseGeometry.ts';
import { decodeDicomImage } from '../src/data/decodeDicomImage.ts';
import type { CaseManifest } from '../src/model/CaseManifest.ts';
import { imagePoint } from '../src/model/geometry.ts';
import type { AnnotationFile, ImagePoint } from '../src/model/TeachingAnnotation.ts';
import { annotationsForImage, buildAnnotationIndex, sliderTicks } from '../src/teaching/AnnotationIndex.ts';

const root = resolve(import.meta.dirname, '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** Encodes an RGB image as PNG. */
function png(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    Buffer.from(rgb.subarray(y * width * 3, (y + 1) * width * 3)).copy(raw, y * (width * 3 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

const hex = (colour: string): [number, number, number] => [
  Number.parseInt(colour.slice(1, 3), 16),
  Number.parseInt(colour.slice(3, 5), 16),
  Number.parseInt(colour.slice(5, 7), 16),
];

function main(): void {
  const outDir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '/tmp/annotation-previews';
  const zoom = process.argv.includes('--zoom');
  mkdirSync(outDir, { recursive: true });
  const file = JSON.parse(
    readFileSync(join(root, 'annotations', `${CASE_ID}.json`), 'utf8'),
  ) as AnnotationFile;
  const caseDir = join(root, 'sample-dicom', file.caseId);
  const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as CaseManifest;
  const index = buildAnnotationIndex(file, manifest);
  const colours = new Map(file.categories.map((c) => [c.id, hex(c.colour)]));
  for (const series of manifest.series) {
    for (const tick of sliderTicks(index, series.key)) {
      const instance = series.instances[tick.imageIndex];
      if (!instance) continue;
      const image = decodeDicomImage(readFileSync(join(caseDir, instance.file)));
      const window = series.windows[0];
      const centre = window?.WindowCenter ?? 0;
      const width = window?.WindowWidth ?? 1;
      const invert = series.PhotometricInterpretation === 'MONOCHROME1';
      const shown = annotationsForImage(index, series.key, tick.imageIndex);
      // With --zoom: crop to the annotations (plus a margin) and enlarge 3×, so thin lines can be judged.
      const all = shown.flatMap((a) => a.imagePoints);
      const scale = zoom ? 3 : 1;
      const margin = 25;
      const left = zoom ? Math.max(0, Math.floor(Math.min(...all.map((p) => p[0])) - margin)) : 0;
      const top = zoom ? Math.max(0, Math.floor(Math.min(...all.map((p) => p[1])) - margin)) : 0;
      const right = zoom
        ? Math.min(image.Columns, Math.ceil(Math.max(...all.map((p) => p[0])) + margin))
        : image.Columns;
      const bottom = zoom
        ? Math.min(image.Rows, Math.ceil(Math.max(...all.map((p) => p[1])) + margin))
        : image.Rows;
      const outW = (right - left) * scale;
      const outH = (bottom - top) * scale;
      const rgb = new Uint8Array(outW * outH * 3);
      for (let y = 0; y < outH; y++) {
        for (let x = 0; x < outW; x++) {
          const v =
            image.values[(top + Math.floor(y / scale)) * image.Columns + left + Math.floor(x / scale)] ?? 0;
          let g = Math.round(Math.min(1, Math.max(0, (v - (centre - width / 2)) / width)) * 255);
          if (invert) g = 255 - g;
          rgb.set([g, g, g], (y * outW + x) * 3);
        }
      }
      // Image point (column, row) → output pixel; pixel centres sit at +0.5 of a scaled pixel.
      const plot = (x: number, y: number, colour: readonly number[]) => {
        const c = Math.round((x - left + 0.5) * scale - 0.5);
        const r = Math.round((y - top + 0.5) * scale - 0.5);
        if (c >= 0 && r >= 0 && c < outW && r < outH) rgb.set(colour, (r * outW + c) * 3);
      };
      const line = (a: ImagePoint, b: ImagePoint, colour: readonly number[]) => {
        const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 2 * scale));
        for (let k = 0; k <= n; k++)
          plot(a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n, colour);
      };
      for (const { annotation, imagePoints } of shown) {
        const colour = colours.get(annotation.category) ?? [255, 0, 255];
        const p = imagePoints;
        if (annotation.kind === 'ellipse' && p[0] && p[1] && p[2]) {
          const [c, u, v] = [p[0], p[1], p[2]];
          const points = Array.from({ length: 65 }, (_, k): ImagePoint => {
            const a = (2 * Math.PI * k) / 64;
            return imagePoint(
              c[0] + (u[0] - c[0]) * Math.cos(a) + (v[0] - c[0]) * Math.sin(a),
              c[1] + (u[1] - c[1]) * Math.cos(a) + (v[1] - c[1]) * Math.sin(a),
            );
          });
          for (let k = 1; k < points.length; k++)
            line(points[k - 1] as ImagePoint, points[k] as ImagePoint, colour);
        } else if (p.length === 1 && p[0]) {
          const [x, y] = p[0];
          line(imagePoint(x - 4, y), imagePoint(x + 4, y), colour);
          line(imagePoint(x, y - 4), imagePoint(x, y + 4), colour);
        } else {
          for (let k = 1; k < p.length; k++) line(p[k - 1] as ImagePoint, p[k] as ImagePoint, colour);
          if (annotation.kind === 'polyline' && annotation.closed && p.length > 2)
            line(p[p.length - 1] as ImagePoint, p[0] as ImagePoint, colour);
        }
      }
      const name = `${series.key}-${String(tick.imageIndex).padStart(3, '0')}.png`;
      writeFileSync(join(outDir, name), png(outW, outH, rgb));
      console.log(`${name}: ${tick.annotationIds.join(', ')}`);
    }
  }
}

main();
