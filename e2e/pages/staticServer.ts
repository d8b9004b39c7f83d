/**
 * A tiny static file server for end-to-end tests of a deployment: serves a built app under a URL prefix (a
 * departmental web server's `/casebook/`), answers a missing file with a real 404, and redirects the folder
 * without its trailing slash as web servers do. Node only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.dcm': 'application/dicom',
};

/** A running static server. */
export interface StaticServer {
  /** Origin and prefix, ending in '/': e.g. http://127.0.0.1:40123/casebook/ */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` at `prefix` on a free loopback port.
 * @param root - folder to serve (a build)
 * @param prefix - URL path it lives under, starting and ending with '/'
 * @param mounts - further folders by URL path (e.g. test files beside the build), matched before `root`
 */
export async function startStaticServer(
  root: string,
  prefix: string,
  mounts: Readonly<Record<string, string>> = {},
): Promise<StaticServer> {
  const folders = [
    ...Object.entries(mounts).map(([at, folder]) => ({ at, base: resolve(folder) })),
    { at: prefix, base: resolve(root) },
  ];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (`${path}/` === prefix) {
      res.writeHead(301, { Location: prefix });
      res.end();
      return;
    }
    const folder = folders.find((f) => path.startsWith(f.at));
    if (!folder) {
      res.writeHead(404);
      res.end(`Not found: ${path}`);
      return;
    }
    const base = folder.base;
    let file = join(base, normalize(path.slice(folder.at.length)));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end(`Not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(statSync(file).size),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
