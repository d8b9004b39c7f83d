/**
 * Reads the generated sample case (manifest.json, truth.json) from disk for end-to-end tests, and the
 * geometry helpers tests need (nearest slice to a point, radiograph projection), worked out by the same
 * modules the validator uses (src/model/geometry.ts, projectToRadiograph).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectToRadiograph as projectWith } from '../../authoring/projectToRadiograph.ts';
import type { CaseTruth, TruthLandmark } from '../../generator/CaseTruth.ts';
import { CASE_ID } from '../../generator/caseGeometry.ts';
import type { CaseManifest, ManifestSeries } from '../../src/model/CaseManifest.ts';
import { type ImagePoint, nearestImageIndex, type WorldPoint } from '../../src/model/geometry.ts';

/**
 * Folder (under sample-dicom/) of the case the tests open: the generated sample, or another copy named by
 * E2E_CASE (e.g. a frozen snapshot while the generator is being changed).
 */
export const caseFolder = process.env.E2E_CASE ?? CASE_ID;

/** Folder of the case on disk. */
export const sampleCaseDir = resolve(import.meta.dirname, '../../sample-dicom', caseFolder);

/** Query string that makes the app open that case ('' for the default sample). */
export const caseQuery =
  caseFolder === CASE_ID ? '' : `?case=${encodeURIComponent(`sample-dicom/${caseFolder}/manifest.json`)}`;

/** The sample case's manifest and ground truth. */
export interface SampleCase {
  readonly manifest: CaseManifest;
  readonly truth: CaseTruth;
}

/** Loads manifest.json and truth.json; throws a clear message when the sample was not generated. */
export function loadSampleCase(): SampleCase {
  try {
    return {
      manifest: JSON.parse(readFileSync(resolve(sampleCaseDir, 'manifest.json'), 'utf8')) as CaseManifest,
      truth: JSON.parse(readFileSync(resolve(sampleCaseDir, 'truth.json'), 'utf8')) as CaseTruth,
    };
  } catch (error) {
    throw new Error(`The sample case is missing (run \`npm run ensure-sample\`): ${String(error)}`);
  }
}

/** The series of a modality (first match). */
export function seriesOf(sample: SampleCase, modality: string, keyPart = ''): ManifestSeries {
  const found = sample.manifest.series.find((s) => s.Modality === modality && s.key.includes(keyPart));
  if (!found)
    throw new Error(`No ${modality} series${keyPart ? ` matching "${keyPart}"` : ''} in the manifest.`);
  return found;
}

/** The landmark of a tissue (first match), e.g. `fat`, `muscle`, `cortical bone`. */
export function landmark(sample: SampleCase, tissue: string): TruthLandmark {
  const found = sample.truth.landmarks.find((l) => l.tissue === tissue);
  if (!found) throw new Error(`truth.json has no landmark of tissue "${tissue}".`);
  return found;
}

/** 0-based index of the slice whose plane is nearest to `point` (along the slice normal). */
export function nearestSliceIndex(series: ManifestSeries, point: WorldPoint): number {
  const nearest = nearestImageIndex(series, point);
  if (!nearest) throw new Error(`Series ${series.key} has no slice geometry (ImageOrientationPatient, IPP).`);
  return nearest.imageIndex;
}

/** Radiograph pixel (column, row) where a CT-frame point projects (point source, detector plane y const). */
export function projectToRadiograph(sample: SampleCase, point: WorldPoint): ImagePoint {
  return projectWith(sample.truth.projection, point);
}
