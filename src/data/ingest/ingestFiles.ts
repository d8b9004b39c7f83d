/**
 * The ingest pipeline of a teacher's own files (issue 15): files from a drop (files, and the folders of a
 * drop, walked), a file picker or a folder picker are read header by header (the first 256 KB of each, the
 * whole file only when its header is longer), sorted into cases, and stored in the browser. Nothing leaves
 * the machine: no request carries their bytes. Browser only (File, OPFS); the sorting is pure
 * (buildLocalCases.ts).
 */
import type { CaseManifest } from '../../model/CaseManifest.ts';
import { saveLocalCase } from '../localCaseStore.ts';
import { buildLocalCases, type LocalCases } from './buildLocalCases.ts';
import { type InstanceHeader, readHeader } from './readHeader.ts';

/** A file and its path inside the drop (`folder/sub/IM0001.dcm`), or its name. */
export interface NamedFile {
  readonly name: string;
  readonly file: Blob;
}

/** How far the reading is. */
export type IngestProgress = (done: number, total: number) => void;

/** What the ingest stored. */
export interface IngestResult {
  /** Stored cases' ids, the largest first (`?case=local:<id>`). */
  readonly ids: readonly string[];
  readonly built: LocalCases;
}

/** Bytes read for a header first; most headers end well within. */
const headerBytes = 256 * 1024;

/** The most files one drop may hold (a whole CD of a few studies is ~5,000). */
export const maxFiles = 20_000;

/** Files of a file input (a folder input gives each file its relative path). */
export function filesOfInput(list: FileList): NamedFile[] {
  return [...list].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

/** Files of a drop: plain files, and every file under a dropped folder (its entries walked). */
export async function filesOfDrop(transfer: DataTransfer): Promise<NamedFile[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.length === 0) return [...transfer.files].map((file) => ({ name: file.name, file }));
  const out: NamedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: NamedFile[]): Promise<void> {
  if (out.length >= maxFiles) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ name: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries gives a batch at a time (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, out);
  }
}

/** Reads one file's header: its first bytes, or the whole file when the header goes on past them. */
async function headerOf(named: NamedFile) {
  const head = new Uint8Array(await named.file.slice(0, headerBytes).arrayBuffer());
  const first = readHeader(named.name, head);
  if (first.ok || named.file.size <= headerBytes || !/cut short/.test(first.problem)) return first;
  return readHeader(named.name, new Uint8Array(await named.file.arrayBuffer()));
}

/**
 * Reads, sorts and stores dropped files.
 * @param dropped - the files with their paths (zips among them are opened)
 * @param knownCases - cases the app knows (their teaching files attach to the same studies)
 * @param progress - called as files are read
 * @returns the stored cases' ids and what the drop held (problems, non-image objects)
 */
export async function ingestFiles(
  dropped: readonly NamedFile[],
  knownCases: readonly CaseManifest[],
  progress: IngestProgress = () => undefined,
): Promise<IngestResult> {
  if (dropped.length > maxFiles)
    throw new Error(
      `${dropped.length} files is more than one drop may hold (${maxFiles}): open one study at a time`,
    );
  // Zips (a PACS or a colleague's export) become their entries; their code loads only when there is one.
  const zipped = dropped.some((f) => /\.zip$/i.test(f.name))
    ? await (await import('./expandZips.ts')).expandZips(dropped)
    : { files: dropped, problems: [] };
  const files = zipped.files;
  const headers: InstanceHeader[] = [];
  const unreadable: { name: string; problem: string }[] = zipped.problems.map((problem) => {
    const at = problem.indexOf(': ');
    return { name: problem.slice(0, at), problem: problem.slice(at + 2) };
  });
  const byName = new Map<string, Blob>();
  let done = 0;
  for (const named of files) {
    // Not DICOM by name: leave out quietly the files a folder export always has beside the images.
    if (
      /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$|\.(txt|html?|pdf|jpg|png|xml|json|md|py|csv)$/i.test(
        named.name,
      )
    ) {
      done += 1;
      continue;
    }
    const reading = await headerOf(named);
    if (reading.ok) {
      headers.push(reading.header);
      byName.set(named.name, named.file);
    } else if (!/(^|\/)DICOMDIR$/i.test(named.name)) {
      unreadable.push({ name: reading.name, problem: reading.problem });
    }
    done += 1;
    if (done % 20 === 0 || done === files.length) progress(done, files.length);
  }
  const built = buildLocalCases(headers, knownCases, unreadable);
  const ids: string[] = [];
  const largest = [...built.cases].sort((a, b) => imagesOf(b.manifest) - imagesOf(a.manifest));
  for (const local of largest) {
    const others = built.others.filter((o) => o.StudyInstanceUID === local.manifest.StudyInstanceUID);
    ids.push(await saveLocalCase(local, byName, { others, problems: built.problems }));
  }
  return { ids, built };
}

const imagesOf = (manifest: CaseManifest): number =>
  manifest.series.reduce((sum, s) => sum + s.instances.length, 0);
