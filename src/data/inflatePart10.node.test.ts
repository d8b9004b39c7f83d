/** Deflated files made plain for the image loader, on pydicom's deflated test file. */
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { inflatePart10 } from './inflatePart10.ts';
import { readHeader } from './ingest/readHeader.ts';

const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const read = (name: string) => {
  const b = readFileSync(`${pydicomFiles}/${name}`);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

describe('inflatePart10', () => {
  it('rewrites a deflated file as Explicit VR Little Endian with the same attributes and all its pixels', () => {
    const original = read('image_dfl.dcm');
    const plain = new Uint8Array(inflatePart10(original));
    // Parsed without any inflater: a plain file now.
    const data = dicomParser.parseDicom(plain);
    expect(data.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    const rows = data.uint16('x00280010') ?? 0;
    const columns = data.uint16('x00280011') ?? 0;
    const bits = data.uint16('x00280100') ?? 0;
    expect(rows * columns).toBeGreaterThan(0);
    expect(data.elements.x7fe00010?.length).toBe((rows * columns * bits) / 8);
    // The same identity as the header reader reads from the deflated original.
    const header = readHeader('image_dfl.dcm', new Uint8Array(original));
    expect(header.ok && header.header.SOPInstanceUID).toBe(data.string('x00080018'));
    expect(header.ok && [header.header.Rows, header.header.Columns]).toEqual([rows, columns]);
  });

  it('leaves other files as they are', () => {
    const other = read('MR_small.dcm');
    expect(inflatePart10(other)).toBe(other);
  });
});
