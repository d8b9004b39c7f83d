/**
 * Turns manifest entries into Cornerstone image ids (`wadouri:` + absolute file URL) and back into the
 * file names a learner sees in error messages. Plain strings; no Cornerstone import.
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';

/** Image ids of every series, and where each id came from. */
export interface CaseImageIds {
  /** Image ids per series key, in display order. */
  readonly bySeries: ReadonlyMap<string, readonly string[]>;
  /** For an image id: its series key, 0-based index and file path as written in the manifest. */
  readonly source: ReadonlyMap<
    string,
    { readonly seriesKey: string; readonly imageIndex: number; readonly file: string }
  >;
}

/**
 * The absolute URL of one instance file of a case: its own URL when the case gives one (a local case's
 * blob URLs), else its path resolved against the manifest.
 */
export function fileUrlOf(manifestUrl: string, file: string, fileUrls?: ReadonlyMap<string, string>): string {
  return fileUrls?.get(file) ?? new URL(file, manifestUrl).href;
}

/** The image id of one instance file of a case. */
export function imageIdForFile(
  manifestUrl: string,
  file: string,
  fileUrls?: ReadonlyMap<string, string>,
): string {
  return `wadouri:${fileUrlOf(manifestUrl, file, fileUrls)}`;
}

/** The file URL a `wadouri:` image id names. */
export function fileUrlOfImageId(imageId: string): string {
  return imageId.startsWith('wadouri:') ? imageId.slice('wadouri:'.length) : imageId;
}

/**
 * Builds the image ids of a whole case.
 * @param manifest - the case
 * @param manifestUrl - absolute URL of manifest.json (file paths are relative to it)
 * @param fileUrls - each file's own URL, when the case gives them (a local case)
 */
export function caseImageIds(
  manifest: CaseManifest,
  manifestUrl: string,
  fileUrls?: ReadonlyMap<string, string>,
): CaseImageIds {
  const bySeries = new Map<string, readonly string[]>();
  const source = new Map<string, { seriesKey: string; imageIndex: number; file: string }>();
  for (const series of manifest.series) {
    const ids = series.instances.map((instance, imageIndex) => {
      const id = imageIdForFile(manifestUrl, instance.file, fileUrls);
      source.set(id, { seriesKey: series.key, imageIndex, file: instance.file });
      return id;
    });
    bySeries.set(series.key, ids);
  }
  return { bySeries, source };
}

/** The series a case opens on: the first CT, else the first series. */
export function defaultSeries(manifest: CaseManifest): ManifestSeries {
  const first = manifest.series.find((s) => s.Modality === 'CT') ?? manifest.series[0];
  if (!first) throw new Error('The case has no series.');
  return first;
}

/** The slice a series opens on: the middle of the stack (also the thumbnail's image). */
export function middleImageIndex(series: Pick<ManifestSeries, 'instances'>): number {
  return Math.floor((series.instances.length - 1) / 2);
}
