/**
 * `npm run bench:live`: a load benchmark of the session server (not a timed test). Starts `server/serve.ts`
 * in its own process (so its CPU and memory are its own), connects CLIENTS socket.io students (default 300)
 * on loopback following one teacher who sends RATE view updates a second (default 30) for SECONDS (default
 * 10), and reports delivery latency p50/p95/p99, updates lost, and the server's CPU and memory. Then the
 * same with rooms in Redis (a redis-server of its own on loopback) and two server processes: the teacher on
 * the first, the students alternately on both (skipped, and said so, without Debian's redis-server).
 * `MODES=memory` or `MODES=redis` runs one of the two.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { hasRedisServer, startRedis, startServe } from './serveProcess.ts';

const clients = Number(process.env.CLIENTS ?? 300);
const rate = Number(process.env.RATE ?? 30);
const seconds = Number(process.env.SECONDS ?? 10);
const modes = (process.env.MODES ?? 'memory,redis').split(',');

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

/** One run's figures. */
interface Row {
  readonly setup: string;
  readonly lost: number;
  readonly p50ms: string;
  readonly p95ms: string;
  readonly p99ms: string;
  readonly cpu: string;
  readonly rss: string;
}

/**
 * One run: a teacher on `bases[0]`, students alternately on each of `bases`.
 * @param setup - the row's name
 * @param bases - the server processes' URLs
 * @param pids - processes whose CPU and memory count as the server's
 */
async function run(setup: string, bases: readonly string[], pids: readonly number[]): Promise<Row> {
  const teacher = await connectTo(`${bases[0]}/live`);
  const created = await teacher.emitWithAck('create', { protocol: 1, caseId: 'bench' });
  const { sessionId, presenterKey } = created as { sessionId: string; presenterKey: string };

  const latencies: number[] = [];
  const lastSeq: number[] = [];
  let gaps = 0;
  const students: Socket[] = [];
  for (let i = 0; i < clients; i += 1) {
    const socket = await connectTo(`${bases[i % bases.length]}/live`);
    await socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
    lastSeq[i] = 0;
    socket.on('snapshot', (snapshot: { seq: number; view: { sentAt: number } }) => {
      latencies.push(performance.timeOrigin + performance.now() - snapshot.view.sentAt);
      gaps += Math.max(0, snapshot.seq - (lastSeq[i] ?? 0) - 1);
      lastSeq[i] = snapshot.seq;
    });
    students.push(socket);
  }

  const usage = () =>
    pids
      .map(processUsage)
      .reduce((a, b) => ({ cpuSeconds: a.cpuSeconds + b.cpuSeconds, rssMB: a.rssMB + b.rssMB }));
  const before = usage();
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
  const after = usage();
  const missingAtEnd = lastSeq.reduce((sum, seq) => sum + (sent - seq), 0);
  for (const socket of [teacher, ...students]) socket.disconnect();

  latencies.sort((a, b) => a - b);
  const row: Row = {
    setup,
    lost: gaps + missingAtEnd,
    p50ms: percentile(latencies, 0.5).toFixed(1),
    p95ms: percentile(latencies, 0.95).toFixed(1),
    p99ms: percentile(latencies, 0.99).toFixed(1),
    cpu: `${((100 * (after.cpuSeconds - before.cpuSeconds)) / elapsed).toFixed(0)} %`,
    rss: `${after.rssMB.toFixed(0)} MB`,
  };
  process.stdout.write(
    `${JSON.stringify({ ...row, clients, rate, updatesSent: sent, deliveries: latencies.length }, null, 2)}\n`,
  );
  return row;
}

async function stop(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null) return undefined;
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      return exited;
    }),
  );
}

async function main(): Promise<void> {
  const build = mkdtempSync(join(tmpdir(), 'casebook-bench-live-'));
  writeFileSync(join(build, 'index.html'), '<!doctype html><title>bench</title>');
  const rows: Row[] = [];
  try {
    if (modes.includes('memory')) {
      const server = await startServe({ CASEBOOK_DIST: build });
      rows.push(await run('one process, rooms in memory', [server.base], [server.child.pid ?? 0]));
      await stop([server.child]);
    }
    if (modes.includes('redis')) {
      if (!hasRedisServer()) {
        process.stdout.write(
          'Skipped the Redis run: redis-server is not installed (apt-get install redis-server).\n',
        );
      } else {
        const redis = await startRedis();
        const env = { CASEBOOK_DIST: build, CASEBOOK_REDIS_URL: redis.url };
        const servers = await Promise.all([startServe(env), startServe(env)]);
        const pids = [...servers.map((s) => s.child.pid ?? 0), redis.pid];
        rows.push(
          await run(
            'two processes + Redis (CPU, RSS: both + redis-server)',
            servers.map((s) => s.base),
            pids,
          ),
        );
        await stop(servers.map((s) => s.child));
        await redis.stop();
      }
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${clients} students, ${rate} updates/s for ${seconds} s\n` +
      '| setup | p50 ms | p95 ms | p99 ms | lost | server CPU | server RSS |\n| --- | --- | --- | --- | --- | --- | --- |\n' +
      rows
        .map(
          (r) => `| ${r.setup} | ${r.p50ms} | ${r.p95ms} | ${r.p99ms} | ${r.lost} | ${r.cpu} | ${r.rss} |\n`,
        )
        .join(''),
  );
}

await main();
