import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDicomImage } from './decodeDicomImage.ts';
import { readInstance } from './readInstance.ts';

const sample = resolve(import.meta.dirname, '../../sample-dicom/tumoral-calcinosis-pubis');
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

function bytesOf(path: string): Uint8Array {
  if (!existsSync(path)) {
    throw new Error(
      path.startsWith(pydicomFiles)
        ? `${path} is missing: install Debian's third-party test files with \`sudo apt-get install -y python3-pydicom\`.`
        : `${path} is missing: run \`npm run generate\` first.`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

/** Compares the worker's reading with an independent one (dicom-parser, rescale in float). */
function expectSameAsIndependentReading(path: string) {
  const bytes = bytesOf(path);
  const independent = decodeDicomImage(bytes.slice(0));
  const read = readInstance(bytes);
  if (read.kind !== 'decoded') throw new Error(`declined: ${read.reason}`);
  const decoded = read.decoded;
  expect(decoded.pixels.length).toBe(independent.Rows * independent.Columns);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < independent.values.length; i++) {
    const value = independent.values[i] as number;
    if (decoded.pixels[i] !== value) throw new Error(`pixel ${i}: ${decoded.pixels[i]} != ${value}`);
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  expect([decoded.min, decoded.max]).toEqual([min, max]);
  expect(read.naturalized.PixelData).toBeUndefined();
  expect(read.naturalized.TransferSyntaxUID).toMatch(/^1\.2\.840\.10008\.1\.2(\.1)?$/);
  expect(read.naturalized.SOPInstanceUID).toBe(independent.SOPInstanceUID);
  return { read, decoded, independent };
}

describe('readInstance on the sample case', () => {
  it('decodes a CT slice to HU in an Int16Array, as the DICOM image loader would', () => {
    const { decoded, read } = expectSameAsIndependentReading(join(sample, 'ct/IM0100.dcm'));
    expect(decoded.pixels).toBeInstanceOf(Int16Array);
    expect(decoded.scaled).toBe(true);
    expect(decoded.rescaleIntercept).toBe(-1024);
    expect(decoded.min).toBeLessThan(-900); // air around the patient
    expect(read.naturalized.Modality).toBe('CT');
    expect(read.naturalized.ImagePositionPatient).toHaveLength(3);
  });

  it('keeps a MONOCHROME1 radiograph in stored values (identity modality LUT)', () => {
    const { decoded, read } = expectSameAsIndependentReading(join(sample, 'dx/IM0001.dcm'));
    expect(decoded.scaled).toBe(false);
    expect(decoded.pixels).toBeInstanceOf(Uint16Array);
    expect(read.naturalized.PhotometricInterpretation).toBe('MONOCHROME1');
  });

  it('decodes an MR slice', () => {
    expectSameAsIndependentReading(join(sample, 'mr-t1/IM0023.dcm'));
  });
});

describe('readInstance on third-party files (Debian python3-pydicom)', () => {
  it('decodes a signed CT (CT_small.dcm) like an independent reader', () => {
    const { decoded } = expectSameAsIndependentReading(join(pydicomFiles, 'CT_small.dcm'));
    expect(decoded.pixels.length).toBe(128 * 128);
  });

  it('decodes an implicit-VR little-endian MR (MR_small_implicit.dcm)', () => {
    expectSameAsIndependentReading(join(pydicomFiles, 'MR_small_implicit.dcm'));
  });

  it.each([
    ['JPEG2000.dcm', /transfer syntax 1\.2\.840\.10008\.1\.2\.4\.91/],
    ['MR_small_RLE.dcm', /transfer syntax 1\.2\.840\.10008\.1\.2\.5/],
    ['MR_small_bigendian.dcm', /transfer syntax 1\.2\.840\.10008\.1\.2\.2/],
    ['SC_rgb_small_odd.dcm', /colour/],
  ])('leaves %s to the DICOM image loader, saying why', (file, reason) => {
    const read = readInstance(bytesOf(join(pydicomFiles, file)));
    expect(read.kind).toBe('declined');
    expect(read.kind === 'declined' && read.reason).toMatch(reason);
  });
});

describe('readInstance on broken files', () => {
  it('calls a file cut inside its pixel data truncated', () => {
    const whole = bytesOf(join(sample, 'ct/IM0100.dcm'));
    expect(() => readInstance(whole.slice(0, whole.byteLength - 100_000))).toThrow(/truncated/);
  });

  it('says when a file is not DICOM Part 10', () => {
    expect(() => readInstance(new TextEncoder().encode('<html>Not found</html>'))).toThrow(
      'not a DICOM Part-10 file (no DICM prefix)',
    );
  });
});
