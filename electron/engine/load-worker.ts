import { parentPort, workerData } from 'node:worker_threads';
import { createDynamoClient } from './dynamo/client-target';
import { SharedTokenBucket } from './governor/token-bucket';
import type { RunMessage } from './lifecycle/job-threads';
import { sdkTransport, type BatchWriteTransport } from './writer/batch-write-transport';
import { leanTransport } from './writer/lean-transport';
import { writeBatch } from './writer/batch-writer';
import { createLeanHttp, type LeanHttp } from './dynamo/lean-http';
import { writeItemByItem } from './writer/item-by-item-writer';
import { decodeBatchMessage, encodeWrittenOutcome, type FromWriter, type ToWriter, type WriterWorkerData } from './writer/worker-protocol';

/**
 * Entry of a sender worker thread: owns one DynamoDB client with its own keep-alive pool,
 * writes the batches the job manager hands it, and reports each batch's outcome. A thread
 * kept between jobs (a fleet worker's shards, lifecycle/job-threads.ts) gets its next run
 * as a 'run' message and starts afresh with that run's client.
 */
const port = parentPort;
if (!port) throw new Error('load-worker must run as a worker thread');
const post = (message: FromWriter) => port.postMessage(message);

/** One run's sender: its client, its bucket, its batches in flight. */
interface SenderRun {
  onMessage(message: ToWriter): void;
  close(): void;
}

function startSender(data: WriterWorkerData): SenderRun {
  /**
   * Replace goes out as BatchWriteItem over the chosen transport; insert-only and merge are
   * one call per item, always on the lean client (per-request CPU is what decides their speed).
   */
  const itemByItem: { mode: Exclude<WriterWorkerData['writeMode'], 'replace'>; http: LeanHttp } | null =
    data.writeMode === 'replace' ? null : { mode: data.writeMode, http: createLeanHttp(data.target, { maxSockets: data.maxSockets }) };
  const transport: BatchWriteTransport | null = itemByItem
    ? null
    : data.transport === 'lean'
      ? leanTransport(data.target, { maxSockets: data.maxSockets })
      : sdkTransport(createDynamoClient(data.target, { maxSockets: data.maxSockets }));
  const bucket = SharedTokenBucket.attach(data.bucket);
  let inFlight = 0;
  let draining = false;
  return {
    close() {
      itemByItem?.http.destroy();
      transport?.destroy();
    },
    onMessage(message) {
      if (typeof message !== 'string') {
        draining = true;
        if (inFlight === 0) post({ type: 'drained' });
        return;
      }
      const batch = decodeBatchMessage(message);
      inFlight++;
      const options = { table: data.table, keyAttributes: data.keyAttributes, maxTransientAttempts: data.maxTransientAttempts };
      const events = {
        onThrottle: (reasons: string[], items: number) => {
          bucket.drain();
          post({ type: 'throttle', reasons, items });
        },
        onRetry: (reason: string) => post({ type: 'retry', reason }),
      };
      const written = itemByItem ? writeItemByItem(itemByItem.http, bucket, batch, itemByItem.mode, options, events) : writeBatch(transport!, bucket, batch, options, events);
      void written.then(
        (outcome) => {
          inFlight--;
          post(encodeWrittenOutcome(outcome, batch.entries.length) ?? { type: 'outcome', outcome });
          if (draining && inFlight === 0) post({ type: 'drained' });
        },
        (error: unknown) => {
          inFlight--;
          post({
            type: 'outcome',
            outcome: {
              id: batch.id, written: [], skipped: [], rejected: [], unsent: batch.entries.map((e) => e.ordinal), consumedWcu: 0, retried: 0, latenciesMs: [],
              fatal: { name: 'InternalError', message: error instanceof Error ? error.message : String(error) },
            },
          });
        },
      );
    },
  };
}

let current: SenderRun | null = null;
function run(data: WriterWorkerData): void {
  current?.close();
  current = startSender(data);
  post({ type: 'ready' });
}

port.on('message', (message: ToWriter | RunMessage<WriterWorkerData>) => {
  if (typeof message !== 'string' && message.type === 'run') run(message.data);
  else current?.onMessage(message);
});
if (workerData) run(workerData as WriterWorkerData);
