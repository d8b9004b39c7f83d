// Builds the naturalized DICOM datasets of each series (CT Image, MR Image, DX Image IODs) with their
// type 1/2 attributes. Only tags and geometry here; pixels come in as typed arrays.
import type { WindowPreset } from '../src/model/CaseManifest.ts';
import { CASE_ID, CT, CT_GRID, ctSliceZ, DX, MR, MR_GRID, mrSliceZ } from './caseGeometry.ts';
import { deterministicUid } from './deterministicUid.ts';
import { CT_RESCALE_INTERCEPT } from './synthesizeSlice.ts';
import type { Dataset } from './writeDicomFile.ts';

/** Stable description of one series: its key, folder, number and wording. */
export interface SeriesDef {
  readonly key: string;
  readonly folder: string;
  readonly SeriesNumber: number;
  readonly SeriesDescription: string;
  readonly Modality: 'CT' | 'MR' | 'DX' | 'US' | 'NM';
  readonly SeriesTime: string;
}

/** The series of the case. */
export const SERIES = {
  dx: {
    key: 'dx-pelvis-ap',
    folder: 'dx',
    SeriesNumber: 1,
    SeriesDescription: 'PELVIS AP',
    Modality: 'DX',
    SeriesTime: '091200',
  },
  ct: {
    key: 'ct-axial',
    folder: 'ct',
    SeriesNumber: 2,
    SeriesDescription: 'CT PELVIS AXIAL 1.25 MM NON-CONTRAST',
    Modality: 'CT',
    SeriesTime: '094000',
  },
  mrT1: {
    key: 'mr-t1-axial',
    folder: 'mr-t1',
    SeriesNumber: 3,
    SeriesDescription: 'MR PELVIS AX T1 SE',
    Modality: 'MR',
    SeriesTime: '102000',
  },
  mrT2: {
    key: 'mr-t2fs-axial',
    folder: 'mr-t2',
    SeriesNumber: 4,
    SeriesDescription: 'MR PELVIS AX T2 FS',
    Modality: 'MR',
    SeriesTime: '102900',
  },
  us: {
    key: 'us-mass',
    folder: 'us',
    SeriesNumber: 5,
    SeriesDescription: 'US LEFT GROIN MASS TRANSVERSE',
    Modality: 'US',
    SeriesTime: '104500',
  },
  nm: {
    key: 'nm-bone',
    folder: 'nm',
    SeriesNumber: 6,
    SeriesDescription: 'NM BONE SCAN PELVIS ANTERIOR',
    Modality: 'NM',
    SeriesTime: '150000',
  },
} as const satisfies Record<string, SeriesDef>;

const uid = (name: string): string => deterministicUid(`casebook/${CASE_ID}/${name}`);

/** Study-level identity of the synthetic patient and study. */
export const STUDY = {
  StudyInstanceUID: uid('study'),
  StudyDescription: 'PELVIS CT, MR AND RADIOGRAPH',
  StudyDate: '20240315',
  StudyTime: '090000',
  PatientName: 'CASEBOOK^TUMORAL CALCINOSIS',
  PatientID: 'CB-0001',
} as const;

/** Frames of reference: CT (the phantom frame) and the MR table position. */
export const FRAMES = { ct: uid('frame/ct'), mr: uid('frame/mr') } as const;

/** SeriesInstanceUID of a series. */
export function seriesUid(series: SeriesDef): string {
  return uid(series.key);
}

/** SOPInstanceUID of instance `instanceNumber` (1-based) of a series. */
export function instanceUid(series: SeriesDef, instanceNumber: number): string {
  return uid(`${series.key}/${instanceNumber}`);
}

/** File path of an instance relative to the case folder. */
export function instanceFile(series: SeriesDef, instanceNumber: number): string {
  return `${series.folder}/IM${String(instanceNumber).padStart(4, '0')}.dcm`;
}

