import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromJobWorker, JobWorkerData, ToJobWorker } from './job/hosted-job-protocol';
import { createLoadJob } from './job/load-job';
import type { LifecycleJob } from './lifecycle/lifecycle-job';

/**
 * Entry of a load job's worker thread: runs one load job (reading, mapping, batching,
 * checkpoints, its sender workers) off the main thread, steered by messages from its
 * proxy (`WorkerHostedJob`). The main thread thus never parses a record, and the job's
 * heap has limits of its own (see worker-hosted-job.ts).
 */
const data = workerData as JobWorkerData;
if (!parentPort) throw new Error('load-job-worker must run as a worker thread');
const port: MessagePort = parentPort;

/** How often a running job's snapshot is sent between its updates. */
const SNAPSHOT_EVERY_MS = 250;

const post = (message: FromJobWorker) => port.postMessage(message);
let historySent = false;

const job: LifecycleJob = createLoadJob({
  id: data.id,
  spec: data.spec,
  directory: data.directory,
  target: data.target,
  workerScripts: data.workerScripts,
  bucket: data.bucket,
  onUpdate: (update) => {
    // The history goes once, with the first state change (a resumed job starts with its earlier ticks); after that each tick travels alone.
    const history = !historySent && update.kind === 'state' ? job.tickHistory() : null;
    if (history) historySent = true;
    post({ type: 'update', update, snapshot: job.snapshot(), ...(history ? { ticks: history } : {}) });
  },
});

port.on('message', (message: ToJobWorker) => {
  switch (message.type) {
    case 'run':
      void run(message.resume);
      break;
    case 'pause':
      job.pause(message.reason);
      break;
    case 'resume':
      job.resume();
      break;
    case 'stop':
      job.stop();
      break;
    case 'set-rate':
      job.setRate(message.wcuPerSecond);
      break;
    case 'set-mode':
      job.setMode(message.mode);
      break;
    case 'set-cost-ceiling':
      job.setCostCeiling(message.maxCostUsd);
      break;
  }
});

async function run(resume: boolean): Promise<void> {
  const refresh = setInterval(() => post({ type: 'snapshot', snapshot: job.snapshot() }), SNAPSHOT_EVERY_MS);
  try {
    await job.run(resume);
  } finally {
    clearInterval(refresh);
    post({ type: 'ended', snapshot: job.snapshot(), report: job.finalReport() });
    port.close();
  }
}
