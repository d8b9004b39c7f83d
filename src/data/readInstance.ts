/**
 * Reads one Part-10 file (bytes in) into a naturalized attribute record (src/data/readAttributes.ts, the
 * shape @cornerstonejs/metadata's providers read) and, for native little-endian grayscale images, the decoded
 * pixels. Anything else is declined with the reason, for the DICOM image loader to read in full. Runs in the
 * instance worker; pure apart from the parser, so it is unit-tested in Node. No DOM, no Cornerstone.
 */
import {
  type DecodedPixels,
  decodeNativePixels,
  nativeLittleEndianSyntaxes,
  type PixelDescription,
} from './instancePixels.ts';
import { AttributeReadError, readAttributes, readTransferSyntax } from './readAttributes.ts';

/** What reading a file gives: attributes and pixels, or why this reader leaves the file to the library. */
export type ReadInstance =
  | {
      readonly kind: 'decoded';
      readonly naturalized: Record<string, unknown>;
      readonly decoded: DecodedPixels;
    }
  | { readonly kind: 'declined'; readonly reason: string };

/**
 * Parses a Part-10 file and decodes its pixels when they are native little-endian grayscale.
 * @param bytes - the whole file (a view; sign extension of signed samples may write into it)
 * @throws Error with a plain sentence when the file is not DICOM, is truncated, or its pixels cannot be right
 */
export function readInstance(bytes: Uint8Array): ReadInstance {
  if (bytes.byteLength < 132 || new TextDecoder().decode(bytes.subarray(128, 132)) !== 'DICM') {
    throw new Error('not a DICOM Part-10 file (no DICM prefix)');
  }
  let reading: ReturnType<typeof readAttributes>;
  try {
    const syntax = readTransferSyntax(bytes);
    if (!nativeLittleEndianSyntaxes.has(syntax)) {
      return {
        kind: 'declined',
        reason: `transfer syntax ${syntax || '(none)'} is not native little endian`,
      };
    }
    reading = readAttributes(bytes, syntax);
  } catch (error) {
    if (!(error instanceof AttributeReadError)) throw error;
    throw new Error(`file is truncated or corrupt (${error.message})`);
  }
  if (reading.kind === 'declined') return reading;
  const { naturalized, pixelBytes } = reading;
  const result = decodeNativePixels(describePixels(naturalized), pixelBytes);
  if (result.kind === 'declined') return { kind: 'declined', reason: result.reason };
  return { kind: 'decoded', naturalized, decoded: result };
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
