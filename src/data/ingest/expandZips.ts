/**
 * Zip files among dropped or picked files (a PACS export, a colleague's case) are opened in the browser
 * with @zip.js/zip.js and replaced by their entries, named `archive.zip/path/inside`. Guards against
 * hostile archives: at most {@link maxFiles} entries, a declared total of at most {@link maxZipBytes}, every
 * entry checked against its declared size while it is inflated (a lying entry stops at the limit), nested
 * zips left as they are, encrypted entries refused. Browser only (Blob, streams).
 */
import { BlobReader, configure, ZipReader } from '@zip.js/zip.js';
import { maxFiles, type NamedFile } from './ingestFiles.ts';

/** The most a drop's zips may hold once inflated (a whole CD is ~700 MB). */
export const maxZipBytes = 4 * 1024 ** 3;

configure({ useWebWorkers: false, useCompressionStream: true });

/** What came out of the zips: the files, with the archives replaced by their entries, and what was refused. */
export interface ExpandedFiles {
  readonly files: readonly NamedFile[];
  readonly problems: readonly string[];
}

const isZip = async (named: NamedFile): Promise<boolean> => {
  if (/\.zip$/i.test(named.name)) return true;
  const head = new Uint8Array(await named.file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
};

/**
 * A writable that keeps an entry's bytes and fails past `limit` (its declared size): no entry inflates
 * beyond what the archive says it holds.
 */
function boundedSink(name: string, limit: number): { stream: WritableStream<Uint8Array>; blob(): Blob } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new WritableStream<Uint8Array>({
    write(chunk) {
      size += chunk.byteLength;
      if (size > limit) throw new Error(`${name} inflates beyond its declared ${limit} bytes`);
      chunks.push(chunk);
    },
  });
  return { stream, blob: () => new Blob(chunks as BlobPart[]) };
}

/**
 * Replaces every zip among `files` with its entries.
 * @param files - the dropped or picked files
 */
export async function expandZips(files: readonly NamedFile[]): Promise<ExpandedFiles> {
  const out: NamedFile[] = [];
  const problems: string[] = [];
  let inflated = 0;
  for (const named of files) {
    if (!(await isZip(named))) {
      out.push(named);
      continue;
    }
    let reader: ZipReader<unknown> | undefined;
    try {
      reader = new ZipReader(new BlobReader(named.file));
      const entries = (await reader.getEntries()).filter((entry) => !entry.directory);
      if (out.length + entries.length > maxFiles) {
        problems.push(
          `${named.name}: holds ${entries.length} files, more than one drop may hold (${maxFiles})`,
        );
        continue;
      }
      const declared = entries.reduce((sum, entry) => sum + (entry.uncompressedSize ?? 0), 0);
      if (inflated + declared > maxZipBytes) {
        problems.push(
          `${named.name}: would inflate to ${Math.round(declared / 1024 ** 2)} MB, more than ${maxZipBytes / 1024 ** 3} GB`,
        );
        continue;
      }
      for (const entry of entries) {
        const name = `${named.name}/${entry.filename}`;
        if (entry.encrypted) {
          problems.push(`${name}: encrypted in the archive (not opened)`);
          continue;
        }
        const sink = boundedSink(name, entry.uncompressedSize ?? 0);
        try {
          await entry.getData?.(sink.stream);
        } catch (error) {
          problems.push(
            `${name}: could not be unzipped (${error instanceof Error ? error.message : String(error)})`,
          );
          continue;
        }
        const blob = sink.blob();
        inflated += blob.size;
        out.push({ name, file: blob });
      }
    } catch (error) {
      problems.push(
        `${named.name}: not a readable zip file (${error instanceof Error ? error.message : String(error)})`,
      );
    } finally {
      await reader?.close().catch(() => undefined);
    }
  }
  return { files: out, problems };
}
