/**
 * Cases opened from a teacher's own files, kept in the browser's origin-private file system (OPFS), so a
 * reload, a deep link or the case library opens them again; nothing is uploaded. Each case is a folder:
 * `case.json` (its manifest with the dropped file names, what was not an image, what could not be read)
 * and the files themselves. Opening one hands the viewer blob URLs of the stored files. Browser only.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { LocalCase, OtherObject } from './ingest/buildLocalCases.ts';
import type { LoadedCase } from './loadCaseManifest.ts';

/** The `?case=` value of a stored local case: `local:<id>`. */
export const localCasePrefix = 'local:';

/** What is kept of a case besides its files. */
interface StoredCase {
  readonly version: 1;
  readonly manifest: CaseManifest;
  /** Manifest file name -> stored file name. */
  readonly stored: Readonly<Record<string, string>>;
  readonly others: readonly OtherObject[];
  readonly problems: readonly string[];
  readonly savedAt: string;
}

/** A stored case as the library lists it. */
export interface LocalCaseSummary {
  readonly id: string;
  readonly title: string;
  readonly modalities: readonly string[];
  readonly images: number;
  readonly savedAt: string;
}

/** An opened local case: the viewer's case, and what to tell the user about the drop. */
export interface OpenedLocalCase {
  readonly loaded: LoadedCase;
  readonly others: readonly OtherObject[];
  readonly problems: readonly string[];
}

async function casesFolder(): Promise<FileSystemDirectoryHandle> {
  if (!navigator.storage?.getDirectory)
    throw new Error('This browser cannot keep local files (no origin-private file system)');
  const root = await navigator.storage.getDirectory();
  const app = await root.getDirectoryHandle('casebook', { create: true });
  return app.getDirectoryHandle('cases', { create: true });
}

/** A stable id of a study: `s` and 16 hex digits of SHA-256 of its StudyInstanceUID. */
async function idOf(studyUid: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(studyUid));
  return `s${[...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Stores a case and its files (replacing an earlier copy of the same study), and asks the browser to keep
 * the storage (navigator.storage.persist).
 * @param local - the case built from the drop
 * @param files - the dropped files by name
 * @param extras - what was not an image, and what could not be read
 * @returns the case's id (open it with `?case=local:<id>`)
 */
export async function saveLocalCase(
  local: LocalCase,
  files: ReadonlyMap<string, Blob>,
  extras: { readonly others: readonly OtherObject[]; readonly problems: readonly string[] },
): Promise<string> {
  const folder = await casesFolder();
  const id = await idOf(local.manifest.StudyInstanceUID);
  await folder.removeEntry(id, { recursive: true }).catch(() => undefined);
  const dir = await folder.getDirectoryHandle(id, { create: true });
  const stored: Record<string, string> = {};
  let n = 0;
  for (const series of local.manifest.series) {
    for (const instance of series.instances) {
      const blob = files.get(instance.file);
      if (!blob) throw new Error(`${instance.file} is no longer readable`);
      n += 1;
      const name = `${String(n).padStart(5, '0')}.dcm`;
      await write(dir, name, blob);
      stored[instance.file] = name;
    }
  }
  const record: StoredCase = {
    version: 1,
    manifest: local.manifest,
    stored,
    others: extras.others,
    problems: extras.problems,
    savedAt: new Date().toISOString(),
  };
  await write(dir, 'case.json', new Blob([JSON.stringify(record)], { type: 'application/json' }));
  await navigator.storage.persist?.().catch(() => false);
  return id;
}

async function write(dir: FileSystemDirectoryHandle, name: string, blob: Blob): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(blob);
  await writable.close();
}

async function readRecord(dir: FileSystemDirectoryHandle): Promise<StoredCase> {
  const file = await (await dir.getFileHandle('case.json')).getFile();
  return JSON.parse(await file.text()) as StoredCase;
}

/**
 * Opens a stored case: its manifest, and blob URLs of its files (valid while the page lives).
 * @param id - from `?case=local:<id>`
 * @throws Error naming the case when it is not (or no longer) stored
 */
export async function openLocalCase(id: string): Promise<OpenedLocalCase> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await (await casesFolder()).getDirectoryHandle(id);
  } catch {
    throw new Error(
      `The local case ${id} is not stored in this browser (opened in another browser, or its storage was cleared): open its files again`,
    );
  }
  const record = await readRecord(dir);
  const fileUrls = new Map<string, string>();
  for (const [file, name] of Object.entries(record.stored)) {
    fileUrls.set(file, URL.createObjectURL(await (await dir.getFileHandle(name)).getFile()));
  }
  return {
    loaded: { manifest: record.manifest, manifestUrl: location.href, fileUrls },
    others: record.others,
    problems: record.problems,
  };
}

/** The stored cases, newest first. */
export async function listLocalCases(): Promise<LocalCaseSummary[]> {
  const folder = await casesFolder();
  const summaries: LocalCaseSummary[] = [];
  for await (const [id, handle] of folder as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind !== 'directory') continue;
    try {
      const { manifest, savedAt } = await readRecord(handle as FileSystemDirectoryHandle);
      summaries.push({
        id,
        title: manifest.title,
        modalities: [...new Set(manifest.series.map((s) => s.Modality))],
        images: manifest.series.reduce((sum, s) => sum + s.instances.length, 0),
        savedAt,
      });
    } catch {
      // A folder left half-written by a closed tab: not listed.
    }
  }
  return summaries.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
