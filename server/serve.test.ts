/**
 * `npm run serve` smoke test: the real script in its own Node process serves a build (a temporary one, and
 * dist/ when it has been built), carries live sessions on the same port, and stops cleanly on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { liveNamespace } from '../src/model/liveProtocol.ts';
import { startServe } from './serveProcess.ts';
import { sessionGoneMessage } from './sessionServer.ts';

const running: ChildProcess[] = [];
const temporary: string[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of temporary.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const serve = (env: Record<string, string>) => startServe(env, running);

/** A GET with the path sent exactly as given (fetch would tidy `..` away). */
function get(
  base: string,
  path: string,
): Promise<{ status: number; type: string; body: string; csp: string }> {
  return new Promise((resolveGet, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        resolveGet({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          csp: String(res.headers['content-security-policy'] ?? ''),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

describe('npm run serve', () => {
  it('serves the build and live sessions on one port, and stops on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'casebook-serve-'));
    temporary.push(folder);
    mkdirSync(join(folder, 'assets'));
    writeFileSync(
      join(folder, 'index.html'),
      '<!doctype html><title>Casebook test build</title><script>var x = 1;</script><script src="/a.js"></script>',
    );
    writeFileSync(join(folder, 'assets', 'app-abc123.js'), 'export {};');
    writeFileSync(join(folder, 'assets', 'codec.wasm'), Buffer.from([0, 97, 115, 109]));
    writeFileSync(join(tmpdir(), 'casebook-serve-secret.txt'), 'outside the build');
    const { child, base, output } = await serve({ CASEBOOK_DIST: folder });

    const index = await get(base, '/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('Casebook test build');
    // Requests go to this origin and its own websocket only; the one inline script is allowed by its hash.
    const host = new URL(base).host;
    expect(index.csp).toContain(`connect-src 'self' blob: ws://${host} wss://${host}`);
    expect(index.csp).toContain("default-src 'self'");
    expect(index.csp).toContain("object-src 'none'");
    const inlineHash = createHash('sha256').update('var x = 1;').digest('base64');
    expect(index.csp).toContain(`script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' 'sha256-${inlineHash}'`);
    expect(await get(base, '/assets/app-abc123.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
    });
    expect(await get(base, '/assets/codec.wasm')).toMatchObject({ status: 200, type: 'application/wasm' });
    // A session link's page (a path without a file) is the app; a missing file is a real 404.
    expect((await get(base, '/session/abc')).body).toContain('Casebook test build');
    expect((await get(base, '/assets/missing.js')).status).toBe(404);
    for (const path of [
      '/../casebook-serve-secret.txt',
      '/%2e%2e/casebook-serve-secret.txt',
      '/..%2fcasebook-serve-secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const response = await get(base, path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('outside the build');
    }

    const socket = connect(`${base}${liveNamespace}`, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolveConnect, reject) => {
      socket.once('connect', resolveConnect);
      socket.once('connect_error', reject);
    });
    const created = await socket.emitWithAck('create', { protocol: 1, caseId: 'sample-case' });
    expect(created.ok).toBe(true);

    // Stopping closes the transports: the session is not ended (a restarted server or another process
    // takes the clients back), so no 'ended' reaches them.
    const ended: string[] = [];
    socket.on('ended', (reason: string) => ended.push(reason));
    const closed = new Promise<string>((resolveClosed) => socket.once('disconnect', resolveClosed));
    const exit = exited(child);
    const stoppedAt = performance.now();
    child.kill('SIGTERM');
    expect(await closed).toBe('transport close');
    expect(await exit).toBe(0);
    expect(ended).toEqual([]);
    expect(performance.now() - stoppedAt).toBeLessThan(3000);
    expect(output()).toContain('Casebook stopped (SIGTERM)');
    socket.disconnect();
  });

  it('killed mid-session and started again: clients reconnect by themselves; the teacher opens the session again', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'casebook-serve-'));
    temporary.push(folder);
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Casebook test build</title>');
    const first = await serve({ CASEBOOK_DIST: folder });
    const socket = connect(`${first.base}${liveNamespace}`, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    await new Promise<void>((resolveConnect) => socket.once('connect', () => resolveConnect()));
    const created = await socket.emitWithAck('create', { protocol: 1, caseId: 'sample-case' });
    const exit = exited(first.child);
    first.child.kill('SIGKILL');
    await exit;
    await expect.poll(() => socket.connected).toBe(false);
    // The same port: a restarted server with empty memory.
    const reconnected = new Promise<void>((resolveConnect) => socket.once('connect', () => resolveConnect()));
    await serve({ CASEBOOK_DIST: folder, PORT: new URL(first.base).port });
    await reconnected;
    expect(socket.recovered).toBe(false);
    const asTeacher = {
      protocol: 1,
      sessionId: created.sessionId,
      role: 'teacher',
      presenterKey: created.presenterKey,
    };
    // Without its case the room cannot be opened again; with it, the key's holder gets an empty room.
    expect(await socket.emitWithAck('join', asTeacher)).toEqual({
      ok: false,
      error: sessionGoneMessage,
      code: 'gone',
    });
    const reply = await socket.emitWithAck('join', { ...asTeacher, caseId: 'sample-case' });
    expect(reply).toMatchObject({ ok: true, caseId: 'sample-case', snapshot: { seq: 0 } });
    socket.disconnect();
  });

  it('refuses to start without a build, saying what to do', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'casebook-serve-empty-'));
    temporary.push(folder);
    await expect(serve({ CASEBOOK_DIST: folder })).rejects.toThrow(
      /index\.html is missing\): run `npm run build` first/,
    );
  });

  it.runIf(existsSync(resolve(import.meta.dirname, '../dist/index.html')))(
    'serves dist/ by default',
    async () => {
      const { base } = await serve({});
      const index = await get(base, '/');
      expect(index.body).toContain('<div id="app">');
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
      expect(script).toBeDefined();
      expect(await get(base, `/${script}`)).toMatchObject({
        status: 200,
        type: 'text/javascript; charset=utf-8',
      });
    },
  );
});
