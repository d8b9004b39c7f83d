import { describe, expect, it } from 'vitest';
import {
  decodeNativePixels,
  PixelDataError,
  type PixelDescription,
  typedArrayForRange,
} from './instancePixels.ts';

const base: PixelDescription = {
  TransferSyntaxUID: '1.2.840.10008.1.2.1',
  Rows: 2,
  Columns: 2,
  SamplesPerPixel: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: 16,
  BitsStored: 16,
  PixelRepresentation: 0,
};

const le16 = (values: number[]) => {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setUint16(2 * i, v & 0xffff, true);
  });
  return bytes;
};

describe('decodeNativePixels', () => {
  it('applies slope and intercept and picks the smallest array that holds the result', () => {
    const out = decodeNativePixels(
      { ...base, RescaleSlope: 1, RescaleIntercept: -1024 },
      le16([0, 1024, 2048, 3000]),
    );
    if (out.kind !== 'decoded') throw new Error(out.reason);
    expect(out.pixels).toBeInstanceOf(Int16Array);
    expect([...out.pixels]).toEqual([-1024, 0, 1024, 1976]);
    expect([out.min, out.max, out.scaled]).toEqual([-1024, 1976, true]);
  });

  it('uses Float32 for a fractional slope', () => {
    const out = decodeNativePixels({ ...base, RescaleSlope: 0.5, RescaleIntercept: 0 }, le16([1, 2, 3, 4]));
    if (out.kind !== 'decoded') throw new Error(out.reason);
    expect(out.pixels).toBeInstanceOf(Float32Array);
    expect([...out.pixels]).toEqual([0.5, 1, 1.5, 2]);
  });

  it('extends the sign of 12-bit signed samples stored in 16 bits', () => {
    // 0x0fff is -1 in 12 bits; 0x0800 is -2048; 0x07ff is 2047.
    const out = decodeNativePixels(
      { ...base, BitsStored: 12, PixelRepresentation: 1 },
      le16([0x0fff, 0x0800, 0x07ff, 0]),
    );
    if (out.kind !== 'decoded') throw new Error(out.reason);
    expect([...out.pixels]).toEqual([-1, -2048, 2047, 0]);
    expect([out.min, out.max, out.scaled]).toEqual([-2048, 2047, false]);
  });

  it('keeps identity-LUT 16-bit data that fits in 8 bits as Uint8 (as the DICOM image loader does)', () => {
    const out = decodeNativePixels(base, le16([0, 10, 200, 255]));
    if (out.kind !== 'decoded') throw new Error(out.reason);
    expect(out.pixels).toBeInstanceOf(Uint8Array);
  });

  it('declines what it does not decode', () => {
    expect(
      decodeNativePixels({ ...base, TransferSyntaxUID: '1.2.840.10008.1.2.4.50' }, le16([0, 0, 0, 0])),
    ).toMatchObject({
      kind: 'declined',
    });
    expect(decodeNativePixels({ ...base, SamplesPerPixel: 3 }, le16([0, 0, 0, 0]))).toMatchObject({
      kind: 'declined',
    });
    expect(decodeNativePixels({ ...base, NumberOfFrames: 2 }, le16([0, 0, 0, 0]))).toMatchObject({
      kind: 'declined',
    });
    expect(decodeNativePixels({ ...base, BitsAllocated: 32 }, le16([0, 0, 0, 0]))).toMatchObject({
      kind: 'declined',
    });
  });

  it('refuses pixel data shorter than the image', () => {
    expect(() => decodeNativePixels(base, le16([1, 2, 3]))).toThrow(PixelDataError);
    expect(() => decodeNativePixels(base, le16([1, 2, 3]))).toThrow(/truncated/);
  });
});

describe('typedArrayForRange', () => {
  it('matches the DICOM image loader', () => {
    expect(typedArrayForRange(0, 255)).toBe(Uint8Array);
    expect(typedArrayForRange(0, 4095)).toBe(Uint16Array);
    expect(typedArrayForRange(-1024, 3071)).toBe(Int16Array);
    expect(typedArrayForRange(-100, 100)).toBe(Int8Array);
    expect(typedArrayForRange(-40000, 0)).toBe(Float32Array);
    expect(typedArrayForRange(0, 0.5)).toBe(Float32Array);
  });
});