/** Window presets of each series, in file order (first = default). */
export const WINDOWS: Record<'ct' | 'mrT1' | 'mrT2' | 'us', readonly WindowPreset[]> = {
  ct: [
    { WindowCenter: 40, WindowWidth: 400, explanation: 'SOFT TISSUE' },
    { WindowCenter: 450, WindowWidth: 1800, explanation: 'BONE' },
    { WindowCenter: 500, WindowWidth: 1500, explanation: 'CALCIFICATION' },
  ],
  mrT1: [
    { WindowCenter: 1150, WindowWidth: 2300, explanation: 'T1 DEFAULT' },
    { WindowCenter: 900, WindowWidth: 1400, explanation: 'T1 HIGH CONTRAST' },
  ],
  mrT2: [
    { WindowCenter: 850, WindowWidth: 1700, explanation: 'T2 DEFAULT' },
    { WindowCenter: 650, WindowWidth: 1100, explanation: 'T2 HIGH CONTRAST' },
  ],
  us: [{ WindowCenter: 128, WindowWidth: 256, explanation: 'FULL RANGE' }],
};

function voiLut(windows: readonly WindowPreset[]): Record<string, unknown> {
  return {
    WindowCenter: windows.map((w) => w.WindowCenter),
    WindowWidth: windows.map((w) => w.WindowWidth),
    WindowCenterWidthExplanation: windows.map((w) => w.explanation),
  };
}

function common(series: SeriesDef, instanceNumber: number, sopClassUid: string): Dataset {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: instanceUid(series, instanceNumber),
    InstanceCreationDate: STUDY.StudyDate,
    InstanceCreationTime: series.SeriesTime,
    // Patient
    PatientName: STUDY.PatientName,
    PatientID: STUDY.PatientID,
    PatientBirthDate: '19660312',
    PatientSex: 'F',
    PatientAge: '058Y',
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: 'Synthetic phantom; no patient data',
    // General Study
    StudyInstanceUID: STUDY.StudyInstanceUID,
    StudyDate: STUDY.StudyDate,
    StudyTime: STUDY.StudyTime,
    ReferringPhysicianName: '',
    StudyID: 'CB0001',
    AccessionNumber: 'CBACC0001',
    StudyDescription: STUDY.StudyDescription,
    // General Series
    Modality: series.Modality,
    SeriesInstanceUID: seriesUid(series),
    SeriesNumber: series.SeriesNumber,
    SeriesDescription: series.SeriesDescription,
    SeriesDate: STUDY.StudyDate,
    SeriesTime: series.SeriesTime,
    BodyPartExamined: 'PELVIS',
    // General Equipment
    Manufacturer: 'DICOM Casebook',
    InstitutionName: 'Casebook Teaching Hospital',
    StationName: 'PHANTOM',
    ManufacturerModelName: 'Procedural pelvis phantom',
    SoftwareVersions: '1',
    // General Image / Acquisition
    InstanceNumber: instanceNumber,
    ContentDate: STUDY.StudyDate,
    ContentTime: series.SeriesTime,
    AcquisitionNumber: 1,
    AcquisitionDate: STUDY.StudyDate,
    AcquisitionTime: series.SeriesTime,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
  };
}

function pixelModule(
  rows: number,
  columns: number,
  photometric: string,
  pixels: Uint16Array,
): Record<string, unknown> {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: photometric,
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OW' },
  };
}

function axialPlane(
  x0: number,
  y0: number,
  z: number,
  spacing: number,
  thickness: number,
): Record<string, unknown> {
  return {
    PatientPosition: 'HFS',
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    ImagePositionPatient: [x0, y0, z],
    PixelSpacing: [spacing, spacing],
    SliceThickness: thickness,
    SliceLocation: z,
  };
}

/** ImagePositionPatient of CT slice `index` (0-based). */
export function ctImagePosition(index: number): [number, number, number] {
  return [CT_GRID.x0, CT_GRID.y0, ctSliceZ(index)];
}

/** ImagePositionPatient (MR frame) of MR slice `index`. */
export function mrImagePosition(index: number): [number, number, number] {
  return [MR_GRID.x0, MR_GRID.y0, mrSliceZ(index)];
}

