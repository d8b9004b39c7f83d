/**
 * Starts the project's servers as child processes on 127.0.0.1, for tests and benchmarks: `node
 * server/serve.ts` (the production server) and `redis-server` (Debian's package) on a free port with no
 * persistence, each stopped by its PID.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const serveScript = resolve(import.meta.dirname, 'serve.ts');

/** A running `npm run serve`. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** What it printed so far. */
  output(): string;
}

/**
 * Starts `node server/serve.ts` (on a free port unless `env.PORT` says otherwise); resolves once it says
 * it listens, rejects with its output if it exits first.
 * @param env - extra environment (CASEBOOK_DIST, PORT, CASEBOOK_REDIS_URL, ...)
 * @param running - the child is pushed here, for the caller to kill after the test
 */
export function startServe(env: Record<string, string>, running: ChildProcess[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [serveScript], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) resolveStart({ child, base: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
  });
}

/** Whether Debian's `redis-server` is installed. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** A running redis-server of ours. */
export interface RedisProcess {
  readonly url: string;
  readonly pid: number;
  /** Stops it by its PID and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on 127.0.0.1 and a free port, in a temporary folder, without persistence;
 * resolves once it accepts connections.
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'casebook-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolveReady();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(new Error(`redis-server did not start: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  const pid = child.pid ?? 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        process.kill(pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
