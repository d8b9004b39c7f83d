/**
 * The page's side of the instance workers: a small pool that fetches and reads Part-10 files off the main
 * thread, one promise per URL (a file asked for twice is fetched once, and a file that failed is not fetched
 * again), and a way to start a file early — before the viewer's code has even loaded. No DOM beyond Worker,
 * no Cornerstone.
 */
import type { InstanceLoaded, InstanceRequest, InstanceResponse } from './instanceWorkerProtocol.ts';

/** A file read by a worker (see InstanceDecoded and InstanceDeclined). */
export type LoadedInstance = InstanceLoaded;

/** A file that could not be fetched or read; the message is one plain sentence (e.g. `HTTP 404 Not Found`). */
export class InstanceLoadError extends Error {
  override readonly name = 'InstanceLoadError';
  /**
   * @param url - the file's URL
   * @param message - what went wrong
   */
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

interface PooledWorker {
  readonly worker: Worker;
  inFlight: number;
}

/** A pool of instance workers. */
export class InstanceWorkerPool {
  private readonly workers: PooledWorker[] = [];
  private readonly pending = new Map<
    number,
    { resolve(v: LoadedInstance): void; reject(e: unknown): void; url: string; worker: PooledWorker }
  >();
  /** Files asked for early (prefetch) and not yet taken by a load. */
  private readonly early = new Map<string, Promise<LoadedInstance>>();
  private readonly failed = new Map<string, InstanceLoadError>();
  private nextId = 1;

  /**
   * @param size - most workers to run (reading is cheap; more than two rarely helps). They start one at a
   *   time, when every running one is busy: the first image needs one, and a second worker evaluating its
   *   code at start-up would compete with the page's own start.
   * @param createWorker - starts one worker (replaced in tests)
   */
  constructor(
    private readonly size: number,
    private readonly createWorker: () => Worker = () =>
      new Worker(new URL('./instanceWorker.ts', import.meta.url), { type: 'module' }),
  ) {}

  private startWorker(): PooledWorker {
    const worker = this.createWorker();
    const pooled: PooledWorker = { worker, inFlight: 0 };
    worker.onmessage = (event: MessageEvent<InstanceResponse>) => this.settle(event.data);
    worker.onerror = (event) => this.failWorker(pooled, event.message || 'the image worker stopped');
    this.workers.push(pooled);
    return pooled;
  }

  /**
   * Starts fetching and reading a file now; a later `load` of the same URL takes the result.
   * @param url - absolute URL of the file
   */
  prefetch(url: string): void {
    if (this.early.has(url) || this.failed.has(url)) return;
    const promise = this.request(url);
    promise.catch(() => undefined);
    this.early.set(url, promise);
  }

  /**
   * Fetches and reads a file (or takes the result of an earlier prefetch). The pixels are handed over to
   * the caller, so each URL's result is given out once; a URL that failed rejects again without a refetch.
   * @param url - absolute URL of the file
   */
  load(url: string): Promise<LoadedInstance> {
    const failure = this.failed.get(url);
    if (failure) return Promise.reject(failure);
    const early = this.early.get(url);
    if (early) {
      this.early.delete(url);
      return early;
    }
    return this.request(url);
  }

  private request(url: string): Promise<LoadedInstance> {
    const idlest = this.workers.reduce<PooledWorker | null>(
      (best, w) => (best === null || w.inFlight < best.inFlight ? w : best),
      null,
    );
    const worker =
      idlest === null || (idlest.inFlight > 0 && this.workers.length < this.size)
        ? this.startWorker()
        : idlest;
    const id = this.nextId++;
    worker.inFlight++;
    return new Promise<LoadedInstance>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, url, worker });
      const request: InstanceRequest = { id, url };
      worker.worker.postMessage(request);
    });
  }

  private settle(response: InstanceResponse): void {
    const entry = this.pending.get(response.id);
    if (!entry) return;
    this.pending.delete(response.id);
    entry.worker.inFlight--;
    if (response.ok) {
      entry.resolve(response);
    } else {
      const error = new InstanceLoadError(entry.url, response.message);
      this.failed.set(entry.url, error);
      entry.reject(error);
    }
  }

  /**
   * A worker stopped (crashed, or its script failed to load): its pending files fail with the reason, and
   * it leaves the pool, so later files go to a new worker.
   */
  private failWorker(worker: PooledWorker, message: string): void {
    for (const [id, entry] of this.pending) {
      if (entry.worker !== worker) continue;
      this.pending.delete(id);
      entry.reject(new InstanceLoadError(entry.url, message));
    }
    worker.inFlight = 0;
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
    worker.worker.terminate();
  }
}

let pool: InstanceWorkerPool | null = null;

/** The page's instance worker pool, started on first use (one worker per spare core, one or two). */
export function instanceWorkers(): InstanceWorkerPool {
  if (!pool) {
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
    pool = new InstanceWorkerPool(Math.max(1, Math.min(2, cores - 1)));
  }
  return pool;
}
