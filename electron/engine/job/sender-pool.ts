import type { Worker } from 'node:worker_threads';
import type { ErrorInfo } from '../../../shared/job-status';
import { NEW_THREADS, type JobThreads } from '../lifecycle/job-threads';
import { decodeWrittenOutcome, type BatchOutcome, type FromWriter, type ToWriter, type WriterWorkerData } from '../writer/worker-protocol';

/**
 * A sender worker holds at most its in-flight batches; small heaps make V8 collect early
 * instead of growing, which keeps a long load's memory flat (bench/load-control.ts).
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };

/** What the pool tells the load as batches come back. */
export interface SenderPoolEvents {
  /** A batch settled; `ordinals` are the batch's, as sent. */
  outcome(outcome: BatchOutcome): void;
  throttle(reasons: string[], items: number): void;
  /** A transient error was retried (the retry is counted in the batch's outcome). */
  retry(reason: string): void;
  /** A worker died or failed: the job must fail. */
  fatal(error: ErrorInfo): void;
}

interface Sender {
  worker: Worker;
  inFlight: number;
}

/**
 * The sender workers of a load: each owns a DynamoDB client and its keep-alive pool and
 * writes the batches it is handed. The pool hands a batch to the least busy worker,
 * holds the caller back while `threads x capacityPerWorker` batches are out
 * (backpressure), and treats any exit of a worker it did not terminate as a crash.
 */
export class SenderPool {
  private readonly senders: Sender[] = [];
  private readonly waiters: (() => void)[] = [];
  private outstanding = 0;
  private terminating = false;
  /** Ordinals of each batch out, for outcomes that come back as a short string. */
  private readonly ordinalsOf = new Map<number, number[]>();

  /** `threads`: where its threads come from (a fleet worker keeps them between shards). */
  constructor(private readonly script: string, private readonly capacityPerWorker: number, private readonly events: SenderPoolEvents, private readonly threads: JobThreads = NEW_THREADS) {}

  /** Starts `count` workers and resolves when all are ready; rejects when one fails to start. */
  async start(count: number, data: WriterWorkerData): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = this.threads.start(this.script, data, WORKER_HEAP_LIMITS);
      const sender: Sender = { worker, inFlight: 0 };
      this.senders.push(sender);
      ready.push(new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`A sender worker exited before it was ready (exit code ${code})`)));
        worker.on('message', (message: FromWriter) => {
          if (typeof message !== 'string' && message.type === 'ready') resolve();
          else this.onMessage(sender, message);
        });
      }));
      worker.on('error', (error) => this.events.fatal({ name: 'WorkerCrashed', message: `A sender worker crashed: ${error.message}` }));
      worker.on('exit', (code) => {
        if (!this.terminating) this.events.fatal({ name: 'WorkerCrashed', message: `A sender worker stopped unexpectedly (exit code ${code})` });
      });
    }
    await Promise.all(ready);
  }

  get size(): number {
    return this.senders.length;
  }

  /** Batches out and not settled. */
  get inFlight(): number {
    return this.outstanding;
  }

  /** Waits for room, then hands the batch (its `encodeBatchMessage` text) to the least busy worker. */
  async send(batch: { id: number; ordinals: number[]; message: string }): Promise<void> {
    const capacity = this.senders.length * this.capacityPerWorker;
    while (this.outstanding >= capacity && !this.terminating) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.terminating) throw new Error('The sender workers were stopped');
    let best = this.senders[0]!;
    for (const s of this.senders) if (s.inFlight < best.inFlight) best = s;
    best.inFlight++;
    this.outstanding++;
    this.ordinalsOf.set(batch.id, batch.ordinals);
    best.worker.postMessage(batch.message satisfies ToWriter);
  }

  /** Resolves once every batch out has settled (or the pool was terminated). */
  async drain(): Promise<void> {
    while (this.outstanding > 0 && !this.terminating) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Ends every worker now; batches out stay unsettled (pending in the checkpoint). */
  async terminate(): Promise<void> {
    this.terminating = true;
    for (const waiter of this.waiters.splice(0)) waiter();
    // A sender with no batch out may serve another job; the others end now.
    await Promise.all(this.senders.map((s) => this.threads.end(s.worker, s.inFlight === 0)));
  }

  private onMessage(sender: Sender, message: FromWriter): void {
    if (typeof message === 'string') {
      this.settled(sender, decodeWrittenOutcome(message, (id) => this.ordinalsOf.get(id) ?? []));
      return;
    }
    switch (message.type) {
      case 'outcome':
        this.settled(sender, message.outcome);
        break;
      case 'throttle':
        this.events.throttle(message.reasons, message.items);
        break;
      case 'retry':
        this.events.retry(message.reason);
        break;
      default:
        break;
    }
  }

  private settled(sender: Sender, outcome: BatchOutcome): void {
    sender.inFlight--;
    this.outstanding--;
    this.ordinalsOf.delete(outcome.id);
    try {
      this.events.outcome(outcome);
    } catch (error) {
      this.events.fatal({ name: (error as Error).name ?? 'Error', message: `Settling a batch failed: ${(error as Error).message ?? String(error)}` });
    } finally {
      this.waiters.shift()?.();
    }
  }
}
