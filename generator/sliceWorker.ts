// Worker-thread entry: builds the phantom once, then runs slice jobs posted by WorkerPool.
// Must stay free of file output; it only computes pixels and encodes bytes.
import { parentPort } from 'node:worker_threads';
import { buildPhantom } from './buildPhantom.ts';
import { runSliceJob, type SliceJob, transferList } from './runSliceJob.ts';

const built = buildPhantom();

parentPort?.on('message', (message: { id: number; job: SliceJob }) => {
  const result = runSliceJob(built, message.job);
  parentPort?.postMessage({ id: message.id, result }, transferList(result));
});
