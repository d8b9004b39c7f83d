/**
 * Fetches a case's manifest.json and checks its shape, so a broken or missing manifest fails with a
 * message naming the file and the field. No DOM, no rendering.
 */
import {
  array,
  childPath,
  itemPath,
  literal,
  number,
  object,
  oneOf,
  optional,
  refine,
  run,
  string,
  tuple,
  type Validator,
} from '../lib/validate.ts';
import {
  type CaseManifest,
  type ManifestInstance,
  type ManifestSeries,
  modalities,
  type WindowPreset,
  type WorldPoint,
} from '../model/CaseManifest.ts';

/** A case that could not be opened; `message` names the file and the problem. */
export class CaseLoadError extends Error {
  override readonly name = 'CaseLoadError';
}

/** A loaded manifest and the absolute URL its file paths are relative to. */
export interface LoadedCase {
  readonly manifest: CaseManifest;
  /** Absolute URL of manifest.json; instance `file` paths resolve against it. */
  readonly manifestUrl: string;
  /**
   * Where each instance `file` is, when not beside the manifest (a local case: blob URLs of stored files).
   * The manifest keeps the names the user knows, for messages.
   */
  readonly fileUrls?: ReadonlyMap<string, string>;
}

/** Longest text field accepted (a UID is at most 64 characters; descriptions are short). */
const maxText = 1000;

const text: Validator<string> = refine(string(), (value, path, report) => {
  if (value.length > maxText) report(path, value, `must be at most ${maxText} characters long`);
});
const nonEmpty: Validator<string> = refine(text, (value, path, report) => {
  if (value.trim() === '') report(path, value, 'must not be empty');
});
const positive = number({ min: Number.MIN_VALUE });
const count = number({ min: 1, max: 65_535, integer: true });
const finite = number();

const windowPreset = object<WindowPreset>({ WindowCenter: finite, WindowWidth: positive, explanation: text });

const instance = object<ManifestInstance>({
  file: nonEmpty,
  SOPInstanceUID: nonEmpty,
  InstanceNumber: number({ integer: true }),
  ImagePositionPatient: optional(tuple(finite, finite, finite) as unknown as Validator<WorldPoint>),
});

/** A series as written: `windows` may be left out (the files' own windows, or a default, are used then). */
type WrittenSeries = Omit<ManifestSeries, 'windows'> & { readonly windows?: readonly WindowPreset[] };

const series = refine(
  object<WrittenSeries>({
    key: refine(nonEmpty, (value, path, report) => {
      if (!/^[A-Za-z0-9_.-]+$/.test(value)) report(path, value, 'must be letters, digits, _ . or -');
    }),
    SeriesInstanceUID: nonEmpty,
    SeriesNumber: number({ integer: true }),
    Modality: oneOf(modalities),
    SeriesDescription: text,
    FrameOfReferenceUID: optional(nonEmpty),
    Rows: count,
    Columns: count,
    PixelSpacing: tuple(positive, positive),
    ImageOrientationPatient: optional(tuple(finite, finite, finite, finite, finite, finite)),
    PatientOrientation: optional(tuple(text, text)),
    SliceThickness: optional(positive),
    sliceSpacingMm: optional(positive),
    PhotometricInterpretation: oneOf(['MONOCHROME1', 'MONOCHROME2', 'RGB'] as const),
    windows: optional(array(windowPreset)),
    instances: array(instance),
  }),
  (value, path, report) => {
    if (value.instances.length === 0)
      report(childPath(path, 'instances'), value.instances, 'must not be empty');
  },
);

type WrittenManifest = Omit<CaseManifest, 'series'> & { readonly series: readonly WrittenSeries[] };

const manifestShape = refine(
  object<WrittenManifest>({
    schemaVersion: literal(1),
    caseId: nonEmpty,
    title: text,
    StudyInstanceUID: nonEmpty,
    StudyDescription: text,
    PatientName: text,
    PatientID: text,
    displayName: optional(text),
    displayDescription: optional(text),
    series: array(series),
  }),
  (value, path, report) => {
    if (value.series.length === 0) report(childPath(path, 'series'), value.series, 'must not be empty');
    const seen = new Set<string>();
    value.series.forEach((s, i) => {
      if (seen.has(s.key))
        report(childPath(itemPath('series', i), 'key'), s.key, 'is used by another series');
      seen.add(s.key);
    });
  },
);

/** `series[2].windows` -> `series "us-mass": windows`, when the series has a key. */
function placeOf(path: string, value: unknown): string {
  const match = /^series\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (!match) return path || 'the manifest';
  const written = (value as { series?: Array<{ key?: unknown }> } | null)?.series?.[Number(match[1])];
  const key =
    typeof written?.key === 'string' && written.key ? `series "${written.key}"` : `series[${match[1]}]`;
  return match[2] ? `${key}: ${match[2]}` : key;
}

/**
 * Lists what is wrong with a parsed manifest (empty when it is usable): every field the viewer reads is
 * checked against the manifest's type (shape-checked at compile time), so a manifest that passes never
 * fails later for want of a field.
 * @param value - parsed JSON
 */
export function checkCaseManifest(value: unknown): string[] {
  const result = run(manifestShape, value);
  if (result.ok) return [];
  return result.problems.map((problem) => `${placeOf(problem.path, value)} ${problem.detail}`);
}

/** The checked manifest, with the optional parts of the written form filled in (windows: none). */
function completed(manifest: WrittenManifest): CaseManifest {
  return { ...manifest, series: manifest.series.map((s) => ({ ...s, windows: s.windows ?? [] })) };
}

/**
 * Fetches and checks a manifest.
 * @param url - URL of manifest.json (relative URLs resolve against the page, wherever it is deployed)
 * @param fetchFn - injectable for tests
 * @param pageUrl - what relative URLs resolve against; the page's own address by default
 * @throws CaseLoadError naming the URL (and where a relative one pointed) and the problem
 */
export async function loadCaseManifest(
  url: string,
  fetchFn: typeof fetch = fetch,
  pageUrl: string = globalThis.location?.href ?? 'http://localhost/',
): Promise<LoadedCase> {
  const manifestUrl = new URL(url, pageUrl).href;
  // A relative URL in a message is named with the address it became: under a sub-folder it is not obvious.
  const named = manifestUrl === url ? url : `${url} (${manifestUrl})`;
  let response: Response;
  try {
    response = await fetchFn(manifestUrl);
  } catch (error) {
    throw new CaseLoadError(
      `Could not fetch ${named}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    const sampleMissing = response.status === 404 && url.startsWith('sample-dicom/');
    throw new CaseLoadError(
      `Could not load ${named}: HTTP ${response.status} ${response.statusText}`.trim() +
        (sampleMissing ? ' (generate the sample case with `npm run ensure-sample`)' : ''),
    );
  }
  // A server that answers every unknown path with the app's page (an SPA fallback) sends HTML with 200.
  const contentType = response.headers.get('Content-Type') ?? '';
  if (contentType.startsWith('text/html')) {
    throw new CaseLoadError(
      `${named} is not a case manifest: the server answered with a web page (text/html), not JSON; check the address`,
    );
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (error) {
    throw new CaseLoadError(
      `${named} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const problems = checkCaseManifest(parsed);
  if (problems.length > 0)
    throw new CaseLoadError(`${named} is not a usable case manifest: ${problems.join('; ')}`);
  // The trust boundary of the manifest: every field is checked above; its ImagePositionPatient triples
  // become WorldPoints here (the validator reads them as plain number triples).
  return { manifest: completed(parsed as WrittenManifest), manifestUrl };
}
