import type { Worker } from 'node:worker_threads';
import { totalsOfKind, type BackfillTotals } from '../../../shared/job-status';
import { isReadOnlyOperation, type BackfillJobSpec } from '../../../shared/backfill-spec';
import type { ClientTarget } from '../dynamo/client-target';
import type { Governor } from '../governor/governor';
import type { LifecycleHooks } from '../lifecycle/job-work';
import { NEW_THREADS, type JobThreads } from '../lifecycle/job-threads';
import type { ShardRecord } from '../shard/shard';
import type { ShardEvents, ShardExecutor } from '../shard/shard-executor';
import type { RejectsFile } from '../lifecycle/rejects-file';
import type { BackfillWorkerData, FailedItem, FromBackfillWorker, PageDone, PageRead, SegmentStart, ToBackfillWorker } from './backfill-protocol';
import type { OutputFile } from './output-file';
import type { TrialSample } from './trial-projection';
import type { WireItem } from './wire-item';
import { rejectLimitError } from '../lifecycle/reject-limit';

/** One segment's durable progress. Pristine segments (not started) are left out of the checkpoint. */
export interface SegmentCheckpoint {
  segment: number;
  /** ExclusiveStartKey of the first page not yet settled; null: the beginning. */
  key: WireItem | null;
  done: boolean;
  /** Keys the job planned to change in pages after `key`: their writes may have happened. */
  replay: string[];
}

/** A backfill shard's checkpoint: its segments that have begun. */
export type BackfillShardCheckpoint = SegmentCheckpoint[];

interface PageRecord {
  read: PageRead;
  done: PageDone | null;
  /** Its planned keys are in a durable checkpoint, so its writes may go. */
  durable: boolean;
  worker: Worker;
}

interface SegmentTrack {
  shardId: string;
  key: WireItem | null;
  done: boolean;
  replay: Set<string>;
  /** Pages read and not yet settled into the totals, in scan order. */
  pages: PageRecord[];
}

interface WorkerHandle {
  worker: Worker;
  shardIds: string[];
  finished: boolean;
}

/** What the executor runs with, set by the backfill's `prepare`. */
export interface BackfillRun {
  spec: BackfillJobSpec;
  target: ClientTarget;
  copyTarget: ClientTarget | null;
  script: string;
  keyNames: string[];
  targetKeyNames: string[] | null;
  totalSegments: number;
  seed: number;
  trial: TrialSample | null;
  rejects: RejectsFile;
  output: OutputFile | null;
  readGovernor: Governor;
  writeGovernor: Governor;
  /** The highest write rate the job expects (the fixed rate, or a mode's ceiling): each worker buffers about a second of it. */
  bufferWcuPerSecond: number;
  /** Where its scan threads come from (a fleet worker keeps them between shards). */
  threads?: JobThreads;
}

/**
 * Runs a backfill's shards (sets of scan segments), one scan worker per shard. Pages come
 * back read and planned; a page's writes start only once its planned keys are in a
 * durable checkpoint (`releaseSaved`). Totals count only pages settled in order per
 * segment, so a checkpoint's totals always match its segments' positions. After a crash
 * the pages beyond a segment's position are read again; an item the job had planned to
 * change and that now shows the change is counted as changed, since the job's own write
 * landed before the crash.
 */
export class BackfillExecutor implements ShardExecutor<BackfillShardCheckpoint> {
  private run_: BackfillRun | null = null;
  private readonly workers: WorkerHandle[] = [];
  private readonly tracks = new Map<number, SegmentTrack>();
  private readonly pageIndex = new Map<string, PageRecord>();
  private events: ShardEvents<BackfillShardCheckpoint> | null = null;
  private terminated = false;
  private inFlightScanned = 0;
  private allFinished: () => void = () => undefined;

  /** The lifecycle's totals, as a backfill's. */
  private readonly totals: BackfillTotals;

