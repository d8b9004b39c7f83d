/**
 * Orientation markers (R/L/A/P/S/I) for the four screen edges of an image shown unrotated: pure maths
 * from ImageOrientationPatient or, for projection radiographs, PatientOrientation. No DOM, no Cornerstone.
 */
import { type ImageOrientation, norm, scale, type WorldVector, worldVector } from './geometry.ts';

/** Letters at the middle of each screen edge, e.g. `{ left: 'R', right: 'L', top: 'A', bottom: 'P' }`. */
export interface OrientationMarkers {
  readonly top: string;
  readonly bottom: string;
  readonly left: string;
  readonly right: string;
}

/** ImageOrientationPatient (0020,0037): row direction cosines, then column direction cosines (geometry's type). */
export type ImageOrientationPatient = ImageOrientation;

/**
 * A direction component smaller than this (sin 10°) does not get a letter, so a slightly tilted axial
 * still reads "L" and a true oblique reads e.g. "LS".
 */
export const obliqueThreshold = Math.sin((10 * Math.PI) / 180);

/** DICOM LPS: +x is patient left, +y posterior, +z superior (head). */
const axisLetters: ReadonlyArray<readonly [positive: string, negative: string]> = [
  ['L', 'R'],
  ['P', 'A'],
  ['S', 'I'],
];

/**
 * The patient direction a vector points to, strongest component first (`L`, `PS`, `RAI`...); '' for a
 * zero vector.
 * @param direction - a direction in patient coordinates (LPS), any length
 */
export function directionLabel(direction: WorldVector): string {
  const length = norm(direction);
  if (!(length > 0)) return '';
  const components = direction
    .map((value, axis) => ({ value: value / length, axis }))
    .filter(({ value }) => Math.abs(value) >= obliqueThreshold)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return components
    .map(({ value, axis }) => {
      const letters = axisLetters[axis];
      return letters ? (value > 0 ? letters[0] : letters[1]) : '';
    })
    .join('');
}

/**
 * Markers for an image shown with rows left-to-right and columns top-to-bottom (no flip or rotation):
 * the right edge is where the row direction points, the bottom edge where the column direction points.
 * @param iop - ImageOrientationPatient of the image
 */
export function markersFromImageOrientation(iop: ImageOrientationPatient): OrientationMarkers {
  const row = worldVector(iop[0], iop[1], iop[2]);
  const column = worldVector(iop[3], iop[4], iop[5]);
  return {
    right: directionLabel(row),
    left: directionLabel(scale(row, -1)),
    bottom: directionLabel(column),
    top: directionLabel(scale(column, -1)),
  };
}

/** PatientOrientation letters (DICOM uses H and F for head and feet) mapped to the markers' S and I. */
const patientOrientationLetter: Readonly<Record<string, string>> = {
  L: 'L',
  R: 'R',
  A: 'A',
  P: 'P',
  H: 'S',
  F: 'I',
};
const oppositeLetter: Readonly<Record<string, string>> = { L: 'R', R: 'L', A: 'P', P: 'A', S: 'I', I: 'S' };

function translatePatientOrientation(value: string): string | null {
  let out = '';
  for (const char of value.trim().toUpperCase()) {
    const letter = patientOrientationLetter[char];
    if (!letter) return null;
    out += letter;
  }
  return out.length > 0 ? out : null;
}

function opposite(label: string): string {
  return [...label].map((c) => oppositeLetter[c] ?? c).join('');
}

/**
 * Markers from PatientOrientation (0020,0020), used by projection images that have no
 * ImageOrientationPatient. Its first value is the direction of the rows (first to last pixel of a row),
 * the second the direction of the columns: e.g. `L\F` for an AP pelvis shown with the patient's right on
 * the viewer's left. Returns null when the value is missing or not two valid direction codes.
 * @param patientOrientation - the two values, or the raw backslash-separated string
 */
export function markersFromPatientOrientation(
  patientOrientation: readonly string[] | string | undefined,
): OrientationMarkers | null {
  if (patientOrientation === undefined) return null;
  const values =
    typeof patientOrientation === 'string' ? patientOrientation.split('\\') : [...patientOrientation];
  if (values.length !== 2) return null;
  const row = translatePatientOrientation(values[0] ?? '');
  const column = translatePatientOrientation(values[1] ?? '');
  if (!row || !column) return null;
  return { right: row, left: opposite(row), bottom: column, top: opposite(column) };
}
