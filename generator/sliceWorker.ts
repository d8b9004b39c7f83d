// Worker-thread entry: builds the phantom once, then runs slice tasks posted by WorkerPool.
// Must stay free of file output; it only computes pixels.
import { parentPort } from 'node:worker_threads';
import { buildPhantom } from './buildPhantom.ts';
import { runSliceTask, type SliceResult, type SliceTask } from './synthesizeSlice.ts';

const built = buildPhantom();

function transferables(result: SliceResult): ArrayBuffer[] {
  switch (result.kind) {
    case 'ct':
      return [result.clean.buffer as ArrayBuffer, result.stored.buffer as ArrayBuffer];
    case 'projection':
      return [result.clean.buffer as ArrayBuffer];
    case 'mr':
      return [result.t1.buffer as ArrayBuffer, result.t2.buffer as ArrayBuffer];
  }
}

parentPort?.on('message', (message: { id: number; task: SliceTask }) => {
  const result = runSliceTask(built, message.task);
  parentPort?.postMessage({ id: message.id, result }, transferables(result));
});
