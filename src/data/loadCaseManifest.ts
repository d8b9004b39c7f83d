/**
 * Fetches a case's manifest.json and checks its shape, so a broken or missing manifest fails with a
 * message naming the file and the field. No DOM, no rendering.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';

/** A case that could not be opened; `message` names the file and the problem. */
export class CaseLoadError extends Error {
  override readonly name = 'CaseLoadError';
}

/** A loaded manifest and the absolute URL its file paths are relative to. */
export interface LoadedCase {
  readonly manifest: CaseManifest;
  /** Absolute URL of manifest.json; instance `file` paths resolve against it. */
  readonly manifestUrl: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Lists what is wrong with a parsed manifest (empty when it is usable). Checks what the viewer relies on:
 * ids, series keys, modality, dimensions, and a file for every instance.
 * @param value - parsed JSON
 */
export function checkCaseManifest(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return ['the manifest is not a JSON object'];
  if (value.schemaVersion !== 1)
    problems.push(`schemaVersion is ${JSON.stringify(value.schemaVersion)}, expected 1`);
  for (const field of ['caseId', 'title', 'StudyInstanceUID', 'PatientName', 'PatientID'] as const) {
    if (typeof value[field] !== 'string') problems.push(`${field} is missing or not a string`);
  }
  // Shown while the case is unknown, instead of the title and patient name.
  for (const field of ['displayName', 'displayDescription'] as const) {
    if (value[field] !== undefined && typeof value[field] !== 'string')
      problems.push(`${field} must be text when given`);
  }
  if (!Array.isArray(value.series) || value.series.length === 0) {
    problems.push('series is missing or empty');
    return problems;
  }
  const keys = new Set<string>();
  value.series.forEach((series: unknown, i: number) => {
    const where = `series[${i}]`;
    if (!isRecord(series)) {
      problems.push(`${where} is not an object`);
      return;
    }
    const key = typeof series.key === 'string' ? series.key : '';
    const label = key ? `series "${key}"` : where;
    if (!key) problems.push(`${where}.key is missing`);
    else if (keys.has(key)) problems.push(`${label}: key is used twice`);
    keys.add(key);
    if (typeof series.Modality !== 'string') problems.push(`${label}: Modality is missing`);
    if (typeof series.Rows !== 'number' || typeof series.Columns !== 'number') {
      problems.push(`${label}: Rows/Columns are missing`);
    }
    if (!Array.isArray(series.instances) || series.instances.length === 0) {
      problems.push(`${label}: instances is missing or empty`);
      return;
    }
    series.instances.forEach((instance: unknown, j: number) => {
      if (!isRecord(instance) || typeof instance.file !== 'string' || instance.file === '') {
        problems.push(`${label}: instances[${j}].file is missing`);
      }
    });
  });
  return problems;
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
  // The trust boundary of the manifest: a checked manifest is typed as a CaseManifest here (its
  // ImagePositionPatient arrays as WorldPoints, which checkCaseManifest does not inspect).
  return { manifest: parsed as CaseManifest, manifestUrl };
}
