import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LoadJobSpec } from '../../../shared/job-spec';
import { totalsOfKind, type ErrorInfo, type LoadTotals } from '../../../shared/job-status';
import { BatchBuilder, type Batch, type SourcedBatchInput } from '../batching/batch-builder';
import { SeenKeys } from '../batching/seen-keys';
import type { OrdinalSet } from '../checkpoint/ordinal-set';
import type { LifecycleHooks } from '../lifecycle/job-work';
import { keyTextOf, type MappedRecord, type RecordMapper } from '../mapping/record-mapper';
import type { ShardRecord } from '../shard/shard';
import type { ShardEvents, ShardExecutor } from '../shard/shard-executor';
import type { RecordSource, SourceEntry } from '../source/open-record-source';
import { encodeBatchMessage, type BatchOutcome, type RejectedEntry } from '../writer/worker-protocol';
import type { RejectsFile } from '../lifecycle/rejects-file';
import { rejectLimitError } from '../lifecycle/reject-limit';
import type { SenderPool } from './sender-pool';
import { foreignMessage } from '../../../shared/report/reject-reasons';

type SourcedBatch = Pick<Batch<SourcedBatchInput>, 'id' | 'entries'>;

/**
 * A batch handed to a sender worker, as the job keeps it until its outcome arrives: only
 * where each record came from, in flat arrays. Records in flight live longer than the
 * young generation's collections are apart; kept as objects (the record, its text, its
 * key) they were all promoted to the old generation, some 300 bytes a record, which made
 * V8 collect the old generation many times a second. A record the table refuses is
 * rebuilt from its item (sent back by the worker) and its text read again from the file.
 */
interface SentBatch {
  ordinals: number[];
  files: string[];
  lines: number[];
  offsets: number[];
}

/** What a load's executor runs with, made by the load's `prepare`. */
export interface LoadRun {
  spec: LoadJobSpec;
  source: RecordSource;
  mapper: RecordMapper;
  keyAttributes: string[];
  rejects: RejectsFile;
  /** Finished ordinals (written or rejected): the load's resume point. */
  done: OrdinalSet;
  pool: SenderPool;
}

/** Retry log lines at most this often; every retry is counted in the ticks. */
const RETRY_LOG_EVERY_MS = 10_000;

/**
 * Runs a load's byte-range shards: reads records (spread over all shards, so sorted
 * input does not make a hot partition), maps them, rejects what cannot be mapped,
 * batches the rest without duplicate keys and hands the batches to the sender pool; then
 * settles each outcome into the totals. A record whose mapping throws is a rejected
 * record with the error's words, never a failure of the job. Every shard it runs ends
 * done when the whole input was read and settled.
 */
export class LoadExecutor implements ShardExecutor<null> {
  private run_: LoadRun | null = null;
  private stopped = false;
  private readAll = false;
  private nextBatchId = 1;
  private readonly inFlightBatches = new Map<number, SentBatch>();
  /** Refused records whose text is being read again for the rejects file. */
  private readonly lateRejects = new Set<Promise<void>>();
  private readonly seenKeys = new SeenKeys();
  private warnedSaturated = false;
  private retryLog = { count: 0, lastAtMs: 0 };

  /** The lifecycle's totals, as a load's. */
  private readonly totals: LoadTotals;

  constructor(private readonly hooks: LifecycleHooks<null>) {
    this.totals = totalsOfKind('load', hooks.totals);
  }

  /** Hands the executor what `prepare` opened. */
  attach(run: LoadRun): void {
    this.run_ = run;
  }

  /** True once every record of the input has been read (none left unread). */
  hasReadAll(): boolean {
    return this.readAll;
  }

  /** Batches out. */
  inFlight(): number {
    return this.run_?.pool.inFlight ?? 0;
  }

