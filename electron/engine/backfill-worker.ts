import { parentPort, workerData } from 'node:worker_threads';
import type { BackfillWorkerData, FromBackfillWorker, ToBackfillWorker } from './backfill/backfill-protocol';
import { startBackfillWorkerLoop } from './backfill/scan-worker-loop';

/**
 * Entry of a backfill worker thread: owns its own connection pool and a disjoint random
 * set of scan segments, reads and writes them (see scan-worker-loop.ts), and tells the
 * job about every page.
 */
const port = parentPort;
if (!port) throw new Error('backfill-worker must run as a worker thread');
const loop = startBackfillWorkerLoop(workerData as BackfillWorkerData, (message: FromBackfillWorker) => port.postMessage(message));
port.on('message', (message: ToBackfillWorker) => loop.onMessage(message));
port.postMessage({ type: 'ready' } satisfies FromBackfillWorker);
