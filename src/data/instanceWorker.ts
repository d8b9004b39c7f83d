/**
 * Web worker that fetches Part-10 files and reads them (src/data/readInstance.ts), so the page's main thread
 * only receives finished pixels and a small attribute record. Pixel buffers are transferred, not copied.
 * No DOM, no Cornerstone.
 */
import type { InstanceRequest, InstanceResponse } from './instanceWorkerProtocol.ts';
import { buffersOf, readInstance } from './readInstance.ts';

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
  const read = await readInstance(bytes);
  const transfer: Transferable[] = read.decoded
    ? [read.decoded.pixels.buffer as ArrayBuffer]
    : buffersOf(read.naturalized.PixelData);
  return {
    message: {
      id,
      ok: true,
      naturalized: read.naturalized,
      decoded: read.decoded,
      declined: read.declined,
      fetchMs: fetched - started,
      readMs: performance.now() - fetched,
    },
    transfer,
  };
}
