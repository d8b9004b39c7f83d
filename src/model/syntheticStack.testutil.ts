/**
 * Small synthetic manifests for the view-document, link and URL tests: series of a few instances with
 * predictable SOPInstanceUIDs (`<uidRoot>.<n>`). Test helper only; no pixels, no files.
 */
import type { CaseManifest, ManifestSeries } from './CaseManifest.ts';

/**
 * A CT-like series of `count` instances named `<key>/<i>.dcm`, UIDs `<uidRoot>.1` … `<uidRoot>.<count>`.
 * @param key - the series key
 * @param count - number of instances
 * @param uidRoot - SeriesInstanceUID, and root of the instances' UIDs
 */
export function syntheticSeries(key: string, count: number, uidRoot: string): ManifestSeries {
  return {
    key,
    SeriesInstanceUID: uidRoot,
    SeriesNumber: 1,
    Modality: 'CT',
    SeriesDescription: key,
    Rows: 4,
    Columns: 4,
    PixelSpacing: [1, 1],
    PhotometricInterpretation: 'MONOCHROME2',
    windows: [],
    instances: Array.from({ length: count }, (_, i) => ({
      file: `${key}/${i}.dcm`,
      SOPInstanceUID: `${uidRoot}.${i + 1}`,
      InstanceNumber: i + 1,
    })),
  };
}

/** A manifest of the given series. */
export function syntheticManifestOf(caseId: string, series: readonly ManifestSeries[]): CaseManifest {
  return {
    schemaVersion: 1,
    caseId,
    title: caseId,
    StudyInstanceUID: '1.2',
    StudyDescription: '',
    PatientName: '',
    PatientID: '',
    series,
  };
}
