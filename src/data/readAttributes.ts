/**
 * Reads the attributes a viewer needs from a parsed Part-10 file into a naturalized record: DICOM keywords
 * to values, shaped as @cornerstonejs/metadata's own naturalizer (dcmjs) shapes them, so the library's
 * metadata providers derive every module from it unchanged. A fixed list of attributes instead of a full
 * dictionary keeps the image worker small (dcmjs with its dictionary is ~700 KB of worker code to evaluate
 * before the first image). Pure: dicom-parser only, no DOM, no Cornerstone.
 */
import dicomParser from 'dicom-parser';

/** How a value is naturalized: unsigned/signed 16-bit numbers (xs: by VR or PixelRepresentation), decimal or integer strings, text, or a person name. */
type ValueKind = 'US' | 'SS' | 'xs' | 'DS' | 'IS' | 'text' | 'PN';

/**
 * The attributes copied: keyword, tag, how to read the value (implicit VR files carry no VR) and whether
 * its value multiplicity is 1 (a scalar when one value is present) or more (always an array). The list
 * covers what Cornerstone's metadata modules read for a plain image (image plane and pixel, general
 * series/study/image, patient, VOI and modality LUT, SOP common, cine, calibration) plus what this viewer
 * reads itself (PatientOrientation, ImageType, laterality, view position).
 */
const attributeList: readonly (readonly [keyword: string, tag: string, kind: ValueKind, single: boolean])[] =
  [
    ['ImageType', 'x00080008', 'text', false],
    ['InstanceCreationDate', 'x00080012', 'text', true],
    ['InstanceCreationTime', 'x00080013', 'text', true],
    ['SOPClassUID', 'x00080016', 'text', true],
    ['SOPInstanceUID', 'x00080018', 'text', true],
    ['StudyDate', 'x00080020', 'text', true],
    ['SeriesDate', 'x00080021', 'text', true],
    ['AcquisitionDate', 'x00080022', 'text', true],
    ['ContentDate', 'x00080023', 'text', true],
    ['StudyTime', 'x00080030', 'text', true],
    ['SeriesTime', 'x00080031', 'text', true],
    ['AcquisitionTime', 'x00080032', 'text', true],
    ['ContentTime', 'x00080033', 'text', true],
    ['AccessionNumber', 'x00080050', 'text', true],
    ['Modality', 'x00080060', 'text', true],
    ['Manufacturer', 'x00080070', 'text', true],
    ['InstitutionName', 'x00080080', 'text', true],
    ['StudyDescription', 'x00081030', 'text', true],
    ['SeriesDescription', 'x0008103e', 'text', true],
    ['RecommendedDisplayFrameRate', 'x00082144', 'IS', true],
    ['PatientName', 'x00100010', 'PN', true],
    ['PatientID', 'x00100020', 'text', true],
    ['PatientBirthDate', 'x00100030', 'text', true],
    ['PatientBirthTime', 'x00100032', 'text', true],
    ['PatientSex', 'x00100040', 'text', true],
    ['PatientAge', 'x00101010', 'text', true],
    ['PatientSize', 'x00101020', 'DS', true],
    ['PatientWeight', 'x00101030', 'DS', true],
    ['BodyPartExamined', 'x00180015', 'text', true],
    ['SliceThickness', 'x00180050', 'DS', true],
    ['SpacingBetweenSlices', 'x00180088', 'DS', true],
    ['FrameTime', 'x00181063', 'DS', true],
    ['DistanceSourceToDetector', 'x00181110', 'DS', true],
    ['DistanceSourceToPatient', 'x00181111', 'DS', true],
    ['EstimatedRadiographicMagnificationFactor', 'x00181114', 'DS', true],
    ['ImagerPixelSpacing', 'x00181164', 'DS', false],
    ['ViewPosition', 'x00185101', 'text', true],
    ['StudyInstanceUID', 'x0020000d', 'text', true],
    ['SeriesInstanceUID', 'x0020000e', 'text', true],
    ['StudyID', 'x00200010', 'text', true],
    ['SeriesNumber', 'x00200011', 'IS', true],
    ['AcquisitionNumber', 'x00200012', 'IS', true],
    ['InstanceNumber', 'x00200013', 'IS', true],
    ['PatientOrientation', 'x00200020', 'text', false],
    ['ImagePositionPatient', 'x00200032', 'DS', false],
    ['ImageOrientationPatient', 'x00200037', 'DS', false],
    ['FrameOfReferenceUID', 'x00200052', 'text', true],
    ['Laterality', 'x00200060', 'text', true],
    ['ImageLaterality', 'x00200062', 'text', true],
    ['SliceLocation', 'x00201041', 'DS', true],
    ['SamplesPerPixel', 'x00280002', 'US', true],
    ['PhotometricInterpretation', 'x00280004', 'text', true],
    ['PlanarConfiguration', 'x00280006', 'US', true],
    ['NumberOfFrames', 'x00280008', 'IS', true],
    ['Rows', 'x00280010', 'US', true],
    ['Columns', 'x00280011', 'US', true],
    ['PixelSpacing', 'x00280030', 'DS', false],
    ['BitsAllocated', 'x00280100', 'US', true],
    ['BitsStored', 'x00280101', 'US', true],
    ['HighBit', 'x00280102', 'US', true],
    ['PixelRepresentation', 'x00280103', 'US', true],
    ['SmallestImagePixelValue', 'x00280106', 'xs', true],
    ['LargestImagePixelValue', 'x00280107', 'xs', true],
    ['PixelPaddingValue', 'x00280120', 'xs', true],
    ['PixelSpacingCalibrationType', 'x00280a02', 'text', true],
    ['PixelSpacingCalibrationDescription', 'x00280a04', 'text', true],
    ['WindowCenter', 'x00281050', 'DS', false],
    ['WindowWidth', 'x00281051', 'DS', false],
    ['RescaleIntercept', 'x00281052', 'DS', true],
    ['RescaleSlope', 'x00281053', 'DS', true],
    ['RescaleType', 'x00281054', 'text', true],
    ['WindowCenterWidthExplanation', 'x00281055', 'text', false],
    ['VOILUTFunction', 'x00281056', 'text', true],
    ['LossyImageCompression', 'x00282110', 'text', true],
    ['LossyImageCompressionRatio', 'x00282112', 'DS', false],
    ['LossyImageCompressionMethod', 'x00282114', 'text', false],
    ['DistanceSourceToEntrance', 'x00400306', 'DS', true],
  ];