/** A CT Image Storage dataset for slice `index` (0-based; instance number index + 1). */
export function createCtDataset(index: number, pixels: Uint16Array): Dataset {
  const [x0, y0, z] = ctImagePosition(index);
  return {
    ...common(SERIES.ct, index + 1, '1.2.840.10008.5.1.4.1.1.2'),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    FrameOfReferenceUID: FRAMES.ct,
    PositionReferenceIndicator: 'IC',
    ...axialPlane(x0, y0, z, CT.pixelSpacingMm, CT.sliceThicknessMm),
    ...pixelModule(CT.rows, CT.columns, 'MONOCHROME2', pixels),
    RescaleIntercept: CT_RESCALE_INTERCEPT,
    RescaleSlope: 1,
    RescaleType: 'HU',
    KVP: 120,
    XRayTubeCurrent: 280,
    ExposureTime: 500,
    ConvolutionKernel: 'STANDARD',
    DataCollectionDiameter: 500,
    ReconstructionDiameter: 400,
    GantryDetectorTilt: 0,
    TableHeight: 140,
    RotationDirection: 'CW',
    SpiralPitchFactor: 0.984,
    ...voiLut(WINDOWS.ct),
  };
}

/** An MR Image Storage dataset for slice `index` of the T1 or T2-FS series. */
export function createMrDataset(which: 'mrT1' | 'mrT2', index: number, pixels: Uint16Array): Dataset {
  const series = SERIES[which];
  const [x0, y0, z] = mrImagePosition(index);
  const t1 = which === 'mrT1';
  return {
    ...common(series, index + 1, '1.2.840.10008.5.1.4.1.1.4'),
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    FrameOfReferenceUID: FRAMES.mr,
    PositionReferenceIndicator: 'IC',
    ...axialPlane(x0, y0, z, MR.pixelSpacingMm, MR.sliceThicknessMm),
    SpacingBetweenSlices: MR.sliceSpacingMm,
    ...pixelModule(MR.rows, MR.columns, 'MONOCHROME2', pixels),
    ScanningSequence: ['SE'],
    SequenceVariant: t1 ? ['SK'] : ['SK', 'SP'],
    ScanOptions: t1 ? '' : 'FS',
    MRAcquisitionType: '2D',
    SequenceName: t1 ? 'se2d1' : 'tse2d1_15',
    RepetitionTime: t1 ? 550 : 4200,
    EchoTime: t1 ? 12 : 85,
    EchoTrainLength: t1 ? 1 : 15,
    NumberOfAverages: 2,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    MagneticFieldStrength: 1.5,
    FlipAngle: t1 ? 90 : 150,
    ReceiveCoilName: 'BODY ARRAY',
    InPlanePhaseEncodingDirection: 'ROW',
    ...voiLut(WINDOWS[which]),
  };
}

