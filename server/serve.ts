/**
 * `npm run serve`: the production server. Serves the built app (dist/, static) and the live-class
 * sessions on the same origin, on 127.0.0.1:$PORT (default 4173), and stops cleanly on SIGTERM / SIGINT.
 * With $CASEBOOK_REDIS_URL the rooms live in Redis and broadcasts go through the Redis streams adapter,
 * so several of these processes behind a load balancer serve one class.
 * Run by Node itself (it strips the types); imports only Node, socket.io, redis and the session server.
 */
import { createReadStream, existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy, inlineScriptHashes } from './contentSecurityPolicy.ts';
import { type RedisSessionBackend, redisSessionBackend } from './redisRoomStore.ts';
import { attachSessionServer } from './sessionServer.ts';

/** The build to serve: $CASEBOOK_DIST, or dist/ beside this folder. */
const root = resolve(process.env.CASEBOOK_DIST ?? join(import.meta.dirname, '..', 'dist'));
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';

/** Content types of what a build holds (the codecs' .wasm must be application/wasm to compile streaming). */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.dcm': 'application/dicom',
};

/** A URL path that cannot name a file of the build (undecodable, or `..` out of it): always a 404. */
function outsideRoot(urlPath: string): boolean {
  try {
    const decoded = decodeURIComponent(urlPath);
    const file = resolve(root, `.${decoded}`);
    return decoded.includes('\0') || (file !== root && !file.startsWith(root + sep));
  } catch {
    return true;
  }
}

/** The file a URL path names inside `root`, or undefined (not a file). */
function fileFor(urlPath: string): { file: string; stats: Stats } | undefined {
  if (outsideRoot(urlPath)) return undefined;
  let file = resolve(root, `.${decodeURIComponent(urlPath)}`);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return undefined;
  const stats = statSync(file);
  return stats.isFile() ? { file, stats } : undefined;
}

/** The build's index.html inline scripts' hashes, read once. */
let scriptHashes: string[] = [];

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(text);
}

/** Static files of the build; a path without an extension that names no file gets the app (index.html). */
function serveStatic(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'Method not allowed');
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  const fallback = extname(urlPath) === '' && !outsideRoot(urlPath);
  const found = fileFor(urlPath) ?? (fallback ? fileFor('/index.html') : undefined);
  if (!found) {
    send(res, 404, `Not found: ${urlPath}`);
    return;
  }
  res.writeHead(200, {
    'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? `${host}:${port}`, scriptHashes),
    'Content-Type': contentTypes[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(found.stats.size),
    // Vite names built assets by content hash: they never change. Everything else is checked each time.
    'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}

if (!existsSync(join(root, 'index.html'))) {
  process.stderr.write(`No build in ${root} (index.html is missing): run \`npm run build\` first.\n`);
  process.exit(1);
}
scriptHashes = inlineScriptHashes(readFileSync(join(root, 'index.html'), 'utf8'));

const redisUrl = process.env.CASEBOOK_REDIS_URL;
let redis: RedisSessionBackend | undefined;
if (redisUrl) {
  try {
    redis = await redisSessionBackend(redisUrl);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const http = createServer(serveStatic);
const sessions = attachSessionServer(http, redis ? { store: redis.store, adapter: redis.adapter } : {});

http.on('error', (error) => {
  process.stderr.write(`Cannot serve on ${host}:${port}: ${error.message}\n`);
  process.exit(1);
});
http.listen(port, host, () => {
  const address = http.address() as AddressInfo;
  const rooms = redis ? ` (rooms in Redis at ${redisUrl})` : '';
  process.stdout.write(
    `Casebook serving ${root} with live sessions${rooms} at http://${host}:${address.port}/\n`,
  );
});

let stopping = false;
/** Tells the live clients, closes their sockets, then the HTTP server; exits when it has closed. */
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sessions.close();
  await redis?.close();
  http.close(() => {
    process.stdout.write(`Casebook stopped (${signal}).\n`);
    process.exit(0);
  });
  http.closeAllConnections();
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
