import { describe, expect, it } from 'vitest';
import { decodeDicomImage } from './decodeDicomImage.ts';

/** A tiny explicit-VR little-endian Part-10 writer, enough for a 2×3 test image. */
function part10(
  elements: readonly [group: number, element: number, vr: string, value: string | Uint8Array][],
): Uint8Array {
  const chunks: number[] = [];
  const u16 = (v: number) => chunks.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number) => chunks.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  for (let i = 0; i < 128; i++) chunks.push(0);
  for (const c of 'DICM') chunks.push(c.charCodeAt(0));
  for (const [group, element, vr, value] of elements) {
    let bytes = typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [...value];
    if (bytes.length % 2) bytes = [...bytes, vr === 'UI' ? 0 : 0x20];
    u16(group);
    u16(element);
    chunks.push(vr.charCodeAt(0), vr.charCodeAt(1));
    if (vr === 'OW' || vr === 'OB') {
      u16(0);
      u32(bytes.length);
    } else u16(bytes.length);
    chunks.push(...bytes);
  }
  return new Uint8Array(chunks);
}

const us = (v: number) => new Uint8Array([v & 0xff, v >> 8]);

function ctImage(transferSyntax = '1.2.840.10008.1.2.1'): Uint8Array {
  const pixels = new Int16Array([-1024, 0, 24, 1000, 2000, -2000]);
  return part10([
    [0x0002, 0x0010, 'UI', transferSyntax],
    [0x0008, 0x0018, 'UI', '1.2.3.4'],
    [0x0008, 0x0060, 'CS', 'CT'],
    [0x0020, 0x000e, 'UI', '1.2.3'],
    [0x0020, 0x0032, 'DS', '-16\\-16.5\\10'],
    [0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'],
    [0x0020, 0x0052, 'UI', '1.2.9'],
    [0x0028, 0x0004, 'CS', 'MONOCHROME2'],
    [0x0028, 0x0010, 'US', us(2)],
    [0x0028, 0x0011, 'US', us(3)],
    [0x0028, 0x0030, 'DS', '0.7\\0.75'],
    [0x0028, 0x0100, 'US', us(16)],
    [0x0028, 0x0103, 'US', us(1)],
    [0x0028, 0x1052, 'DS', '-1024'],
    [0x0028, 0x1053, 'DS', '1'],
    [0x7fe0, 0x0010, 'OW', new Uint8Array(pixels.buffer)],
  ]);
}

describe('decodeDicomImage', () => {
  it('reads geometry and applies RescaleSlope/RescaleIntercept to signed pixels', () => {
    const image = decodeDicomImage(ctImage());
    expect(image).toMatchObject({
      SOPInstanceUID: '1.2.3.4',
      SeriesInstanceUID: '1.2.3',
      Modality: 'CT',
      FrameOfReferenceUID: '1.2.9',
      Rows: 2,
      Columns: 3,
      ImagePositionPatient: [-16, -16.5, 10],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [0.7, 0.75],
      RescaleIntercept: -1024,
    });
    expect([...image.values]).toEqual([-2048, -1024, -1000, -24, 976, -3024]);
  });

  it('refuses compressed transfer syntaxes with a plain sentence', () => {
    expect(() => decodeDicomImage(ctImage('1.2.840.10008.1.2.4.70'))).toThrow(
      'transfer syntax 1.2.840.10008.1.2.4.70 is not uncompressed little endian',
    );
  });
});
