import { describe, expect, it } from 'vitest';
import { InstanceLoadError, InstanceWorkerPool } from './instanceWorkerClient.ts';
import type { InstanceRequest, InstanceResponse } from './instanceWorkerProtocol.ts';

/** A stand-in for the instance worker: records requests; the test answers them or makes it crash. */
class FakeWorker {
  onmessage: ((event: MessageEvent<InstanceResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly requests: InstanceRequest[] = [];
  terminated = false;
  postMessage(request: InstanceRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number, response: Partial<InstanceResponse> = {}): void {
    const ok = {
      id,
      ok: true,
      kind: 'declined',
      reason: 'test',
      file: new ArrayBuffer(4),
      fetchMs: 1,
      readMs: 1,
    } as const;
    this.onmessage?.({ data: { ...ok, ...response } } as MessageEvent<InstanceResponse>);
  }
  crash(message: string): void {
    this.onerror?.({ message } as ErrorEvent);
  }
}

function setup(size = 2) {
  const workers: FakeWorker[] = [];
  const pool = new InstanceWorkerPool(size, () => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { pool, workers };
}

describe('InstanceWorkerPool', () => {
  it('fetches a file once for a prefetch and the load that follows it', async () => {
    const { pool, workers } = setup();
    pool.prefetch('http://x/a.dcm');
    const loading = pool.load('http://x/a.dcm');
    expect(workers).toHaveLength(1);
    expect(workers[0]?.requests).toHaveLength(1);
    workers[0]?.answer(workers[0].requests[0]?.id ?? 0);
    await expect(loading).resolves.toMatchObject({ kind: 'declined' });
  });

  it('starts a second worker only when the first is busy', () => {
    const { pool, workers } = setup(2);
    void pool.load('http://x/a.dcm');
    void pool.load('http://x/b.dcm');
    void pool.load('http://x/c.dcm');
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.requests.length)).toEqual([2, 1]);
  });

  it('does not fetch a failed file again', async () => {
    const { pool, workers } = setup(1);
    const first = pool.load('http://x/missing.dcm');
    workers[0]?.onmessage?.({
      data: { id: workers[0].requests[0]?.id ?? 0, ok: false, message: 'HTTP 404 Not Found' },
    } as MessageEvent<InstanceResponse>);
    await expect(first).rejects.toThrow('HTTP 404 Not Found');
    await expect(pool.load('http://x/missing.dcm')).rejects.toBeInstanceOf(InstanceLoadError);
    expect(workers[0]?.requests).toHaveLength(1);
  });

  it('fails the files of a crashed worker with the reason, and sends later files to a new worker', async () => {
    const { pool, workers } = setup(1);
    const lost = pool.load('http://x/a.dcm');
    workers[0]?.crash('out of memory');
    await expect(lost).rejects.toThrow('out of memory');
    expect(workers[0]?.terminated).toBe(true);
    const next = pool.load('http://x/b.dcm');
    expect(workers).toHaveLength(2);
    workers[1]?.answer(workers[1].requests[0]?.id ?? 0);
    await expect(next).resolves.toMatchObject({ kind: 'declined' });
  });
});
