/**
 * Reads what sorting a dropped file into studies, series and instances needs from its DICOM header (up to
 * the pixel data) with dicom-parser: identity (UIDs, SOP class, modality), geometry, size, photometric
 * interpretation and window presets. A file that is not DICOM, or cut short before its header ends, is a
 * problem naming it, never an exception. Pure: no DOM, no Cornerstone.
 */
import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { WindowPreset } from '../../model/CaseManifest.ts';

/** The header of one file, as much as sorting and the manifest need. */
export interface InstanceHeader {
  /** Where it came from: the path inside the drop or folder, or the file name. */
  readonly name: string;
  readonly transferSyntax: string;
  readonly SOPClassUID: string;
  readonly SOPInstanceUID: string;
  readonly StudyInstanceUID: string;
  readonly SeriesInstanceUID: string;
  readonly Modality: string;
  readonly StudyDescription: string;
  readonly SeriesDescription: string;
  readonly StudyDate: string;
  readonly PatientName: string;
  readonly PatientID: string;
  readonly SeriesNumber?: number;
  readonly InstanceNumber?: number;
  readonly FrameOfReferenceUID?: string;
  readonly ImagePositionPatient?: readonly [number, number, number];
  readonly ImageOrientationPatient?: readonly [number, number, number, number, number, number];
  /** PixelSpacing, else ImagerPixelSpacing: [row spacing, column spacing] mm. */
  readonly PixelSpacing?: readonly [number, number];
  readonly SliceThickness?: number;
  readonly Rows?: number;
  readonly Columns?: number;
  readonly NumberOfFrames?: number;
  readonly PhotometricInterpretation?: string;
  readonly windows: readonly WindowPreset[];
  /** Whether the file has pixel data (an image) at all. */
  readonly hasPixelData: boolean;
}

/** A header, or why the file cannot be read (a sentence naming the problem). */
export type HeaderReading =
  | { readonly ok: true; readonly header: InstanceHeader }
  | { readonly ok: false; readonly name: string; readonly problem: string };

const text = (data: dicomParser.DataSet, tag: string): string => data.string(tag)?.trim() ?? '';

/** The numbers of a multi-valued decimal/integer string, or undefined when absent or not numbers. */
function numbers(data: dicomParser.DataSet, tag: string): number[] | undefined {
  const raw = data.string(tag);
  if (!raw) return undefined;
  const values = raw.split('\\').map((part) => Number(part.trim()));
  return values.length > 0 && values.every(Number.isFinite) ? values : undefined;
}

function tupleOf<N extends number>(values: number[] | undefined, length: N): number[] | undefined {
  return values && values.length === length ? values : undefined;
}

const one = (data: dicomParser.DataSet, tag: string): number | undefined => numbers(data, tag)?.[0];

/** An unsigned 16-bit value (US), read in the file's byte order. */
function us(data: dicomParser.DataSet, tag: string): number | undefined {
  return data.elements[tag] ? data.uint16(tag) : undefined;
}

/**
 * An ultrasound image's pixel spacing from its first calibrated region (SequenceOfUltrasoundRegions:
 * PhysicalDeltaY, PhysicalDeltaX in cm when the units are 3), [row, column] mm; undefined otherwise.
 */
function ultrasoundSpacing(data: dicomParser.DataSet): number[] | undefined {
  const region = data.elements.x00186011?.items?.[0]?.dataSet;
  if (!region?.elements.x0018602c || !region.elements.x0018602e) return undefined;
  if (region.uint16('x00186024') !== 3 || region.uint16('x00186026') !== 3) return undefined;
  const x = region.double('x0018602c');
  const y = region.double('x0018602e');
  return x !== undefined && y !== undefined && x > 0 && y > 0 ? [y * 10, x * 10] : undefined;
}

/** The file's window presets (WindowCenter/WindowWidth pairs, with their explanations). */
function windowsOf(data: dicomParser.DataSet): WindowPreset[] {
  const centers = numbers(data, 'x00281050') ?? [];
  const widths = numbers(data, 'x00281051') ?? [];
  const explanations = (data.string('x00281055') ?? '').split('\\');
  return centers.flatMap((center, i) => {
    const width = widths[i];
    return width !== undefined && width > 0
      ? [{ WindowCenter: center, WindowWidth: width, explanation: explanations[i]?.trim() ?? '' }]
      : [];
  });
}

/**
 * Inflates a Deflated Explicit VR Little Endian data set (1.2.840.10008.1.2.1.99): the header as it is,
 * then the raw-deflated rest (fflate; dicom-parser would look for pako in a browser).
 */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const whole = new Uint8Array(position + inflated.byteLength);
  whole.set(bytes.subarray(0, position), 0);
  whole.set(inflated, position);
  return whole;
}

