/**
 * Sorts the headers of dropped files into cases: one per study, its image series sorted along the slice
 * normal (InstanceNumber where there is no geometry), each written as a case manifest whose instance
 * `file`s are the dropped names. Objects that are not images (structured reports, presentation states,
 * registrations, encapsulated PDF, ...) are listed apart, never given to the image loader. A study that is
 * one of the cases the app knows (the same StudyInstanceUID) takes that case's id, series keys, windows and
 * titles, so its teaching files attach and land the same. Pure: no DOM.
 */
import {
  type CaseManifest,
  type ManifestInstance,
  type ManifestSeries,
  type Modality,
  modalities,
  type WorldPoint,
} from '../../model/CaseManifest.ts';
import type { InstanceHeader } from './readHeader.ts';

/** A study from the drop, as a case. */
export interface LocalCase {
  readonly manifest: CaseManifest;
  /** The case the app knew this study as, when it did (its teaching files apply). */
  readonly knownAs?: string;
}

/** A file that is kept in the list but not shown as an image. */
export interface OtherObject {
  readonly name: string;
  /** Plain words: `Structured report (SR)`, `Presentation state`, ... */
  readonly kind: string;
  readonly StudyInstanceUID: string;
}

/** What the drop holds. */
export interface LocalCases {
  readonly cases: readonly LocalCase[];
  readonly others: readonly OtherObject[];
  /** Files not used, each with why (a sentence naming the file). */
  readonly problems: readonly string[];
}

/** SOP classes (by UID prefix) that are not images, in plain words. */
const nonImageClasses: readonly [prefix: string, kind: string][] = [
  ['1.2.840.10008.5.1.4.1.1.88.', 'Structured report (SR)'],
  ['1.2.840.10008.5.1.4.1.1.11.', 'Presentation state (GSPS)'],
  ['1.2.840.10008.5.1.4.1.1.66', 'Registration or segmentation'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'Encapsulated PDF'],
  ['1.2.840.10008.5.1.4.1.1.481.', 'Radiotherapy object'],
  ['1.2.840.10008.5.1.4.1.1.9.', 'Waveform (ECG, ...)'],
  ['1.2.840.10008.1.3.10', 'Media storage directory (DICOMDIR)'],
];

/** Plain words for a header that is not an image, or undefined for an image. */
function nonImageKind(header: InstanceHeader): string | undefined {
  const match = nonImageClasses.find(([prefix]) => header.SOPClassUID.startsWith(prefix));
  if (match) return match[1];
  if (!header.hasPixelData) return `Object without pixel data (${header.Modality || 'no modality'})`;
  return undefined;
}

const known = new Set<string>(modalities);
const modalityOf = (code: string): Modality => (known.has(code) ? (code as Modality) : 'OT');

const cross = (a: readonly number[], b: readonly number[]): [number, number, number] => [
  (a[1] ?? 0) * (b[2] ?? 0) - (a[2] ?? 0) * (b[1] ?? 0),
  (a[2] ?? 0) * (b[0] ?? 0) - (a[0] ?? 0) * (b[2] ?? 0),
  (a[0] ?? 0) * (b[1] ?? 0) - (a[1] ?? 0) * (b[0] ?? 0),
];

/**
 * Instances in display order: along the slice normal from its positive end (an axial stack superior
 * first, as the sample case), when every one has a position and they share an orientation; else by
 * InstanceNumber, then name.
 */
export function sortInstances(headers: readonly InstanceHeader[]): InstanceHeader[] {
  const orientation = headers[0]?.ImageOrientationPatient;
  const geometric =
    orientation !== undefined &&
    headers.every(
      (h) =>
        h.ImagePositionPatient !== undefined &&
        h.ImageOrientationPatient?.every((v, i) => Math.abs(v - (orientation[i] ?? 0)) < 1e-4),
    );
  const byNumber = (a: InstanceHeader, b: InstanceHeader) =>
    (a.InstanceNumber ?? 0) - (b.InstanceNumber ?? 0) || a.name.localeCompare(b.name);
  if (!geometric) return [...headers].sort(byNumber);
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const along = (h: InstanceHeader) =>
    (h.ImagePositionPatient ?? [0, 0, 0]).reduce((sum, v, i) => sum + v * (normal[i] ?? 0), 0);
  return [...headers].sort((a, b) => along(b) - along(a) || byNumber(a, b));
}

/** The mean distance between neighbouring slices along the normal, mm, or undefined. */
function spacingOf(sorted: readonly InstanceHeader[]): number | undefined {
  const orientation = sorted[0]?.ImageOrientationPatient;
  if (!orientation || sorted.length < 2) return undefined;
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const along = (h: InstanceHeader) =>
    (h.ImagePositionPatient ?? [0, 0, 0]).reduce((sum, v, i) => sum + v * (normal[i] ?? 0), 0);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first?.ImagePositionPatient || !last?.ImagePositionPatient) return undefined;
  const spacing = Math.abs(along(first) - along(last)) / (sorted.length - 1);
  return spacing > 0 ? Math.round(spacing * 1e4) / 1e4 : undefined;
}

/** A series key from modality and series number, unique in the study: `ct-2`, `mr-5`, `mr-5b`. */
function keyOf(first: InstanceHeader, used: Set<string>): string {
  const base = `${(first.Modality || 'ot').toLowerCase().replace(/[^a-z0-9]/g, '')}-${first.SeriesNumber ?? 0}`;
  let key = base;
  for (let n = 1; used.has(key); n += 1) key = `${base}${String.fromCharCode(97 + n)}`;
  used.add(key);
  return key;
}

