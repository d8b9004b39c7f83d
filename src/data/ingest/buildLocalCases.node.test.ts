/**
 * Reading dropped files' headers and sorting them into cases, on the generated sample case (the files as
 * a teacher would drop its folder, shuffled) and on Debian's pydicom test files (third-party headers:
 * big endian, deflated, SR, truncated, not DICOM).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseManifest } from '../../model/CaseManifest.ts';
import { buildLocalCases, sortInstances } from './buildLocalCases.ts';
import { type InstanceHeader, readHeader } from './readHeader.ts';

const sample = resolve(import.meta.dirname, '../../../sample-dicom/tumoral-calcinosis-pubis');
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) throw new Error(`${folder} is missing: run \`npm run ensure-sample\` first.`);
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.dcm'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function read(path: string, root: string) {
  return readHeader(relative(root, path), new Uint8Array(readFileSync(path)));
}

const headersOf = (paths: readonly string[], root: string): InstanceHeader[] =>
  paths.map((path) => read(path, root)).flatMap((r) => (r.ok ? [r.header] : []));

describe('the sample case dropped as a folder', () => {
  const manifest = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as CaseManifest;
  // Shuffled, as a file system may list them.
  const paths = filesUnder(sample).sort((a, b) => ((a.length * 7919 + b.charCodeAt(b.length - 6)) % 3) - 1);
  const headers = headersOf(paths, sample);

  it('reads every file: one study, the series and instances in the manifest order', () => {
    expect(headers).toHaveLength(manifest.series.reduce((n, s) => n + s.instances.length, 0));
    const built = buildLocalCases(headers);
    expect(built.problems).toEqual([]);
    expect(built.others).toEqual([]);
    expect(built.cases).toHaveLength(1);
    const [local] = built.cases;
    expect(local?.manifest.StudyInstanceUID).toBe(manifest.StudyInstanceUID);
    // Not known to the app: by series number.
    const bySeriesNumber = [...manifest.series].sort((a, b) => a.SeriesNumber - b.SeriesNumber);
    expect(local?.manifest.series.map((s) => s.SeriesInstanceUID)).toEqual(
      bySeriesNumber.map((s) => s.SeriesInstanceUID),
    );
    for (const series of manifest.series) {
      const mine = local?.manifest.series.find((s) => s.SeriesInstanceUID === series.SeriesInstanceUID);
      expect(
        mine?.instances.map((x) => x.SOPInstanceUID),
        series.key,
      ).toEqual(series.instances.map((x) => x.SOPInstanceUID));
      expect(mine?.instances.map((x) => x.file)).toEqual(series.instances.map((x) => x.file));
      expect(mine?.Modality).toBe(series.Modality);
      expect(mine?.Rows).toBe(series.Rows);
      expect(mine?.PixelSpacing).toEqual(series.PixelSpacing);
      expect(mine?.PhotometricInterpretation).toBe(series.PhotometricInterpretation);
      if (series.sliceSpacingMm) expect(mine?.sliceSpacingMm).toBeCloseTo(series.sliceSpacingMm, 3);
      expect(mine?.windows.map((w) => [w.WindowCenter, w.WindowWidth])).toEqual(
        series.windows.map((w) => [w.WindowCenter, w.WindowWidth]),
      );
    }
    // Not known: its own id and keys from modality and series number.
    expect(local?.knownAs).toBeUndefined();
    expect(local?.manifest.caseId).toMatch(/^study-\d+$/);
    expect(local?.manifest.series.find((s) => s.Modality === 'CT')?.key).toBe('ct-2');
  });

  it('known to the app (the same study): the known case id and series keys, so its teaching files attach', () => {
    const [local] = buildLocalCases(headers, [manifest]).cases;
    expect(local?.knownAs).toBe(manifest.caseId);
    expect(local?.manifest.caseId).toBe(manifest.caseId);
    expect(local?.manifest.title).toBe(manifest.title);
    expect(local?.manifest.series.map((s) => s.key)).toEqual(manifest.series.map((s) => s.key));
  });

  it('leaves out a second copy of an image and a file without a size, saying so', () => {
    const [first] = headers;
    if (!first) throw new Error('no headers');
    const copy = { ...first, name: 'copy/IM0001.dcm' };
    const sizeless: InstanceHeader = { ...first, name: 'odd.dcm', SOPInstanceUID: '1.2.3', Rows: undefined };
    const built = buildLocalCases([...headers, copy, sizeless]);
    expect(built.problems).toEqual([
      'copy/IM0001.dcm: the same image (SOPInstanceUID) as another file; left out',
      'odd.dcm: no image size (Rows/Columns) in the file',
    ]);
  });

  it('sorts by InstanceNumber where there is no geometry', () => {
    const flat = headers
      .filter((h) => h.Modality === 'CT')
      .slice(0, 5)
      .map((h, i) => ({ ...h, ImagePositionPatient: undefined, InstanceNumber: 10 - i }));
    expect(sortInstances(flat).map((h) => h.InstanceNumber)).toEqual([6, 7, 8, 9, 10]);
  });
});

describe("third-party files (Debian's pydicom test files)", () => {
  const at = (name: string) => read(join(pydicomFiles, name), pydicomFiles);

  it('reads big endian, implicit and deflated headers', () => {
    for (const name of ['MR_small_bigendian.dcm', 'MR_small_implicit.dcm', 'image_dfl.dcm', 'JPEG2000.dcm']) {
      const reading = at(name);
      expect(reading.ok, name).toBe(true);
      if (reading.ok) expect(reading.header.Rows, name).toBeGreaterThan(0);
    }
    const big = at('MR_small_bigendian.dcm');
    expect(big.ok && [big.header.Rows, big.header.Columns]).toEqual([64, 64]);
  });

  it('lists a structured report apart, names what is not DICOM or cut short', () => {
    const sr = at('test-SR.dcm');
    expect(sr.ok).toBe(true);
    const built = buildLocalCases(sr.ok ? [sr.header] : []);
    expect(built.cases).toEqual([]);
    expect(built.others).toEqual([
      {
        name: 'test-SR.dcm',
        kind: 'Structured report (SR)',
        StudyInstanceUID: sr.ok ? sr.header.StudyInstanceUID : '',
      },
    ]);
    expect(at('README.txt')).toEqual({
      ok: false,
      name: 'README.txt',
      problem: 'not a DICOM file (no DICM prefix)',
    });
    const cut = readHeader(
      'cut.dcm',
      new Uint8Array(readFileSync(join(pydicomFiles, 'CT_small.dcm'))).subarray(0, 400),
    );
    expect(cut.ok ? '' : cut.problem).toMatch(/cut short|SOPInstanceUID/);
  });
});