  constructor(private readonly hooks: LifecycleHooks<BackfillShardCheckpoint>) {
    this.totals = totalsOfKind('backfill', hooks.totals);
  }

  attach(run: BackfillRun): void {
    this.run_ = run;
  }

  /** Tracks the segments of the plan, from each shard's checkpoint (resume) or from the start. */
  trackShards(shards: readonly ShardRecord<BackfillShardCheckpoint>[]): void {
    for (const shard of shards) {
      if (shard.input.kind !== 'scan-segments') throw new Error(`A backfill cannot run a ${shard.input.kind} shard`);
      const saved = new Map((shard.checkpoint ?? []).map((s) => [s.segment, s]));
      for (const segment of shard.input.segments) {
        const s = saved.get(segment);
        this.tracks.set(segment, { shardId: shard.id, key: s?.key ?? null, done: shard.state === 'done' || (s?.done ?? false), replay: new Set(s?.replay ?? []), pages: [] });
      }
    }
  }

  /** Segments finished, out of all tracked. */
  segmentProgress(): { done: number; total: number } {
    let done = 0;
    for (const track of this.tracks.values()) if (track.done) done++;
    return { done, total: this.tracks.size };
  }

  /** Items scanned in pages not yet settled (shown live, counted once settled). */
  scannedInFlight(): number {
    return this.inFlightScanned;
  }

  /** Pages waiting for their writes. */
  pagesInFlight(): number {
    return this.pageIndex.size;
  }

