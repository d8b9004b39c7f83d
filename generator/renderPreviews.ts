// Writes the small documentation previews of the generated sample case (docs/previews/*.png): CT soft-tissue
// and bone windows at the mass, sagittal and coronal CT reformats through it, MR T1/T2-FS, the radiograph,
// US and NM. Node only; reads sample-dicom/ back like the tests do. Usage: tsx generator/renderPreviews.ts [dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  loadAxialStack,
  loadCaseJson,
  type ParsedImage,
  parseImage,
  seriesByKey,
} from './loadGeneratedCase.ts';

/** A grey image, 8 bits, row-major. */
interface Grey {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const body = Buffer.concat([head.subarray(4), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

/** Encodes an 8-bit greyscale PNG (non-interlaced). */
export function encodeGreyPng(image: Grey): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc((image.width + 1) * image.height);
  for (let j = 0; j < image.height; j++) {
    raw[j * (image.width + 1)] = 0;
    raw.set(image.pixels.subarray(j * image.width, (j + 1) * image.width), j * (image.width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Window (centre, width) to 8 bits; `invert` for MONOCHROME1. */
function windowed(v: number, centre: number, width: number, invert = false): number {
  const g = Math.max(0, Math.min(255, Math.round(((v - (centre - width / 2)) / width) * 255)));
  return invert ? 255 - g : g;
}

/** Samples a function on a width x height grid into a grey image. */
function raster(width: number, height: number, grey: (c: number, r: number) => number): Grey {
  const pixels = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) pixels[r * width + c] = grey(c, r);
  return { width, height, pixels };
}

/** Side by side with a 4-pixel black gap (same height assumed; the shorter is padded). */
function sideBySide(a: Grey, b: Grey): Grey {
  const height = Math.max(a.height, b.height);
  const width = a.width + 4 + b.width;
  return raster(width, height, (c, r) => {
    if (c < a.width) return r < a.height ? (a.pixels[r * a.width + c] as number) : 0;
    const cb = c - a.width - 4;
    if (cb < 0) return 0;
    return r < b.height ? (b.pixels[r * b.width + cb] as number) : 0;
  });
}

/** A crop of a parsed 2-D image, scaled by `zoom` (nearest), windowed. */
function crop(
  img: ParsedImage,
  x0: number,
  y0: number,
  w: number,
  h: number,
  zoom: number,
  centre: number,
  width: number,
  invert = false,
): Grey {
  return raster(Math.round(w * zoom), Math.round(h * zoom), (c, r) => {
    const i = Math.min(img.columns - 1, x0 + Math.floor(c / zoom));
    const j = Math.min(img.rows - 1, y0 + Math.floor(r / zoom));
    return windowed(img.values[j * img.columns + i] as number, centre, width, invert);
  });
}

function main(): void {
  const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'previews'));
  mkdirSync(out, { recursive: true });
  const { manifest, truth } = loadCaseJson();
  const ctSeries = seriesByKey(manifest, 'ct-axial');
  const ct = loadAxialStack(ctSeries);
  const l1 = truth.loculi[0];
  if (!l1) throw new Error('no loculi');
  const [mx, my, mz] = l1.centerMm;
  const write = (name: string, image: Grey) => writeFileSync(join(out, name), encodeGreyPng(image));
  const sliceIndex = ctSeries.instances.findIndex(
    (s) =>
      Math.abs((s.ImagePositionPatient?.[2] ?? 1e9) - mz) <= (ctSeries.SliceThickness ?? 1.25) / 2 + 1e-6,
  );
  const axial = ct.images[Math.max(0, sliceIndex)] as ParsedImage;
  // Axial crops: the anterior pelvis, mass on image right (patient left).
  write('ct-soft-tissue-sedimentation.png', crop(axial, 96, 70, 320, 200, 2, 40, 400));
  write('ct-bone-window-osteolysis.png', crop(axial, 176, 110, 200, 130, 3, 500, 2000));
  write('ct-calcification-window-mass.png', crop(axial, 256, 70, 140, 110, 4, 400, 1600));
  // Reformats through the largest loculus: sagittal (anterior left, superior up) and coronal.
  const mm = 0.5;
  const sag = raster(320, 224, (c, r) => windowed(ct.sample([mx, -130 + c * mm, mz + 65 - r * mm]), 40, 400));
  const cor = raster(360, 224, (c, r) =>
    windowed(ct.sample([mx - 90 + c * mm, my, mz + 65 - r * mm]), 40, 400),
  );
  write('ct-sagittal-coronal-mass.png', sideBySide(sag, cor));
  // MR T1 and T2-FS at the same level (MR frame).
  const mrZ = mz + truth.mrOffsetMm[2];
  const mrPair = ['mr-t1-axial', 'mr-t2fs-axial'].map((key) => {
    const s = seriesByKey(manifest, key);
    const stack = loadAxialStack(s);
    let best = 0;
    stack.zs.forEach((z, i) => {
      if (Math.abs(z - mrZ) < Math.abs((stack.zs[best] as number) - mrZ)) best = i;
    });
    const img = stack.images[best] as ParsedImage;
    const w = s.windows[0];
    return crop(img, 40, 40, 240, 200, 1.5, w?.WindowCenter ?? 1000, w?.WindowWidth ?? 2000);
  });
  write('mr-t1-and-t2fs.png', sideBySide(mrPair[0] as Grey, mrPair[1] as Grey));
  // Radiograph (MONOCHROME1: low values are dense), half size.
  const dxSeries = seriesByKey(manifest, 'dx-pelvis-ap');
  const dx = parseImage(dxSeries.instances[0]?.file ?? '');
  const dw = dxSeries.windows[0];
  write(
    'dx-pelvis-ap.png',
    raster(dx.columns / 2, dx.rows / 2, (c, r) =>
      windowed(
        dx.values[2 * r * dx.columns + 2 * c] as number,
        dw?.WindowCenter ?? 2048,
        dw?.WindowWidth ?? 4096,
        true,
      ),
    ),
  );
  for (const [key, name, zoom] of [
    ['us-mass', 'us-mass.png', 1],
    ['nm-bone', 'nm-bone.png', 2],
  ] as const) {
    const s = seriesByKey(manifest, key);
    const img = parseImage(s.instances[0]?.file ?? '');
    let max = 1;
    for (const v of img.values) max = Math.max(max, v);
    const w = s.windows[0];
    write(
      name,
      crop(img, 0, 0, img.columns, img.rows, zoom, w?.WindowCenter ?? max / 2, w?.WindowWidth ?? max),
    );
  }
  console.log(`previews written to ${out}`);
}

if (process.argv[1]?.endsWith('renderPreviews.ts')) main();
