/**
 * Text of the corner overlays (image number, slice location, zoom, patient line) and the names the page
 * gives the case (known or unknown): pure formatting so the DOM code only swaps strings. No DOM, no
 * Cornerstone.
 */
import type { CaseManifest } from './CaseManifest.ts';
import { type WorldPoint, worldVector } from './geometry.ts';
import type { ImageOrientationPatient } from './orientationMarkers.ts';
import { knownCase, type RevealStage } from './RevealStage.ts';

/** `Im 57/142` for the 0-based index 56 of 142 images. */
export function formatImageNumber(imageIndex: number, imageCount: number): string {
  return `Im ${imageIndex + 1}/${imageCount}`;
}

/**
 * The image number of the slice asked for, saying which slice is on screen when that is another one (the
 * asked one is still loading, or could not be loaded): `Im 120/200 (showing 118, loading)`.
 * @param wantedIndex - 0-based slice asked for
 * @param shownIndex - 0-based slice on screen
 * @param failed - the asked slice could not be loaded
 */
export function formatImageNumberShowing(
  wantedIndex: number,
  shownIndex: number,
  imageCount: number,
  failed = false,
): string {
  const wanted = formatImageNumber(wantedIndex, imageCount);
  if (wantedIndex === shownIndex || shownIndex < 0) return wanted;
  return `${wanted} (showing ${shownIndex + 1}, ${failed ? 'failed' : 'loading'})`;
}

/**
 * Slice location in mm: the position's distance along the slice normal (row × column). For an axial
 * stack this is the z coordinate, as scanners write SliceLocation.
 */
export function sliceLocationMm(position: WorldPoint, iop: ImageOrientationPatient): number {
  // Written out rather than geometry's cross and dot of a displacement from the origin: this runs on every
  // slice change, and those would make three more arrays.
  const normal = worldVector(
    iop[1] * iop[5] - iop[2] * iop[4],
    iop[2] * iop[3] - iop[0] * iop[5],
    iop[0] * iop[4] - iop[1] * iop[3],
  );
  return position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
}

/** `Loc -123.5 mm`. */
export function formatSliceLocation(mm: number): string {
  return `Loc ${mm.toFixed(1)} mm`;
}

/** `Zoom 150%`, relative to the fitted image. */
export function formatZoom(zoom: number): string {
  return `Zoom ${Math.round(zoom * 100)}%`;
}

/** The patient/study line: `PatientName (PatientID) · StudyDescription`, DICOM `^` shown as spaces. */
export function formatPatientLine(manifest: Pick<CaseManifest, 'PatientName' | 'PatientID'>): string {
  const name = manifest.PatientName.split('^').filter(Boolean).join(' ');
  return `${name} (${manifest.PatientID})`;
}

/** The tab title of a known case (as index.html has it). */
export const appName = 'DICOM Casebook';

/** What an unknown case is called when its manifest has no display name. */
export const unknownCaseName = 'Unknown case';

/** What the page calls the case: title bar, tab title, and the patient and study lines on every image. */
export interface CaseNames {
  readonly title: string;
  readonly documentTitle: string;
  readonly patientLine: string;
  readonly studyLine: string;
}

/**
 * The names the case is shown under at a reveal stage. A known case (`all`) shows its title, patient and
 * study; an unknown one only the teaching-safe display name and description (or `Unknown case`), never
 * the title, PatientName or StudyDescription, which may name the diagnosis.
 * @param manifest - the open case
 * @param stage - the view's reveal stage
 */
export function caseNamesAt(
  manifest: Pick<
    CaseManifest,
    'title' | 'PatientName' | 'PatientID' | 'StudyDescription' | 'displayName' | 'displayDescription'
  >,
  stage: RevealStage,
): CaseNames {
  if (stage === knownCase) {
    return {
      title: manifest.title,
      documentTitle: appName,
      patientLine: formatPatientLine(manifest),
      studyLine: manifest.StudyDescription,
    };
  }
  const name = manifest.displayName?.trim() || unknownCaseName;
  return {
    title: name,
    documentTitle: `${name} · ${appName}`,
    patientLine: name,
    studyLine: manifest.displayDescription?.trim() ?? '',
  };
}