/** Plain words for dicom-parser's messages. */
function problemOf(error: unknown): string {
  // dicom-parser throws `{ exception, dataSet }` when the data set after the meta header is broken.
  const inner =
    typeof error === 'object' && error !== null && 'exception' in error
      ? (error as { exception: unknown }).exception
      : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  const plain = message.replace(/^dicomParser\.\w+:\s*/, '');
  if (/DICM prefix not found/i.test(plain)) return 'not a DICOM file (no DICM prefix)';
  if (/buffer overread|attempt to read past end|buffer overrun/i.test(plain))
    return `the file is cut short (${plain})`;
  if (/invalid (block|distance|length)|unexpected EOF|inflate/i.test(plain))
    return `the deflated data set cannot be inflated (${plain})`;
  return plain;
}

/**
 * Reads a file's header.
 * @param name - the file's path inside the drop, for messages
 * @param bytes - the file (or at least its header)
 */
export function readHeader(name: string, bytes: Uint8Array): HeaderReading {
  let data: dicomParser.DataSet;
  try {
    if (bytes.byteLength < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM')
      return { ok: false, name, problem: 'not a DICOM file (no DICM prefix)' };
    data = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010', inflater });
  } catch (error) {
    // A data set broken after the attributes sorting needs (an odd element late in the header) is read as
    // far as it goes: dicom-parser hands over what it parsed; the image loader judges the pixels later.
    const partial = (error as { dataSet?: dicomParser.DataSet } | null)?.dataSet;
    if (!partial?.elements.x00080018 || !partial.elements.x0020000e)
      return { ok: false, name, problem: problemOf(error) };
    data = partial;
  }
  const SOPInstanceUID = text(data, 'x00080018');
  const StudyInstanceUID = text(data, 'x0020000d');
  const SeriesInstanceUID = text(data, 'x0020000e');
  const missing = [
    ['SOPInstanceUID', SOPInstanceUID],
    ['StudyInstanceUID', StudyInstanceUID],
    ['SeriesInstanceUID', SeriesInstanceUID],
  ]
    .filter(([, value]) => !value)
    .map(([keyword]) => keyword);
  if (missing.length > 0) return { ok: false, name, problem: `no ${missing.join(', ')} in the file` };
  const position = tupleOf(numbers(data, 'x00200032'), 3);
  const orientation = tupleOf(numbers(data, 'x00200037'), 6);
  const spacing =
    tupleOf(numbers(data, 'x00280030') ?? numbers(data, 'x00181164'), 2) ?? ultrasoundSpacing(data);
  const optional = {
    SeriesNumber: one(data, 'x00200011'),
    InstanceNumber: one(data, 'x00200013'),
    FrameOfReferenceUID: text(data, 'x00200052') || undefined,
    ImagePositionPatient: position as InstanceHeader['ImagePositionPatient'],
    ImageOrientationPatient: orientation as InstanceHeader['ImageOrientationPatient'],
    PixelSpacing: spacing as InstanceHeader['PixelSpacing'],
    SliceThickness: one(data, 'x00180050'),
    Rows: us(data, 'x00280010'),
    Columns: us(data, 'x00280011'),
    NumberOfFrames: one(data, 'x00280008'),
    PhotometricInterpretation: text(data, 'x00280004') || undefined,
  };
  const header: InstanceHeader = {
    name,
    transferSyntax: text(data, 'x00020010'),
    SOPClassUID: text(data, 'x00080016'),
    SOPInstanceUID,
    StudyInstanceUID,
    SeriesInstanceUID,
    Modality: text(data, 'x00080060'),
    StudyDescription: text(data, 'x00081030'),
    SeriesDescription: text(data, 'x0008103e'),
    StudyDate: text(data, 'x00080020'),
    PatientName: text(data, 'x00100010'),
    PatientID: text(data, 'x00100020'),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    windows: windowsOf(data),
    // untilTag stops before the pixel data: its tag is what is left unread when the file has one.
    hasPixelData: bytes.byteLength > 0 && hasPixelDataTag(data, bytes),
  };
  return { ok: true, header };
}

/** Whether the pixel data element follows the header (dicom-parser stopped at it). */
function hasPixelDataTag(data: dicomParser.DataSet, bytes: Uint8Array): boolean {
  if (data.elements.x7fe00010) return true;
  const position = (data as unknown as { position?: number }).position;
  // Without a position, look for the tag's bytes (little endian: E0 7F 10 00) after the header.
  if (typeof position !== 'number') return false;
  const at = bytes.subarray(position, position + 4);
  return at[0] === 0xe0 && at[1] === 0x7f && at[2] === 0x10 && at[3] === 0x00;
}