/** The DX (for presentation) dataset of the AP pelvis radiograph. */
export function createDxDataset(pixels: Uint16Array, window: WindowPreset): Dataset {
  const series = SERIES.dx;
  return {
    ...common(series, 1, '1.2.840.10008.5.1.4.1.1.1.1'),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    PresentationIntentType: 'FOR PRESENTATION',
    PatientOrientation: ['L', 'F'],
    ImageLaterality: 'U',
    ViewPosition: 'AP',
    ViewCodeSequence: [
      { CodeValue: '399348003', CodingSchemeDesignator: 'SCT', CodeMeaning: 'antero-posterior' },
    ],
    AnatomicRegionSequence: [{ CodeValue: '12921003', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Pelvis' }],
    PositionerType: 'COLUMN',
    AcquisitionContextSequence: [],
    ...pixelModule(DX.rows, DX.columns, 'MONOCHROME1', pixels),
    PixelIntensityRelationship: 'LOG',
    PixelIntensityRelationshipSign: 1,
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
    PresentationLUTShape: 'INVERSE',
    ImagerPixelSpacing: [DX.imagerPixelSpacingMm, DX.imagerPixelSpacingMm],
    DistanceSourceToDetector: DX.distanceSourceToDetectorMm,
    DistanceSourceToPatient: DX.distanceSourceToDetectorMm - DX.detectorYMm,
    DetectorType: 'SCINTILLATOR',
    KVP: 75,
    ExposureInuAs: 25000,
    ...voiLut([window]),
  };
}

/** The ultrasound still (US Image IOD, 8-bit MONOCHROME2) with its calibrated region. */
export function createUsDataset(pixels: Uint8Array, region: UsRegion): Dataset {
  return {
    ...common(SERIES.us, 1, '1.2.840.10008.5.1.4.1.1.6.1'),
    ImageType: ['ORIGINAL', 'PRIMARY', 'SMALL PARTS', '0001'],
    PatientOrientation: ['L', 'P'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: region.rows,
    Columns: region.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OB' },
    SequenceOfUltrasoundRegions: [
      {
        RegionSpatialFormat: 1,
        RegionDataType: 1,
        RegionFlags: 0,
        RegionLocationMinX0: region.minX,
        RegionLocationMinY0: region.minY,
        RegionLocationMaxX1: region.maxX,
        RegionLocationMaxY1: region.maxY,
        PhysicalUnitsXDirection: 3,
        PhysicalUnitsYDirection: 3,
        PhysicalDeltaX: region.pixelMm / 10,
        PhysicalDeltaY: region.pixelMm / 10,
        TransducerFrequency: 12000,
      },
    ],
    ...voiLut(WINDOWS.us),
  };
}

/** Geometry of the ultrasound image and its calibrated region (pixels, mm). */
export interface UsRegion {
  readonly rows: number;
  readonly columns: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly pixelMm: number;
}

/** The planar bone scan (NM Image IOD, static, one energy window, one detector, anterior view). */
export function createNmDataset(
  counts: Uint16Array,
  rows: number,
  columns: number,
  pixelMm: number,
): Dataset {
  let total = 0;
  for (const c of counts) total += c;
  const code = (CodeValue: string, CodeMeaning: string): Record<string, string> => ({
    CodeValue,
    CodingSchemeDesignator: 'SCT',
    CodeMeaning,
  });
  return {
    ...common(SERIES.nm, 1, '1.2.840.10008.5.1.4.1.1.20'),
    ImageType: ['ORIGINAL', 'PRIMARY', 'STATIC', 'EMISSION'],
    PatientOrientation: ['L', 'F'],
    PatientOrientationCodeSequence: [
      {
        ...code('102538003', 'recumbent'),
        PatientOrientationModifierCodeSequence: [code('40199007', 'supine')],
      },
    ],
    PatientGantryRelationshipCodeSequence: [code('102540008', 'headfirst')],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    PixelSpacing: [pixelMm, pixelMm],
    PixelData: [counts.buffer.slice(counts.byteOffset, counts.byteOffset + counts.byteLength)],
    _vrMap: { PixelData: 'OW' },
    NumberOfFrames: 1,
    FrameIncrementPointer: [0x00540010, 0x00540020],
    EnergyWindowVector: [1],
    NumberOfEnergyWindows: 1,
    DetectorVector: [1],
    NumberOfDetectors: 1,
    CountsAccumulated: total,
    ActualFrameDuration: 300000,
    EnergyWindowInformationSequence: [
      {
        EnergyWindowRangeSequence: [{ EnergyWindowLowerLimit: 126, EnergyWindowUpperLimit: 154 }],
        EnergyWindowName: 'TC99M',
      },
    ],
    RadiopharmaceuticalInformationSequence: [
      {
        RadionuclideCodeSequence: [code('44588005', 'Technetium Tc^99m^')],
        RadiopharmaceuticalRoute: 'IV',
        RadionuclideTotalDose: 740,
        Radiopharmaceutical: 'Tc-99m HDP',
        RadiopharmaceuticalStartTime: '120000',
      },
    ],
    DetectorInformationSequence: [
      {
        CollimatorGridName: 'LEHR',
        CollimatorType: 'PARA',
        FocalDistance: [],
        XFocusCenter: [],
        YFocusCenter: [],
        ZoomFactor: [1, 1],
        FieldOfViewShape: 'RECTANGLE',
        FieldOfViewDimensions: [540, 400],
        // Type 2 in the NM Detector module; a planar acquisition has no patient-space plane to state.
        ImageOrientationPatient: [],
        ImagePositionPatient: [],
      },
    ],
    ...voiLut([nmWindow(counts)]),
  };
}

/** Display window of the bone scan: 0 to 55 % of the hottest pixel, so normal bone is well seen. */
export function nmWindow(counts: Uint16Array): WindowPreset {
  let max = 0;
  for (const c of counts) max = Math.max(max, c);
  return { WindowCenter: Math.round(max * 0.275), WindowWidth: Math.round(max * 0.55), explanation: 'BONE' };
}
