/**
 * Starts a server process for a spec of its own (the dev server as `npm start` runs it, a static server for a
 * sub-folder deployment), waits until it answers, keeps its output for assertions, and stops it by its
 * process group. Node only; no Playwright page.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running server started by a spec. */
export interface ChildServer {
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the process and its children (its process group) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the process group at once (SIGKILL: a crash, no goodbye) and waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * Spawns `command args` in its own process group and resolves once `url` answers with a status below 500.
 * @param command - executable
 * @param args - its arguments
 * @param options - working directory, environment additions, the URL to poll and how long to wait
 * @throws when the process exits early or the URL does not answer within `timeoutMs` (with its output)
 */
export async function startChildServer(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; url: string; timeoutMs: number },
): Promise<ChildServer> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    // Its own group: `npm start` runs node, which runs npx, which runs vite; one signal reaches them all.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const stop = async () => {
    if (!running || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killTimer = setTimeout(() => {
      if (running && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, 5000);
    await exited;
    clearTimeout(killTimer);
  };

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (!running) throw new Error(`${command} ${args.join(' ')} exited before serving:\n${output}`);
    try {
      const response = await fetch(options.url);
      if (response.status < 500) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.url} did not answer within ${options.timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const kill = async () => {
    if (!running || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await exited;
  };
  return { output: () => output, stop, kill };
}
