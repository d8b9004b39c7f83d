/**
 * `npm run bench:live`: a load benchmark of the session server (not a timed test). Starts `server/serve.ts`
 * in its own process (so its CPU and memory are its own), connects CLIENTS socket.io students (default 300)
 * on loopback following one teacher who sends RATE view updates a second (default 30) for SECONDS (default
 * 10), and reports delivery latency p50/p95/p99, updates lost, and the server's CPU and memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';

const clients = Number(process.env.CLIENTS ?? 300);
const rate = Number(process.env.RATE ?? 30);
const seconds = Number(process.env.SECONDS ?? 10);

/** A 2x2 view document's size (~1.5 KB): what a teacher really sends. */
function view(sentAt: number) {
  return {
    schemaVersion: 2,
    sentAt,
    layout: '2x2',
    viewports: Array.from({ length: 4 }, (_, index) => ({
      seriesKey: `series-${index}`,
      SOPInstanceUID: `1.2.826.0.1.3680043.8.498.${index}.${Math.floor(sentAt)}`,
      imageIndex: index * 7,
      voi: { windowCenter: 40, windowWidth: 400 },
      camera: { zoom: 1.25, pan: [3.5, -2.25] },
      categories: ['anatomy', 'pathology'],
    })),
  };
}

/** The server process's CPU seconds (user + system) and resident memory (MB), from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssMB: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { cpuSeconds: ticks / 100, rssMB: rssKB / 1024 };
}

const connectTo = (url: string): Promise<Socket> =>
  new Promise((resolveSocket, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolveSocket(socket));
    socket.once('connect_error', reject);
  });

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const build = mkdtempSync(join(tmpdir(), 'casebook-bench-live-'));
  writeFileSync(join(build, 'index.html'), '<!doctype html><title>bench</title>');
  const server = spawn(process.execPath, [resolve(import.meta.dirname, 'serve.ts')], {
    env: { ...process.env, PORT: '0', CASEBOOK_DIST: build },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolveBase, reject) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match?.[1]) resolveBase(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const url = `${base}/live`;
  const teacher = await connectTo(url);
  const created = await teacher.emitWithAck('create', { protocol: 1, caseId: 'bench' });
  const { sessionId, presenterKey } = created as { sessionId: string; presenterKey: string };

  const latencies: number[] = [];
  const lastSeq: number[] = [];
  let gaps = 0;
  const students: Socket[] = [];
  for (let i = 0; i < clients; i += 1) {
    const socket = await connectTo(url);
    await socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
    lastSeq[i] = 0;
    socket.on('snapshot', (snapshot: { seq: number; view: { sentAt: number } }) => {
      latencies.push(performance.timeOrigin + performance.now() - snapshot.view.sentAt);
      gaps += Math.max(0, snapshot.seq - (lastSeq[i] ?? 0) - 1);
      lastSeq[i] = snapshot.seq;
    });
    students.push(socket);
  }

  const before = processUsage(server.pid ?? 0);
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(timer);
        done();
        return;
      }
      sent += 1;
      teacher.emit('present', {
        sessionId,
        presenterKey,
        view: view(performance.timeOrigin + performance.now()),
        tourStep: null,
      });
    }, 1000 / rate);
  });
  // Let the last updates arrive: wait until every student has the last seq (or 2 s).
  const settle = performance.now();
  while (lastSeq.some((seq) => seq < sent) && performance.now() - settle < 2000) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
  const elapsed = (performance.now() - started) / 1000;
  const after = processUsage(server.pid ?? 0);
  const missingAtEnd = lastSeq.reduce((sum, seq) => sum + (sent - seq), 0);

  latencies.sort((a, b) => a - b);
  const row = {
    clients,
    updatesPerSecond: rate,
    updatesSent: sent,
    deliveries: latencies.length,
    expected: sent * clients,
    lost: gaps + missingAtEnd,
    p50ms: percentile(latencies, 0.5).toFixed(1),
    p95ms: percentile(latencies, 0.95).toFixed(1),
    p99ms: percentile(latencies, 0.99).toFixed(1),
    serverCpuPercent: ((100 * (after.cpuSeconds - before.cpuSeconds)) / elapsed).toFixed(0),
    serverRssMB: after.rssMB.toFixed(0),
  };
  process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
  process.stdout.write(
    `| clients | updates/s | p50 ms | p95 ms | p99 ms | lost | server CPU | server RSS |\n` +
      `| ${clients} | ${rate} | ${row.p50ms} | ${row.p95ms} | ${row.p99ms} | ${row.lost} | ${row.serverCpuPercent} % | ${row.serverRssMB} MB |\n`,
  );

  for (const socket of [teacher, ...students]) socket.disconnect();
  server.kill('SIGTERM');
  await new Promise((resolveExit) => server.once('exit', resolveExit));
  rmSync(build, { recursive: true, force: true });
}

await main();
