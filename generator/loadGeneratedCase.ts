// Reads the generated sample case back from disk (manifest, truth, DICOM files via dicom-parser) for the
// generator's tests. Read-only; never generates anything.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import type { CaseManifest, ManifestSeries } from '../src/model/CaseManifest.ts';
import type { CaseTruth } from './CaseTruth.ts';
import { CASE_ID } from './caseGeometry.ts';

/** Folder of the generated case. */
export const CASE_DIR = resolve(import.meta.dirname, '..', 'sample-dicom', CASE_ID);

/** Manifest and truth of the generated case; throws with the command to run when missing. */
export function loadCaseJson(): { manifest: CaseManifest; truth: CaseTruth } {
  const manifestPath = join(CASE_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(
      `${manifestPath} is missing: run \`node scripts/ensureSample.mjs\` (or npm run generate) first`,
    );
  }
  return {
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as CaseManifest,
    truth: JSON.parse(readFileSync(join(CASE_DIR, 'truth.json'), 'utf8')) as CaseTruth,
  };
}

/** One parsed image: its data set and pixel values (rescaled to output units). */
export interface ParsedImage {
  readonly dataSet: dicomParser.DataSet;
  readonly rows: number;
  readonly columns: number;
  /** Stored values times RescaleSlope plus RescaleIntercept (HU for CT). */
  readonly values: Float32Array;
}

/** Parses a Part-10 file of the case and decodes its native 8- or 16-bit pixels. */
export function parseImage(file: string): ParsedImage {
  const bytes = new Uint8Array(readFileSync(join(CASE_DIR, file)));
  const dataSet = dicomParser.parseDicom(bytes);
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const pixel = dataSet.elements.x7fe00010;
  if (!pixel) throw new Error(`${file}: no PixelData`);
  const signed = dataSet.uint16('x00280103') === 1;
  const bytesPerPixel = (dataSet.uint16('x00280100') ?? 16) / 8;
  const view = new DataView(
    bytes.buffer,
    bytes.byteOffset + pixel.dataOffset,
    rows * columns * bytesPerPixel,
  );
  const slope = Number(dataSet.string('x00281053') ?? 1);
  const intercept = Number(dataSet.string('x00281052') ?? 0);
  const values = new Float32Array(rows * columns);
  for (let k = 0; k < values.length; k++) {
    const raw =
      bytesPerPixel === 1
        ? view.getUint8(k)
        : signed
          ? view.getInt16(k * 2, true)
          : view.getUint16(k * 2, true);
    values[k] = raw * slope + intercept;
  }
  return { dataSet, rows, columns, values };
}

/** Numbers of a multi-valued DS/IS attribute. */
export function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  const n = dataSet.numStringValues(tag) ?? 0;
  return Array.from({ length: n }, (_, i) => Number(dataSet.string(tag, i)));
}

/** A series of the manifest by key; throws when absent. */
export function seriesByKey(manifest: CaseManifest, key: string): ManifestSeries {
  const s = manifest.series.find((x) => x.key === key);
  if (!s) throw new Error(`series ${key} missing from manifest`);
  return s;
}

/** An axial stack read into memory, with world ↔ index helpers (axial, IOP 1\0\0\0\1\0). */
export interface AxialStack {
  readonly series: ManifestSeries;
  readonly images: readonly ParsedImage[];
  /** z of each image, in file (display) order. */
  readonly zs: readonly number[];
  /** Value at the voxel nearest to a world point in this series' frame, or NaN outside. */
  sample(p: readonly [number, number, number]): number;
  /** Mean over a (2r+1)² pixel neighbourhood on the nearest slice. */
  mean(p: readonly [number, number, number], r: number): number;
}

/** Loads an axial series completely. */
export function loadAxialStack(series: ManifestSeries): AxialStack {
  const images = series.instances.map((i) => parseImage(i.file));
  const zs = series.instances.map((i) => i.ImagePositionPatient?.[2] ?? Number.NaN);
  const first = series.instances[0]?.ImagePositionPatient ?? [0, 0, 0];
  const [rowSpacing, colSpacing] = series.PixelSpacing;
  const locate = (p: readonly [number, number, number]): { s: number; i: number; j: number } | null => {
    let s = 0;
    for (let k = 1; k < zs.length; k++)
      if (Math.abs((zs[k] as number) - p[2]) < Math.abs((zs[s] as number) - p[2])) s = k;
    const i = Math.round((p[0] - first[0]) / colSpacing);
    const j = Math.round((p[1] - first[1]) / rowSpacing);
    if (i < 0 || j < 0 || i >= series.Columns || j >= series.Rows) return null;
    return { s, i, j };
  };
  return {
    series,
    images,
    zs,
    sample(p) {
      const at = locate(p);
      if (!at) return Number.NaN;
      return (images[at.s] as ParsedImage).values[at.j * series.Columns + at.i] as number;
    },
    mean(p, r) {
      const at = locate(p);
      if (!at) return Number.NaN;
      const img = images[at.s] as ParsedImage;
      let sum = 0;
      let n = 0;
      for (let b = -r; b <= r; b++) {
        for (let a = -r; a <= r; a++) {
          sum += img.values[(at.j + b) * series.Columns + at.i + a] as number;
          n++;
        }
      }
      return sum / n;
    },
  };
}
