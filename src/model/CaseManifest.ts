/**
 * The case manifest: what the sample generator (or any other source) says a case holds.
 * Pure types and checks; depends on nothing but src/lib and the coordinate types of ./geometry.ts.
 */
import type { WorldPoint } from './geometry.ts';

/** A point in DICOM patient coordinates (LPS), millimetres: defined with the other coordinate types. */
export type { WorldPoint } from './geometry.ts';

/**
 * Modalities of image series the viewer shows (DICOM's codes). CT, MR, the projection modalities, US and NM
 * have their own defaults; the others show with the defaults of any image. A file of another code is `OT`.
 */
export const modalities = [
  'CT',
  'MR',
  'DX',
  'CR',
  'US',
  'NM',
  'PT',
  'XA',
  'RF',
  'MG',
  'IO',
  'PX',
  'RG',
  'ES',
  'XC',
  'OP',
  'SM',
  'SC',
  'OT',
] as const;

/** A modality the viewer shows. */
export type Modality = (typeof modalities)[number];

/** One image file of a series, in display order. */
export interface ManifestInstance {
  /** Path of the Part-10 file relative to the manifest's folder. */
  readonly file: string;
  readonly SOPInstanceUID: string;
  readonly InstanceNumber: number;
  /** ImagePositionPatient (0020,0032) of the first transmitted pixel, mm; absent for projection images. */
  readonly ImagePositionPatient?: WorldPoint;
}

/** A window preset as written in the files: WindowCenter / WindowWidth, in output (rescaled) units. */
export interface WindowPreset {
  readonly WindowCenter: number;
  readonly WindowWidth: number;
  readonly explanation: string;
}

/** One series of the case. */
export interface ManifestSeries {
  /** Short stable key used in URLs, annotations and tours, e.g. `ct-axial`. */
  readonly key: string;
  readonly SeriesInstanceUID: string;
  readonly SeriesNumber: number;
  readonly Modality: Modality;
  readonly SeriesDescription: string;
  /** Absent for projection radiographs (no patient-space frame). */
  readonly FrameOfReferenceUID?: string;
  readonly Rows: number;
  readonly Columns: number;
  /** PixelSpacing (0028,0030) or, for projection images, ImagerPixelSpacing: [row spacing, column spacing] mm. */
  readonly PixelSpacing: readonly [number, number];
  /** ImageOrientationPatient (0020,0037): row direction cosines then column direction cosines. */
  readonly ImageOrientationPatient?: readonly [number, number, number, number, number, number];
  /**
   * PatientOrientation (0020,0020) of projection images without ImageOrientationPatient: direction of the
   * rows, then of the columns, e.g. `['L', 'F']`. Optional; the viewer falls back to the file's value.
   */
  readonly PatientOrientation?: readonly [string, string];
  readonly SliceThickness?: number;
  /** Distance between consecutive slice centres along the slice normal, mm. */
  readonly sliceSpacingMm?: number;
  readonly PhotometricInterpretation: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  /** Window presets in the order they appear in the files; the first is the default. */
  readonly windows: readonly WindowPreset[];
  /** Files in display order (for axial stacks: superior to inferior). */
  readonly instances: readonly ManifestInstance[];
}

/** The whole case as listed by its manifest.json. */
export interface CaseManifest {
  readonly schemaVersion: 1;
  readonly caseId: string;
  readonly title: string;
  readonly StudyInstanceUID: string;
  readonly StudyDescription: string;
  readonly PatientName: string;
  readonly PatientID: string;
  /**
   * A teaching-safe name shown instead of `title` and `PatientName` while the case is unknown, e.g.
   * `Case 1 — pelvic mass, hemodialysis patient`: never the diagnosis. Absent: `Unknown case`.
   */
  readonly displayName?: string;
  /** A teaching-safe study line shown instead of `StudyDescription` while the case is unknown. */
  readonly displayDescription?: string;
  readonly series: readonly ManifestSeries[];
}
