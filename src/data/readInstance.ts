/**
 * Reads one Part-10 file (bytes in) into the naturalized dataset @cornerstonejs/metadata's providers read
 * and, for native little-endian grayscale images, the decoded pixels. Runs in the instance worker; pure
 * apart from the parser, so it is unit-tested in Node. No DOM, no Cornerstone.
 */
import { utilities as metadataUtilities } from '@cornerstonejs/metadata';
import { type DecodedPixels, decodeNativePixels, type PixelDescription } from './instancePixels.ts';

/** What reading a file gives. */
export interface ReadInstance {
  readonly naturalized: Record<string, unknown>;
  readonly decoded: DecodedPixels | null;
  readonly declined: string | null;
}

/** Attributes that make the DICOM image loader's own decoder the right one (LUT tables it applies itself). */
const libraryOnly = ['ModalityLUTSequence', 'VOILUTSequence', 'PixelPaddingRangeLimit'];

/**
 * Parses a Part-10 file and decodes its pixels when they are native little-endian grayscale.
 * @param bytes - the whole file
 * @throws Error with a plain sentence when the file is not DICOM, is truncated, or its pixels cannot be right
 */
export async function readInstance(bytes: ArrayBuffer): Promise<ReadInstance> {
  if (bytes.byteLength < 132 || new TextDecoder().decode(new Uint8Array(bytes, 128, 4)) !== 'DICM') {
    throw new Error('not a DICOM Part-10 file (no DICM prefix)');
  }
  let naturalized: Record<string, unknown>;
  try {
    naturalized = (await metadataUtilities.naturalizePart10Buffer(bytes)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`file is truncated or corrupt (${message})`);
  }
  const pixelBytes = pixelDataBytes(naturalized.PixelData);
  if (!pixelBytes) throw new Error('the file has no pixel data');
  const special = libraryOnly.find((keyword) => naturalized[keyword] !== undefined);
  if (special) return { naturalized, decoded: null, declined: `${special} present` };
  const result = decodeNativePixels(describePixels(naturalized), pixelBytes);
  if (result.kind === 'declined') return { naturalized, decoded: null, declined: result.reason };
  delete naturalized.PixelData;
  return { naturalized, decoded: result, declined: null };
}

/** The attributes decodeNativePixels needs, read from a naturalized dataset. */
export function describePixels(naturalized: Record<string, unknown>): PixelDescription {
  const num = (keyword: string): number | undefined => {
    const value = naturalized[keyword];
    const first = Array.isArray(value) ? value[0] : value;
    const n = typeof first === 'string' ? Number(first) : first;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  };
  const str = (keyword: string): string | undefined => {
    const value = naturalized[keyword];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.trim() : undefined;
  };
  return {
    TransferSyntaxUID: str('TransferSyntaxUID'),
    Rows: num('Rows'),
    Columns: num('Columns'),
    SamplesPerPixel: num('SamplesPerPixel'),
    PhotometricInterpretation: str('PhotometricInterpretation'),
    BitsAllocated: num('BitsAllocated'),
    BitsStored: num('BitsStored'),
    PixelRepresentation: num('PixelRepresentation'),
    NumberOfFrames: num('NumberOfFrames'),
    RescaleSlope: num('RescaleSlope'),
    RescaleIntercept: num('RescaleIntercept'),
    Modality: str('Modality'),
  };
}

/** The Pixel Data value as one byte array (the naturalized form nests frames and fragments in arrays). */
function pixelDataBytes(value: unknown): Uint8Array | null {
  const parts: Uint8Array[] = [];
  const collect = (v: unknown): void => {
    if (v instanceof ArrayBuffer) parts.push(new Uint8Array(v));
    else if (ArrayBuffer.isView(v)) parts.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (Array.isArray(v)) for (const item of v) collect(item);
  };
  collect(value);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** The ArrayBuffers a naturalized dataset still holds (to transfer them instead of copying). */
export function buffersOf(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (value instanceof ArrayBuffer) out.push(value);
  else if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) out.push(value.buffer);
  else if (Array.isArray(value)) for (const item of value) buffersOf(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) buffersOf(item, out);
  return [...new Set(out)];
}
