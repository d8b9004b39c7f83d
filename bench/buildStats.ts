/**
 * Build-side figures: timed production builds, the size of a build folder, and how much JavaScript and
 * WebAssembly a page downloaded before its first image (gzip sizes, as a compressing server would send).
 * Node only.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ServedFile } from './staticServer.ts';

/** Runs a command, inheriting nothing but stderr on failure; resolves to its wall time in ms. */
export function timedCommand(cmd: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) ok(performance.now() - started);
      else fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** Bytes of every file under a folder, skipping top-level entries named in `exclude`. */
export function folderBytes(dir: string, exclude: readonly string[] = []): number {
  let total = 0;
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (path === dir && exclude.includes(name)) continue;
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else total += stat.size;
    }
  };
  walk(dir);
  return total;
}

const gzipCache = new Map<string, number>();

/** Gzip size (level 6, what servers commonly use) of a file; cached by path. */
export function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(file), { level: 6 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** JavaScript and WebAssembly a page fetched up to a moment. Bytes. */
export interface TransferFigures {
  readonly jsRaw: number;
  readonly jsGzip: number;
  readonly wasmGzip: number;
  /** JS files fetched, relative to their build folder. */
  readonly jsFiles: readonly string[];
}

/**
 * Sums the JS and WASM the server sent between two moments (each file once).
 * @param log - the server's log
 * @param fromEpoch - navigation start (epoch ms)
 * @param untilEpoch - e.g. the first image (epoch ms)
 * @param root - folder the paths are shown relative to
 */
export function transferredBetween(
  log: readonly ServedFile[],
  fromEpoch: number,
  untilEpoch: number,
  root: string,
): TransferFigures {
  const files = new Set<string>();
  for (const entry of log) {
    if (entry.at >= fromEpoch - 5 && entry.at <= untilEpoch) files.add(entry.file);
  }
  let jsRaw = 0;
  let jsGzip = 0;
  let wasmGzip = 0;
  const jsFiles: string[] = [];
  for (const file of files) {
    const ext = extname(file);
    if (ext === '.js' || ext === '.mjs') {
      jsRaw += statSync(file).size;
      jsGzip += gzipBytes(file);
      jsFiles.push(relative(root, file));
    } else if (ext === '.wasm') {
      wasmGzip += gzipBytes(file);
    }
  }
  return { jsRaw, jsGzip, wasmGzip, jsFiles: jsFiles.sort() };
}

/** Raw and gzip bytes of all JS in a build folder (what a full visit could ever download). */
export function allJs(dir: string, exclude: readonly string[] = []): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (path === dir && exclude.includes(name)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js') || name.endsWith('.mjs')) {
        raw += statSync(full).size;
        gzip += gzipBytes(full);
      }
    }
  };
  walk(dir);
  return { raw, gzip };
}
