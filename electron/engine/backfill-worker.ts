import { parentPort, workerData } from 'node:worker_threads';
import type { BackfillWorkerData, FromBackfillWorker, ToBackfillWorker } from './backfill/backfill-protocol';
import { startBackfillWorkerLoop, type BackfillWorkerLoop } from './backfill/scan-worker-loop';

/**
 * Entry of a backfill worker thread: owns its own connection pool and a disjoint random
 * set of scan segments, reads and writes them (see scan-worker-loop.ts), and tells the
 * job about every page. A thread kept between jobs (a fleet worker's shards,
 * lifecycle/job-threads.ts) gets its next run as a 'run' message and starts afresh.
 */
const port = parentPort;
if (!port) throw new Error('backfill-worker must run as a worker thread');
const post = (message: FromBackfillWorker) => port.postMessage(message);
let loop: BackfillWorkerLoop | null = null;

function run(data: BackfillWorkerData): void {
  loop?.close();
  loop = startBackfillWorkerLoop(data, post);
  post({ type: 'ready' });
}

port.on('message', (message: ToBackfillWorker) => {
  if (message.type === 'run') run(message.data);
  else loop?.onMessage(message);
});
if (workerData) run(workerData as BackfillWorkerData);
