/**
 * Web worker that fetches Part-10 files and reads them (src/data/readInstance.ts), so the page's main thread
 * only receives finished pixels and a small attribute record. Pixel buffers are transferred, not copied.
 * No DOM, no Cornerstone.
 */
import type { InstanceRequest, InstanceResponse } from './instanceWorkerProtocol.ts';
import { readInstance } from './readInstance.ts';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<InstanceRequest>) => void) | null;
  postMessage(message: InstanceResponse, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { id, url } = event.data;
  handle(id, url).then(
    ({ message, transfer }) => scope.postMessage(message, transfer),
    (error: unknown) =>
      scope.postMessage(
        { id, ok: false, message: error instanceof Error ? error.message : String(error) },
        [],
      ),
  );
};

async function handle(
  id: number,
  url: string,
): Promise<{ message: InstanceResponse; transfer: Transferable[] }> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error('network error (no response)');
  }
  if (!response.ok)
    throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  const bytes = await response.arrayBuffer();
  const fetched = performance.now();
  const read = readInstance(new Uint8Array(bytes));
  const times = { fetchMs: fetched - started, readMs: performance.now() - fetched };
  if (read.kind === 'declined') {
    return {
      message: { id, ok: true, kind: 'declined', reason: read.reason, file: bytes, ...times },
      transfer: [bytes],
    };
  }
  return {
    message: {
      id,
      ok: true,
      kind: 'decoded',
      naturalized: read.naturalized,
      decoded: read.decoded,
      ...times,
    },
    transfer: [read.decoded.pixels.buffer as ArrayBuffer],
  };
}