/**
 * Elements that change how Cornerstone scales, calibrates or colours an image in ways the short record does
 * not carry (LUT tables, padding ranges, ultrasound regions, functional groups, NM/PET geometry, palette
 * colour, dose scaling): a file with one goes to the full reader and the DICOM image loader.
 */
const needsFullReader: readonly (readonly [tag: string, keyword: string])[] = [
  ['x00283000', 'ModalityLUTSequence'],
  ['x00283010', 'VOILUTSequence'],
  ['x00280121', 'PixelPaddingRangeLimit'],
  ['x00186011', 'SequenceOfUltrasoundRegions'],
  ['x52009229', 'SharedFunctionalGroupsSequence'],
  ['x52009230', 'PerFrameFunctionalGroupsSequence'],
  ['x00540022', 'DetectorInformationSequence'],
  ['x00540016', 'RadiopharmaceuticalInformationSequence'],
  ['x00281201', 'RedPaletteColorLookupTableData'],
  ['x3004000e', 'DoseGridScaling'],
];

/** What reading the attributes gives. */
export type AttributeReading =
  | {
      readonly kind: 'read';
      readonly naturalized: Record<string, unknown>;
      /** The Pixel Data value (native, not encapsulated): a view on the file's bytes. */
      readonly pixelBytes: Uint8Array;
    }
  | {
      /** The short record would not be enough (see needsFullReader), or the pixels are encapsulated. */
      readonly kind: 'declined';
      readonly reason: string;
    };

/** A file dicom-parser cannot read; the message keeps the parser's words. */
export class AttributeReadError extends Error {
  override readonly name = 'AttributeReadError';
}

/**
 * Reads the attributes of a Part-10 file.
 * @param bytes - the whole file
 * @param transferSyntax - its transfer syntax (from the file meta group; a native one, parsed here)
 * @throws AttributeReadError when dicom-parser cannot parse the file (truncated, corrupt); Error when it has
 *   no pixel data
 */
