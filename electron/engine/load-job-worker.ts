import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { FromJobWorker, JobWorkerData, ToJobWorker } from './job/hosted-job-protocol';
import { LoadJob } from './job/load-job';

/**
 * Entry of a load job's worker thread: runs one LoadJob (reading, mapping, batching,
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

const job: LoadJob = new LoadJob({
  id: data.id,
  spec: data.spec,
  directory: data.directory,
  target: data.target,
  workerScripts: data.workerScripts,
  bucket: data.bucket,
  onUpdate: (update) => {
    post({ type: 'update', update, snapshot: job.snapshot(), ...(update.kind === 'state' ? { ticks: job.tickHistory() } : {}) });
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
    post({ type: 'ended', snapshot: job.snapshot(), ticks: job.tickHistory(), report: job.finalReport() });
    port.close();
  }
}
