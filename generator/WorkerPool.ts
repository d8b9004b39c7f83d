// A tiny pool of worker threads running slice tasks; falls back to the main thread when size is 0.
// Results are keyed by task, never by worker, so scheduling cannot change the output.
import { Worker } from 'node:worker_threads';
import type { BuiltPhantom } from './buildPhantom.ts';
import { runSliceJob, type SliceJob, type SliceJobResult } from './runSliceJob.ts';

interface Pending {
  readonly resolve: (r: SliceJobResult) => void;
  readonly reject: (e: unknown) => void;
}

/** Runs {@link SliceJob}s on `size` workers (TypeScript loaded through tsx's register API). */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; job: SliceJob }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /**
   * @param size - number of worker threads; 0 runs tasks synchronously on the calling thread
   * @param local - phantom for synchronous runs
   */
  constructor(
    size: number,
    private readonly local: BuiltPhantom,
  ) {
    const url = new URL('./sliceWorker.ts', import.meta.url).href;
    // Resolved here, not in the worker, so generation works whatever the current directory is.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(boot, { eval: true });
      worker.on('message', (m: { id: number; result: SliceJobResult }) => {
        this.pending.get(m.id)?.resolve(m.result);
        this.pending.delete(m.id);
        this.idle.push(worker);
        this.pump();
      });
      worker.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Queues a job; resolves with its result. */
  run(job: SliceJob): Promise<SliceJobResult> {
    if (this.workers.length === 0) {
      return new Promise((resolve) => setImmediate(() => resolve(runSliceJob(this.local, job))));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, job });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      worker.postMessage(this.queue.shift());
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