export function readAttributes(bytes: Uint8Array, transferSyntax: string): AttributeReading {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (thrown) {
    throw new AttributeReadError(parserMessage(thrown));
  }
  for (const [tag, keyword] of needsFullReader) {
    if (ds.elements[tag]) return { kind: 'declined', reason: `${keyword} present` };
  }
  const charset = ds.string('x00080005');
  const utf8 = charset !== undefined && /ISO_IR 192/.test(charset);
  if (charset !== undefined && !utf8 && !/^(ISO_IR 6|ISO_IR 100|ISO 2022 IR 6)?$/.test(charset.trim())) {
    return { kind: 'declined', reason: `SpecificCharacterSet ${charset.trim()}` };
  }
  const pixel = ds.elements.x7fe00010;
  if (!pixel) throw new Error('the file has no pixel data');
  if (pixel.encapsulatedPixelData) return { kind: 'declined', reason: 'encapsulated pixel data' };
  if (pixel.dataOffset + pixel.length > bytes.byteLength) {
    throw new AttributeReadError(
      `pixel data holds ${bytes.byteLength - pixel.dataOffset} of its ${pixel.length} bytes`,
    );
  }
  const naturalized: Record<string, unknown> = { TransferSyntaxUID: transferSyntax };
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  for (const [keyword, tag, kind, single] of attributeList) {
    const element = ds.elements[tag];
    if (element) naturalized[keyword] = readValue(ds, element, kind, single, pixelRepresentation, utf8);
  }
  return {
    kind: 'read',
    naturalized,
    pixelBytes: bytes.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length),
  };
}

/** The transfer syntax from the file meta group. @throws AttributeReadError when there is none readable. */
export function readTransferSyntax(bytes: Uint8Array): string {
  try {
    return (dicomParser.readPart10Header(bytes).string('x00020010') ?? '').trim();
  } catch (thrown) {
    throw new AttributeReadError(parserMessage(thrown));
  }
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }`: keep its words. */
function parserMessage(thrown: unknown, depth = 0): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown instanceof Error) return thrown.message;
  if (depth < 2 && typeof thrown === 'object' && thrown !== null && 'exception' in thrown) {
    return parserMessage((thrown as { exception: unknown }).exception, depth + 1);
  }
  return 'the file could not be parsed as DICOM';
}

const utf8Decoder = new TextDecoder('utf-8');

/** One attribute, naturalized as dcmjs does it (numbers for US/SS/DS/IS, trimmed strings, name groups). */
function readValue(
  ds: dicomParser.DataSet,
  element: dicomParser.Element,
  kind: ValueKind,
  single: boolean,
  pixelRepresentation: number,
  utf8: boolean,
): unknown {
  const values: unknown[] = [];
  let binary: 'US' | 'SS' | null = kind === 'US' || kind === 'SS' ? kind : null;
  // Explicit VR files say US or SS; implicit VR ones follow PixelRepresentation.
  if (kind === 'xs')
    binary = element.vr === 'SS' || (element.vr !== 'US' && pixelRepresentation === 1) ? 'SS' : 'US';
  if (binary) {
    for (let i = 0; i < element.length / 2; i++) {
      values.push(binary === 'US' ? ds.uint16(element.tag, i) : ds.int16(element.tag, i));
    }
  } else {
    const text = utf8
      ? utf8Decoder
          .decode(ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length))
          .replace(/\0+$/, '')
      : latin1Text(ds.byteArray, element);
    // An empty text element naturalizes to '' (or ['']); an empty number or name to [].
    if (element.length > 0 || (kind !== 'DS' && kind !== 'IS' && kind !== 'PN')) {
      for (const part of text.split('\\')) {
        const trimmed = part.trim();
        if (kind === 'DS' || kind === 'IS') {
          if (trimmed !== '') values.push(Number(trimmed));
        } else if (kind === 'PN') {
          if (trimmed !== '') values.push(personName(trimmed));
        } else values.push(trimmed);
      }
    }
  }
  return single && values.length === 1 ? values[0] : values;
}

/** The element's bytes as Latin-1 text up to the first NUL (dicom-parser's string() trims and splits). */
function latin1Text(bytes: Uint8Array, element: dicomParser.Element): string {
  let text = '';
  const end = element.dataOffset + element.length;
  for (let i = element.dataOffset; i < end; i++) {
    const code = bytes[i] ?? 0;
    if (code === 0) break;
    text += String.fromCharCode(code);
  }
  return text;
}

/** A person name as dcmjs naturalizes it: `{ Alphabetic, Ideographic, Phonetic }` groups. */
function personName(value: string): Record<string, string> {
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const name: Record<string, string> = {};
  if (alphabetic !== undefined) name.Alphabetic = alphabetic;
  if (ideographic !== undefined) name.Ideographic = ideographic;
  if (phonetic !== undefined) name.Phonetic = phonetic;
  return name;
}