  /** Pool events: outcomes settle records, throttles reach the governor through the load. */
  poolEvents(throttled: (reasons: string[], items: number) => void) {
    return {
      outcome: (outcome: BatchOutcome) => this.settle(outcome),
      throttle: throttled,
      retry: (reason: string) => this.retried(reason),
      fatal: (error: ErrorInfo) => this.hooks.fail(error),
    };
  }

  async run(shards: readonly ShardRecord<null>[], events: ShardEvents<null>): Promise<void> {
    const run = this.run_;
    if (!run) throw new Error('The load was not prepared');
    for (const shard of shards) events.started(shard.id);
    const builder = new BatchBuilder();
    const { aggregator } = this.hooks;
    const totals = this.totals;
    reading: for await (const entries of run.source.batches()) {
      totals.read += entries.length;
      aggregator.addRead(entries.length);
      for (const entry of entries) {
        if (this.stopped) break reading;
        if (entry.kind === 'error') {
          this.reject(entry, null, entry.reason);
          continue;
        }
        let mapped: MappedRecord;
        try {
          mapped = run.mapper.map(entry.fields, entry.attributeValues);
        } catch (error) {
          // The mapper promises never to throw for bad data; if it does, the record is still only a reject.
          mapped = { ok: false, reason: `the record cannot be mapped to an item: ${foreignMessage(error instanceof Error ? error.message : String(error))}` };
        }
        if (!mapped.ok) {
          this.reject(entry, null, mapped.reason);
          continue;
        }
        const result = builder.add({ ordinal: entry.ordinal, item: mapped.item, key: mapped.key, sizeBytes: mapped.sizeBytes, file: entry.file, line: entry.line, offset: entry.offset, raw: entry.raw });
        for (const superseded of result.superseded) {
          totals.duplicates++;
          this.reject(superseded, superseded.key, `duplicate key ${superseded.key}: superseded by line ${superseded.supersededByLine ?? '?'} in the same batch`);
        }
        for (const batch of result.batches) await this.dispatch(batch);
      }
      if (this.tooManyRejects()) break;
    }
    if (!this.stopped) {
      for (const batch of builder.flush()) await this.dispatch(batch);
      this.readAll = true;
    }
    await run.pool.drain();
    await this.waitForLateRejects();
    if (this.readAll && totals.read === totals.written + totals.rejected + totals.skipped) {
      for (const shard of shards) events.finished(shard.id, { state: 'done', counts: { read: totals.read, written: totals.written + totals.skipped, rejected: totals.rejected }, error: null });
    }
  }

  stop(): void {
    this.stopped = true;
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await this.run_?.pool.terminate();
    // A read that hangs (a stalled disk or object store) ends here too.
    await this.run_?.source.close();
    // Their batches stay pending: nothing of them is in the done set.
    this.inFlightBatches.clear();
    await this.waitForLateRejects();
  }

  /** Waits until every refused record is in the rejects file. */
  async waitForLateRejects(): Promise<void> {
    while (this.lateRejects.size > 0) await Promise.all(this.lateRejects);
  }

  /**
   * Inside a batch the later of two records with one key wins (the builder keeps it);
   * across batches the batch sent first wins, and later ones are rejected, so parallel
   * workers never race two versions of an item.
   */
  private async dispatch(batch: SourcedBatch): Promise<void> {
    const fresh = batch.entries.filter((entry) => {
      if (this.seenKeys.add(entry.key)) return true;
      this.totals.duplicates++;
      this.reject(entry, entry.key, `duplicate key ${entry.key}: a record with this key was already loaded by this job (this one is not written)`);
      return false;
    });
    if (this.seenKeys.saturated && !this.warnedSaturated) {
      this.warnedSaturated = true;
      this.hooks.log('warn', `Over ${this.seenKeys.size.toLocaleString('en-US')} distinct keys: from here on, duplicate keys are caught only inside one batch`);
    }
    if (fresh.length === 0) return;
    const n = fresh.length;
    const id = this.nextBatchId++;
    const sent: SentBatch = { ordinals: new Array<number>(n), files: new Array<string>(n), lines: new Array<number>(n), offsets: new Array<number>(n) };
    for (let i = 0; i < n; i++) {
      const e = fresh[i]!;
      sent.ordinals[i] = e.ordinal;
      sent.files[i] = e.file;
      sent.lines[i] = e.line;
      sent.offsets[i] = e.offset;
    }
    this.inFlightBatches.set(id, sent);
    // Each item is encoded once, into the message itself; the record objects are let go here.
    await this.run_!.pool.send({ id, ordinals: sent.ordinals, message: encodeBatchMessage(id, fresh) });
  }

