/**
 * Reads one uncompressed Part-10 image with dicom-parser into its geometry and its pixel values in output
 * units (RescaleSlope/RescaleIntercept applied: HU on CT). Used by annotation validation; bytes in, no I/O,
 * no DOM.
 */
import dicomParser from 'dicom-parser';
import { type WorldPoint, worldPoint } from '../model/geometry.ts';

/** The attributes validation needs, spelled as DICOM keywords, and the rescaled pixels. */
export interface DecodedImage {
  readonly SOPInstanceUID: string;
  readonly SeriesInstanceUID: string;
  readonly Modality: string;
  readonly FrameOfReferenceUID?: string;
  readonly Rows: number;
  readonly Columns: number;
  readonly ImagePositionPatient?: WorldPoint;
  readonly ImageOrientationPatient?: readonly [number, number, number, number, number, number];
  /** PixelSpacing, or ImagerPixelSpacing for projection images: [row spacing, column spacing] mm. */
  readonly PixelSpacing?: readonly [number, number];
  readonly RescaleSlope: number;
  readonly RescaleIntercept: number;
  readonly PhotometricInterpretation: string;
  /** Row-major pixel values after rescale. */
  readonly values: Float32Array;
}

/** Transfer syntaxes whose pixel data are stored as plain little-endian samples. */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

const numbers = (ds: dicomParser.DataSet, tag: string, count: number): number[] | undefined => {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = ds.floatString(tag, i);
    if (v === undefined || Number.isNaN(v)) return undefined;
    out.push(v);
  }
  return out;
};

/**
 * Parses a Part-10 file and decodes its (single-frame, uncompressed, 8- or 16-bit) pixels.
 * @param bytes - the whole file
 * @throws Error with a plain sentence when the file is not such an image
 */
export function decodeDicomImage(bytes: Uint8Array): DecodedImage {
  const ds = dicomParser.parseDicom(bytes);
  const transferSyntax = ds.string('x00020010') ?? '';
  if (!NATIVE_LITTLE_ENDIAN.has(transferSyntax)) {
    throw new Error(`transfer syntax ${transferSyntax || '(none)'} is not uncompressed little endian`);
  }
  const Rows = ds.uint16('x00280010') ?? 0;
  const Columns = ds.uint16('x00280011') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const signed = ds.uint16('x00280103') === 1;
  const pixel = ds.elements.x7fe00010;
  if (!pixel || Rows === 0 || Columns === 0) throw new Error('no pixel data');
  const count = Rows * Columns;
  if (pixel.length < (count * bitsAllocated) / 8) throw new Error('pixel data shorter than Rows × Columns');
  const RescaleSlope = ds.floatString('x00281053') ?? 1;
  const RescaleIntercept = ds.floatString('x00281052') ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + pixel.dataOffset, pixel.length);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let stored: number;
    if (bitsAllocated === 16) stored = signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true);
    else if (bitsAllocated === 8) stored = signed ? view.getInt8(i) : view.getUint8(i);
    else throw new Error(`BitsAllocated ${bitsAllocated} is not supported`);
    values[i] = stored * RescaleSlope + RescaleIntercept;
  }
  const ipp = numbers(ds, 'x00200032', 3);
  const iop = numbers(ds, 'x00200037', 6);
  const spacing = numbers(ds, 'x00280030', 2) ?? numbers(ds, 'x00181164', 2);
  const frame = ds.string('x00200052');
  return {
    SOPInstanceUID: ds.string('x00080018') ?? '',
    SeriesInstanceUID: ds.string('x0020000e') ?? '',
    Modality: ds.string('x00080060') ?? '',
    ...(frame ? { FrameOfReferenceUID: frame } : {}),
    Rows,
    Columns,
    // numbers() returned all three values or none: the fallbacks never apply.
    ...(ipp ? { ImagePositionPatient: worldPoint(ipp[0] ?? 0, ipp[1] ?? 0, ipp[2] ?? 0) } : {}),
    ...(iop
      ? {
          ImageOrientationPatient: iop as unknown as readonly [
            number,
            number,
            number,
            number,
            number,
            number,
          ],
        }
      : {}),
    ...(spacing ? { PixelSpacing: [spacing[0], spacing[1]] as unknown as readonly [number, number] } : {}),
    RescaleSlope,
    RescaleIntercept,
    PhotometricInterpretation: ds.string('x00280004') ?? '',
    values,
  };
}
