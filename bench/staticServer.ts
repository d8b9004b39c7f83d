/**
 * The benchmark's loopback file server: one HTTP server for our production build, the peer page and the
 * DICOM files both read, so neither viewer gets a faster path to the data. Node only; no Vite, no browser.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** A URL prefix (`/peer/`) and the folder it serves. The longest matching prefix wins. */
export interface StaticMount {
  readonly prefix: string;
  readonly dir: string;
}

/** One file the server sent. */
export interface ServedFile {
  readonly urlPath: string;
  readonly file: string;
  readonly bytes: number;
  /** Epoch ms when the request arrived. */
  readonly at: number;
}

/** A running server and how to stop it. */
export interface RunningServer {
  readonly origin: string;
  /** Every file served, in order (clear it between runs). */
  readonly log: ServedFile[];
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.dcm': 'application/dicom',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Resolves a request path to a file under the mounts, or null. Directories map to their index.html;
 * paths escaping a mount's folder are refused.
 * @param mounts - URL prefixes and folders
 * @param urlPath - the request's path, without query
 */
export function resolveRequest(mounts: readonly StaticMount[], urlPath: string): string | null {
  const mount = [...mounts]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((m) => urlPath.startsWith(m.prefix) || `${urlPath}/` === m.prefix);
  if (!mount) return null;
  const root = resolve(mount.dir);
  const relative = normalize(decodeURIComponent(urlPath.slice(mount.prefix.length)));
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/**
 * Starts the server on 127.0.0.1 (an ephemeral port unless given). Responses are not compressed and not
 * cacheable: every fresh browser context downloads everything, as a first visit would.
 * @param mounts - what to serve
 * @param port - 0 for any free port
 */
export async function startStaticServer(mounts: readonly StaticMount[], port = 0): Promise<RunningServer> {
  const log: ServedFile[] = [];
  const server: Server = createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    const file = resolveRequest(mounts, urlPath);
    if (!file) {
      res.statusCode = 404;
      res.end(`Not found: ${urlPath}`);
      return;
    }
    const size = statSync(file).size;
    res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    log.push({ urlPath, file, bytes: size, at: Date.now() });
    createReadStream(file).pipe(res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    log,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