/** One series of the manifest from its sorted headers (and the known case's series, when there is one). */
function seriesOf(
  sorted: readonly InstanceHeader[],
  key: string,
  known: ManifestSeries | undefined,
): ManifestSeries {
  const first = sorted[0] as InstanceHeader;
  const instances: ManifestInstance[] = sorted.map((h) => ({
    file: h.name,
    SOPInstanceUID: h.SOPInstanceUID,
    InstanceNumber: h.InstanceNumber ?? 0,
    ...(h.ImagePositionPatient ? { ImagePositionPatient: h.ImagePositionPatient as WorldPoint } : {}),
  }));
  const photometric = first.PhotometricInterpretation ?? 'MONOCHROME2';
  const spacing = spacingOf(sorted);
  return {
    key: known?.key ?? key,
    SeriesInstanceUID: first.SeriesInstanceUID,
    SeriesNumber: first.SeriesNumber ?? 0,
    Modality: modalityOf(first.Modality),
    SeriesDescription: known?.SeriesDescription ?? (first.SeriesDescription || first.Modality || 'Series'),
    ...(first.FrameOfReferenceUID ? { FrameOfReferenceUID: first.FrameOfReferenceUID } : {}),
    Rows: first.Rows ?? 0,
    Columns: first.Columns ?? 0,
    PixelSpacing: first.PixelSpacing ?? [1, 1],
    ...(first.ImageOrientationPatient ? { ImageOrientationPatient: first.ImageOrientationPatient } : {}),
    ...(first.SliceThickness !== undefined ? { SliceThickness: first.SliceThickness } : {}),
    ...(spacing !== undefined ? { sliceSpacingMm: spacing } : {}),
    PhotometricInterpretation:
      photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2' ? photometric : 'RGB',
    windows: known?.windows ?? first.windows,
    instances,
  };
}

/**
 * Builds the cases of a drop.
 * @param headers - the files read (in any order)
 * @param knownCases - manifests of the cases the app knows (the bundled sample): a study of one of them
 *   takes its id, keys and titles
 * @param unreadable - files that could not be read, with why
 */
export function buildLocalCases(
  headers: readonly InstanceHeader[],
  knownCases: readonly CaseManifest[] = [],
  unreadable: readonly { name: string; problem: string }[] = [],
): LocalCases {
  const problems = unreadable.map((u) => `${u.name}: ${u.problem}`);
  const others: OtherObject[] = [];
  const studies = new Map<string, Map<string, InstanceHeader[]>>();
  const seen = new Set<string>();
  for (const header of headers) {
    const kind = nonImageKind(header);
    if (kind) {
      others.push({ name: header.name, kind, StudyInstanceUID: header.StudyInstanceUID });
      continue;
    }
    if (seen.has(header.SOPInstanceUID)) {
      problems.push(`${header.name}: the same image (SOPInstanceUID) as another file; left out`);
      continue;
    }
    if (!header.Rows || !header.Columns) {
      problems.push(`${header.name}: no image size (Rows/Columns) in the file`);
      continue;
    }
    seen.add(header.SOPInstanceUID);
    const study = studies.get(header.StudyInstanceUID) ?? new Map<string, InstanceHeader[]>();
    studies.set(header.StudyInstanceUID, study);
    const series = study.get(header.SeriesInstanceUID) ?? [];
    study.set(header.SeriesInstanceUID, series);
    series.push(header);
  }
  const cases: LocalCase[] = [];
  for (const [studyUid, seriesMap] of studies) {
    const knownCase = knownCases.find((c) => c.StudyInstanceUID === studyUid);
    const used = new Set<string>();
    // The known case's series order, else by series number.
    const rank = (sorted: readonly InstanceHeader[]) => {
      const at =
        knownCase?.series.findIndex((k) => k.SeriesInstanceUID === sorted[0]?.SeriesInstanceUID) ?? -1;
      return at >= 0 ? at - 1e6 : (sorted[0]?.SeriesNumber ?? 0);
    };
    const series = [...seriesMap.values()]
      .map(sortInstances)
      .sort((a, b) => rank(a) - rank(b))
      .map((sorted) => {
        const first = sorted[0] as InstanceHeader;
        const knownSeries = knownCase?.series.find((s) => s.SeriesInstanceUID === first.SeriesInstanceUID);
        return seriesOf(sorted, keyOf(first, used), knownSeries);
      });
    const first = [...seriesMap.values()][0]?.[0] as InstanceHeader;
    const date = first.StudyDate.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
    const title = first.StudyDescription || `${[...new Set(series.map((s) => s.Modality))].join(', ')} study`;
    const manifest: CaseManifest = {
      schemaVersion: 1,
      caseId: knownCase?.caseId ?? `study-${studyUid.replace(/[^0-9]/g, '').slice(-12)}`,
      title: knownCase?.title ?? (date ? `${title} (${date})` : title),
      StudyInstanceUID: studyUid,
      StudyDescription: first.StudyDescription,
      PatientName: first.PatientName,
      PatientID: first.PatientID,
      ...(knownCase?.displayName ? { displayName: knownCase.displayName } : {}),
      ...(knownCase?.displayDescription ? { displayDescription: knownCase.displayDescription } : {}),
      series,
    };
    cases.push({ manifest, ...(knownCase ? { knownAs: knownCase.caseId } : {}) });
  }
  return { cases, others, problems };
}