  private settle(outcome: BatchOutcome): void {
    const { aggregator } = this.hooks;
    const totals = this.totals;
    const batch = this.inFlightBatches.get(outcome.id);
    if (!batch) return;
    this.inFlightBatches.delete(outcome.id);
    const done = this.run_!.done;
    for (const ordinal of outcome.written) done.add(ordinal);
    totals.written += outcome.written.length;
    aggregator.addWritten(outcome.written.length);
    // Insert-only: a key the table already holds is skipped, and settled.
    for (const ordinal of outcome.skipped) done.add(ordinal);
    totals.skipped += outcome.skipped.length;
    totals.consumedWcu += outcome.consumedWcu;
    aggregator.addConsumedWcu(outcome.consumedWcu);
    totals.retried += outcome.retried;
    aggregator.addRetried(outcome.retried);
    aggregator.addLatencies(outcome.latenciesMs);
    for (const r of outcome.rejected) this.rejectSent(batch, r);
    if (outcome.fatal) this.hooks.fail(outcome.fatal);
  }

  /** A transient error retried: counted in the ticks (by the batch's outcome); logged at most every 10 s. */
  private retried(reason: string): void {
    const log = this.retryLog;
    log.count++;
    const now = this.hooks.now();
    if (log.lastAtMs !== 0 && now - log.lastAtMs < RETRY_LOG_EVERY_MS) return;
    this.hooks.log('warn', `Retrying after transient errors (${log.count.toLocaleString('en-US')} so far; last: ${reason})`);
    log.lastAtMs = now;
  }

  /**
   * A record the table refused: its key from the item the worker sent back, its text read
   * again from the file. It counts as settled once its line is in the rejects file; until
   * then a checkpoint leaves it pending, and the job waits for it before it ends.
   */
  private rejectSent(batch: SentBatch, refused: RejectedEntry): void {
    const run = this.run_!;
    const at = batch.ordinals.indexOf(refused.ordinal);
    const file = at >= 0 ? batch.files[at]! : '?';
    const line = at >= 0 ? batch.lines[at]! : 0;
    let key: string | null = null;
    try {
      // Key values as the wire has them (binary stays base64 text, which is how key texts show it).
      key = keyTextOf(JSON.parse(refused.item) as Record<string, AttributeValue>, run.keyAttributes);
    } catch {
      // An item text that does not parse has no key to show; the reason still says why.
    }
    const readRaw = at >= 0 ? run.source.readRecordAt(file, batch.offsets[at]!).catch(() => refused.item) : Promise.resolve(refused.item);
    const late: Promise<void> = readRaw.then((raw) => {
      this.lateRejects.delete(late);
      this.reject({ ordinal: refused.ordinal, file, line, raw }, key, refused.reason);
    });
    this.lateRejects.add(late);
  }

  private reject(entry: Pick<SourceEntry, 'ordinal' | 'file' | 'line' | 'raw'>, key: string | null, reason: string): void {
    const run = this.run_!;
    run.rejects.add({ file: entry.file, line: entry.line, ordinal: entry.ordinal, key, reason, raw: entry.raw });
    run.done.add(entry.ordinal);
    this.totals.rejected++;
    this.hooks.aggregator.addRejected(1);
  }

  private tooManyRejects(): boolean {
    const error = rejectLimitError(this.run_!.spec, this.totals.rejected);
    if (!error) return false;
    this.hooks.fail(error);
    return true;
  }
}