  async run(shards: readonly ShardRecord<BackfillShardCheckpoint>[], events: ShardEvents<BackfillShardCheckpoint>): Promise<void> {
    const run = this.run_;
    if (!run) throw new Error('The backfill was not prepared');
    this.events = events;
    const finished = new Promise<void>((resolve) => (this.allFinished = resolve));
    const ready: Promise<void>[] = [];
    const count = shards.length;
    shards.forEach((shard, index) => {
      const segments: SegmentStart[] = [];
      for (const [segment, track] of this.tracks) {
        if (track.shardId === shard.id && !track.done) segments.push({ segment, startKey: track.key, replayKeys: [...track.replay] });
      }
      if (segments.length === 0) {
        events.finished(shard.id, { state: 'done', counts: { read: 0, written: 0, rejected: 0 }, error: null });
        return;
      }
      events.started(shard.id);
      const data: BackfillWorkerData = {
        workerIndex: index, target: run.target, copyTarget: run.copyTarget, spec: run.spec,
        keyNames: run.keyNames, targetKeyNames: run.targetKeyNames, totalSegments: run.totalSegments, segments,
        readBucket: run.readGovernor.bucket.buffer, writeBucket: run.writeGovernor.bucket.buffer,
        trial: run.trial !== null, seed: run.seed + index + 1,
        maxBufferedItems: Math.max(2_000, Math.ceil(run.bufferWcuPerSecond / count)),
      };
      const worker = (run.threads ?? NEW_THREADS).start(run.script, data);
      const handle: WorkerHandle = { worker, shardIds: [shard.id], finished: false };
      this.workers.push(handle);
      ready.push(new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => (this.terminated ? resolve() : reject(new Error(`A backfill worker stopped before it was ready (exit code ${code})`))));
        worker.on('message', (message: FromBackfillWorker) => {
          if (message.type === 'ready') resolve();
          else this.onMessage(handle, message);
        });
      }));
      worker.on('error', (error) => this.hooks.fail({ name: 'WorkerCrashed', message: `A backfill worker crashed: ${error.message}` }));
      // A worker stays alive until the job terminates it: any other exit, even without an error, is a crash.
      worker.on('exit', (code) => {
        if (!this.terminated) this.hooks.fail({ name: 'WorkerCrashed', message: `A backfill worker stopped unexpectedly (exit code ${code})` });
      });
    });
    if (this.workers.length === 0) return;
    await Promise.all(ready);
    if (this.pageIndex.size > 0) this.hooks.checkpointSoon();
    await finished;
  }

  stop(): void {
    for (const w of this.workers) w.worker.postMessage({ type: 'stop' } satisfies ToBackfillWorker);
    if (this.workers.every((w) => w.finished)) this.allFinished();
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    // A thread that finished (nothing in flight) may serve another job; the others end now.
    const threads = this.run_?.threads ?? NEW_THREADS;
    await Promise.all(this.workers.map((w) => threads.end(w.worker, w.finished)));
    // Pages not settled stay pending: their items are read again by a resume.
    this.inFlightScanned = 0;
    this.allFinished();
  }

  /**
   * Reports each shard's checkpoint (its segments' settled positions and planned writes)
   * and returns the pages whose plans this checkpoint makes durable; call `release` with
   * them once it is on disk.
   */
  checkpointShards(): PageRecord[] {
    const releasing = [...this.pageIndex.values()].filter((p) => !p.durable);
    const byShard = new Map<string, SegmentCheckpoint[]>();
    for (const [segment, track] of this.tracks) {
      const replay = new Set(track.replay);
      for (const page of track.pages) for (const key of page.read.plannedKeys) replay.add(key);
      const list = byShard.get(track.shardId) ?? [];
      byShard.set(track.shardId, list);
      if (!track.done && track.key === null && replay.size === 0) continue;
      list.push({ segment, key: track.key, done: track.done, replay: [...replay] });
    }
    for (const [shardId, segments] of byShard) this.events?.checkpoint(shardId, segments);
    return releasing;
  }

  /** Lets the writes of pages whose plans are now durable go. */
  release(pages: PageRecord[]): void {
    const byWorker = new Map<Worker, string[]>();
    for (const page of pages) {
      page.durable = true;
      const list = byWorker.get(page.worker) ?? [];
      list.push(page.read.pageId);
      byWorker.set(page.worker, list);
    }
    if (this.terminated) return;
    for (const [worker, pageIds] of byWorker) worker.postMessage({ type: 'release', pageIds } satisfies ToBackfillWorker);
  }

  private onMessage(handle: WorkerHandle, message: FromBackfillWorker): void {
    const { aggregator } = this.hooks;
    const totals = this.totals;
    switch (message.type) {
      case 'page':
        this.onPage(handle, message.page);
        break;
      case 'page-done':
        this.onPageDone(message.done);
        break;
      case 'throttle':
        (message.side === 'read' ? this.run_!.readGovernor : this.run_!.writeGovernor).throttled();
        aggregator.addThrottle(message.reasons, 1);
        totals.throttled++;
        for (const reason of message.reasons) this.hooks.throttlesByReason[reason] = (this.hooks.throttlesByReason[reason] ?? 0) + 1;
        break;
      case 'retry':
        totals.retried++;
        aggregator.addRetried(1);
        break;
      case 'fatal':
        this.hooks.fail(message.error);
        break;
      case 'finished':
        handle.finished = true;
        for (const shardId of handle.shardIds) this.finishShardIfDone(shardId);
        if (this.workers.every((w) => w.finished)) this.allFinished();
        break;
      default:
        break;
    }
  }

  private finishShardIfDone(shardId: string): void {
    for (const track of this.tracks.values()) if (track.shardId === shardId && (!track.done || track.pages.length > 0)) return;
    this.events?.checkpoint(shardId, this.shardSegments(shardId));
    this.events?.finished(shardId, { state: 'done', counts: { read: 0, written: 0, rejected: 0 }, error: null });
  }

  private shardSegments(shardId: string): SegmentCheckpoint[] {
    const out: SegmentCheckpoint[] = [];
    for (const [segment, track] of this.tracks) if (track.shardId === shardId) out.push({ segment, key: track.key, done: track.done, replay: [...track.replay] });
    return out;
  }

  private onPage(handle: WorkerHandle, page: PageRead): void {
    const track = this.tracks.get(page.segment);
    if (!track) return;
    const record: PageRecord = { read: page, done: null, durable: page.plannedKeys.length === 0, worker: handle.worker };
    if (page.plannedKeys.length === 0) record.done = { pageId: page.pageId, changed: 0, skipped: 0, failed: [], consumedWcu: 0, retried: 0, latenciesMs: [] };
    track.pages.push(record);
    this.inFlightScanned += page.scanned + (page.leftover?.absent ?? 0);
    this.hooks.aggregator.addRead(page.scanned);
    this.totals.consumedRcu += page.consumedRcu;
    this.hooks.aggregator.addConsumedRcu(page.consumedRcu);
    const t = this.run_!.trial;
    if (t) {
      t.scanned += page.scanned;
      t.wouldChange += page.trialWrites;
      t.wouldWcu += page.trialWcu;
      t.unchanged += page.unchanged + page.matched;
      t.failed += page.failed.length;
      t.consumedRcu += page.consumedRcu;
      for (const e of page.examples) if (t.examples.length < 5) t.examples.push(e);
    }
    if (!record.durable) {
      this.pageIndex.set(page.pageId, record);
      this.hooks.checkpointSoon();
    }
    this.settle(track);
  }

  private onPageDone(done: PageDone): void {
    const record = this.pageIndex.get(done.pageId);
    if (!record) return;
    this.pageIndex.delete(done.pageId);
    record.done = done;
    this.totals.consumedWcu += done.consumedWcu;
    this.hooks.aggregator.addConsumedWcu(done.consumedWcu);
    this.hooks.aggregator.addLatencies(done.latenciesMs);
    this.settle(this.tracks.get(record.read.segment)!);
  }

  /** Moves a segment's leading finished pages into the totals, in scan order. */
  private settle(track: SegmentTrack): void {
    const run = this.run_!;
    const readOnly = isReadOnlyOperation(run.spec.operation);
    while (track.pages.length > 0 && track.pages[0]!.done) {
      const { read, done } = track.pages.shift()!;
      const t = this.totals;
      const changed = done!.changed + read.replayChanged + (readOnly ? read.matched : 0);
      t.read += read.scanned;
      t.unchanged += read.unchanged + read.trialWrites + (readOnly ? 0 : read.matched);
      t.written += changed;
      t.skipped += done!.skipped;
      for (const f of [...read.failed, ...done!.failed]) this.reject(f);
      this.inFlightScanned -= read.scanned + (read.leftover?.absent ?? 0);
      this.hooks.aggregator.addWritten(changed);
      for (const item of read.found) run.output?.addLine(JSON.stringify(item));
      for (const key of read.replaySeen) track.replay.delete(key);
      track.key = read.nextKey;
      if (read.nextKey === null) {
        track.done = true;
        if (read.leftover) this.settleLeftovers(read.leftover);
        track.replay.clear();
      }
    }
  }

  /** Replay keys a segment never met again: deleted (gone from the scan) or filtered out of it. */
  private settleLeftovers(leftover: { absent: number; present: number }): void {
    const t = this.totals;
    const deleting = this.run_!.spec.operation.kind === 'delete-where';
    t.read += leftover.absent;
    if (deleting) t.written += leftover.absent;
    else t.skipped += leftover.absent;
    // Present items were scanned and filtered out (counted unchanged); the job's write made them so, or an organic one kept them.
    const present = Math.min(leftover.present, t.unchanged);
    t.unchanged -= present;
    if (deleting) t.skipped += present;
    else t.written += present;
  }

  private reject(failed: FailedItem): void {
    const run = this.run_!;
    run.rejects.add({ file: run.spec.table, line: 0, ordinal: 0, key: failed.key, reason: failed.reason, raw: failed.raw });
    this.totals.rejected++;
    this.hooks.aggregator.addRejected(1);
    const error = rejectLimitError(run.spec, this.totals.rejected);
    if (error) this.hooks.fail(error);
  }
}
