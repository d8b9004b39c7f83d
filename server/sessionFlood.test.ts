/**
 * The session server under a flooding client (issue 14's fault tests): a student in another process sends
 * thousands of messages; its excess is dropped and counted, and the teacher's updates still reach the class
 * quickly. Real sockets on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type LiveSnapshot, liveNamespace } from '../src/model/liveProtocol.ts';
import type { ViewDocument } from '../src/model/ViewDocument.ts';
import { attachSessionServer, type SessionServer } from './sessionServer.ts';

const view = (index: number): ViewDocument =>
  ({ schemaVersion: 2, layout: '1x1', viewports: [{ imageIndex: index }] }) as unknown as ViewDocument;

const open: { http?: HttpServer; server?: SessionServer; sockets: Socket[]; stop: (() => void)[] } = {
  sockets: [],
  stop: [],
};

afterEach(async () => {
  for (const stop of open.stop.splice(0)) stop();
  for (const socket of open.sockets.splice(0)) socket.disconnect();
  await open.server?.close();
  open.http?.closeAllConnections();
  await new Promise((resolve) => (open.http ? open.http.close(resolve) : resolve(undefined)));
  open.http = undefined;
  open.server = undefined;
});

/** A server, a teacher with a session and one honest student. */
async function classroom() {
  const http = createServer();
  const server = attachSessionServer(http);
  open.http = http;
  open.server = server;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}${liveNamespace}`;
  const socket = async () => {
    const s = connect(url, { transports: ['websocket'], forceNew: true });
    open.sockets.push(s);
    await new Promise<void>((resolve) => s.once('connect', resolve));
    return s;
  };
  const teacher = await socket();
  const { sessionId, presenterKey } = await teacher.emitWithAck('create', { protocol: 1, caseId: 'c' });
  const student = await socket();
  await student.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
  /** The time from the teacher's present to the student's snapshot, ms. */
  const presentLatency = async (index: number) => {
    const sent = performance.now();
    const got = new Promise<LiveSnapshot>((resolve) => student.once('snapshot', resolve));
    teacher.emit('present', { sessionId, presenterKey, view: view(index), tourStep: null });
    const snapshot = await got;
    expect(snapshot.view).toEqual(view(index));
    return performance.now() - sent;
  };
  return { server, url, sessionId: sessionId as string, presentLatency };
}

/**
 * A student in another process (so that this one is only the server and the honest clients, and what is
 * measured is the server's delay) that joins `sessionId` and sends `status` messages: `burst` as fast as it
 * can, or `perSecond` in 10 ms batches for `seconds`. `sending` resolves when it starts, `done` when it has
 * sent them all (then it stays connected until stopped: its messages may still be on their way).
 */
function spawnFlooder(
  url: string,
  sessionId: string,
  plan: { burst: number } | { perSecond: number; seconds: number },
) {
  const message = `{ sessionId: ${JSON.stringify(sessionId)}, following: i % 2 === 0 }`;
  const send =
    'burst' in plan
      ? `for (let i = 0; i < ${plan.burst}; i += 1) socket.emit('status', ${message});`
      : `await new Promise((resolve) => {
           const started = Date.now();
           let i = 0;
           // Catches up with the rate on every tick, however late the timer fires.
           const timer = setInterval(() => {
             const elapsed = Math.min(Date.now() - started, ${plan.seconds * 1000});
             for (; i < (elapsed * ${plan.perSecond}) / 1000; i += 1) socket.emit('status', ${message});
             if (elapsed >= ${plan.seconds * 1000}) { clearInterval(timer); resolve(); }
           }, 10);
         });`;
  const code = `
    const { io } = await import('socket.io-client');
    const socket = io(${JSON.stringify(url)}, { transports: ['websocket'] });
    await new Promise((resolve) => socket.once('connect', resolve));
    await socket.emitWithAck('join', { protocol: 1, sessionId: ${JSON.stringify(sessionId)}, role: 'student' });
    process.stdout.write('sending\\n');
    ${send}
    process.stdout.write('done\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  open.stop.push(() => child.kill());
  const line = (word: string) =>
    new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(word)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`flooder exited (${code}) before '${word}'`)));
    });
  return { sending: line('sending'), done: line('done') };
}

describe('a flooding client', () => {
  it('5,000 messages at once: throttled, and another client’s update still arrives within 100 ms', async () => {
    const room = await classroom();
    const flooder = spawnFlooder(room.url, room.sessionId, { burst: 5000 });
    await flooder.sending;
    expect(await room.presentLatency(5)).toBeLessThan(100);
    await flooder.done;
    await expect.poll(() => room.server.stats().rateLimited, { timeout: 10_000 }).toBeGreaterThan(4900);
    // A burst of 20 (and 10 a second) got through; everything else was dropped.
    expect(room.server.stats().rateLimited).toBeLessThanOrEqual(5000);
  });

  it('10,000 messages a second for 2 s: the class keeps its latency (p95 under 50 ms)', async () => {
    const room = await classroom();
    // Warm-up: the first deliveries pay for the JIT, not for the flood.
    for (let i = 0; i < 10; i += 1) await room.presentLatency(i);
    const flooder = spawnFlooder(room.url, room.sessionId, { perSecond: 10_000, seconds: 2 });
    await flooder.sending;
    const flooded: number[] = [];
    let done = false;
    void flooder.done.then(() => {
      done = true;
    });
    // The teacher's updates at ~30 a second while the flood lasts.
    while (!done) {
      flooded.push(await room.presentLatency(100 + flooded.length));
      await new Promise((resolve) => setTimeout(resolve, 33));
    }
    flooded.sort((a, b) => a - b);
    const p95 = flooded[Math.floor(flooded.length * 0.95)] ?? Number.POSITIVE_INFINITY;
    expect(flooded.length).toBeGreaterThan(20);
    expect(p95).toBeLessThan(50);
    await expect.poll(() => room.server.stats().rateLimited, { timeout: 10_000 }).toBeGreaterThan(19_000);
  });
});
