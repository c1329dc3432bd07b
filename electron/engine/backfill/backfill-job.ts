import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { changedTableOf, isDestructiveOperation, isReadOnlyOperation, type BackfillJobSpec, type BackfillTrialResult } from '../../../shared/backfill-spec';
import { readSpendMeter, type MeterBilling } from '../../../shared/cost';
import type { JobReport } from '../../../shared/job-report';
import type { ErrorInfo, JobCost, JobSnapshot, JobState, JobTick, JobTotals } from '../../../shared/job-status';
import { emptyTotals, isFinalState } from '../../../shared/job-status';
import { readJsonIfExists, writeJsonDurably } from '../checkpoint/checkpoint-file';
import { createDynamoClient, type ClientTarget } from '../dynamo/client-target';
import { Governor } from '../governor/governor';
import type { EngineJob, JobContext } from '../job/engine-job';
import { meterBillingFor } from '../job/job-cost';
import { buildJobReport } from '../job/job-report-builder';
import { RejectsFile } from '../job/rejects-file';
import { TickAggregator } from '../job/tick-aggregator';
import type { BackfillWorkerData, FailedItem, FromBackfillWorker, PageDone, PageRead, SegmentStart, ToBackfillWorker } from './backfill-protocol';
import { operationProblem } from './item-operation';
import { OutputFile } from './output-file';
import { decideSafety } from './safety-decision';
import { reapplyRiskNote } from './update-idempotence';
import { chooseSegmentCount, dealSegments, sampleSegments } from './segment-plan';
import { describeTableFacts, enablePitr, pitrEnabled, tableHasItems, takeBackup, type TableFacts } from './table-facts';
import { projectTrial, type TrialSample } from './trial-projection';
import type { WireItem } from './wire-item';

/** What a backfill job needs from its host. */
export type BackfillJobContext = JobContext<BackfillJobSpec>;

/** One segment's durable progress. Pristine segments (not started) are left out of the checkpoint. */
export interface SegmentCheckpoint {
  segment: number;
  /** ExclusiveStartKey of the first page not yet settled; null: the beginning. */
  key: WireItem | null;
  done: boolean;
  /** Keys the job planned to change in pages after `key`: their writes may have happened. */
  replay: string[];
}

/**
 * A backfill's checkpoint: per segment, where its settled pages end and which planned
 * writes lie beyond; totals counting exactly the settled pages; the rejects and output
 * files' lengths; what the safety checks did (so a resume does not take a second backup).
 */
export interface BackfillCheckpoint {
  version: 1;
  jobId: string;
  spec: BackfillJobSpec;
  totalSegments: number;
  seed: number;
  segments: SegmentCheckpoint[];
  totals: JobTotals;
  rejectsBytes: number;
  outputBytes: number;
  notes: string[];
  safetyPassed: boolean;
  startedAtMs: number | null;
  savedAtMs: number;
}

interface PageRecord {
  read: PageRead;
  done: PageDone | null;
  /** Its planned keys are in a durable checkpoint, so its writes may go. */
  durable: boolean;
  worker: WorkerHandle;
}

interface SegmentTrack {
  key: WireItem | null;
  done: boolean;
  replay: Set<string>;
  /** Pages read and not yet settled into the totals, in scan order. */
  pages: PageRecord[];
}

interface WorkerHandle {
  worker: Worker;
  finished: boolean;
  /** The job terminated it (forced stop, end): its exit is expected, not a crash. */
  terminated: boolean;
}

const CHECKPOINT_EVERY_MS = 2_000;
/** Writes of a page wait for a checkpoint; a page that waits brings the next one forward to at most this long after the last. */
const CHECKPOINT_MIN_GAP_MS = 150;
const GRACEFUL_STOP_MS = 10_000;

/**
 * One backfill job: a shuffled parallel scan of a live table that changes (or only reads)
 * each item with a conditional write. Scanning and writing happen in worker threads, each
 * owning a disjoint random set of segments; this class plans, keeps the checkpoint, and
 * accounts for every item: scanned = changed + unchanged + skipped + failed + pending.
 *
 * Crash safety: a page's writes start only once its planned keys are in a durable
 * checkpoint. Totals count only pages settled in order per segment, so a checkpoint's
 * totals always match its segment positions. After a crash the pages beyond a segment's
 * position are read again; an item the job had planned to change and that now shows the
 * change (or fails the write's condition) is counted as changed, since the job's own
 * write landed before the crash.
 */
export class BackfillJob implements EngineJob {
  readonly id: string;
  readonly spec: BackfillJobSpec;
  private state: JobState = 'validating';
  private totals: JobTotals = emptyTotals();
  private inFlightScanned = 0;
  private readonly createdAtMs: number;
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private error: ErrorInfo | null = null;
  private readonly now: () => number;
  private readonly writeGovernor: Governor;
  private readonly readGovernor: Governor;
  private readonly ticks: JobTick[] = [];
  private readonly aggregator = new TickAggregator();
  private readonly workers: WorkerHandle[] = [];
  private readonly tracks = new Map<number, SegmentTrack>();
  private totalSegments = 0;
  private seed = Math.floor(Math.random() * 2 ** 31);
  private rejects: RejectsFile | null = null;
  private output: OutputFile | null = null;
  private notes: string[] = [];
  private safetyPassed = false;
  private stopRequested = false;
  private timers: NodeJS.Timeout[] = [];
  private report: JobReport | null = null;
  private readonly throttleTotals: Record<string, number> = {};
  private billing: MeterBilling | null = null;
  private cost: JobCost | null = null;
  private costCeilingUsd: number | null;
  private pauseReason: string | null = null;
  private saving: Promise<void> | null = null;
  private saveAgain = false;
  private lastSaveAtMs = 0;
  private fastSaveTimer: NodeJS.Timeout | null = null;
  /** Wakes run() to end the job: every worker finished, or the job failed, or a stop was forced. */
  private workersFinished: (() => void) | null = null;
  /** end() has begun: nothing can change how the job ends any more. */
  private ending = false;
  private trialSample: TrialSample | null = null;
  private trial: BackfillTrialResult | null = null;
  private trialSafety: BackfillTrialResult['safety'] = { pitrEnabled: false, destructive: false, refusal: [] };

  constructor(private readonly context: BackfillJobContext) {
    this.id = context.id;
    this.spec = context.spec;
    this.now = context.now ?? Date.now;
    this.createdAtMs = this.now();
    const max = context.spec.limits.maxWcuPerSecond;
    this.writeGovernor = new Governor({ operatorRate: context.spec.rate.wcuPerSecond, ...(max ? { maxRate: max } : {}), now: this.now });
    this.readGovernor = new Governor({ operatorRate: context.spec.rate.rcuPerSecond, now: this.now });
    this.costCeilingUsd = context.spec.limits.maxCostUsd ?? null;
  }

  /** The job as the UI draws it. */
  snapshot(): JobSnapshot {
    return {
      id: this.id, spec: this.spec, state: this.state,
      createdAtMs: this.createdAtMs, startedAtMs: this.startedAtMs, endedAtMs: this.endedAtMs,
      totals: { ...this.totals, read: this.totals.read + this.inFlightScanned, segmentsDone: this.segmentProgress().done, segmentsTotal: this.segmentProgress().total || null },
      rateWcuPerSecond: this.writeGovernor.requestedRate,
      readRateRcuPerSecond: this.readGovernor.requestedRate,
      error: this.error,
      rejectsFile: this.rejects?.path ?? null,
      cost: this.cost,
      pauseReason: this.state === 'paused' ? this.pauseReason : null,
      pausedBy: this.state === 'paused' ? (this.pauseReason ? 'cost' : 'operator') : null,
      rateMode: null,
      capacity: null,
    };
  }

  /** Every tick of this run so far. */
  tickHistory(): JobTick[] {
    return [...this.ticks];
  }

  /** The final report, once the job has ended. */
  finalReport(): JobReport | null {
    return this.report;
  }

  /** A trial's findings, once a trial job has ended (null for real runs). */
  trialResult(): BackfillTrialResult | null {
    return this.trial;
  }

  /** Segments finished so far, out of all; progress the UI can show when the item count is unknown. */
  segmentProgress(): { done: number; total: number } {
    let done = 0;
    for (const track of this.tracks.values()) if (track.done) done++;
    return { done, total: this.totalSegments };
  }

  /** Holds every new read and write within milliseconds; requests in flight finish. */
  pause(reason: string | null = null): void {
    if (this.state !== 'running') return;
    this.writeGovernor.pause();
    this.readGovernor.pause();
    this.pauseReason = reason;
    this.setState('paused');
    this.log(reason ? 'warn' : 'info', reason ? `Paused: ${reason}` : 'Paused by the operator');
  }

  /** Lets requests flow again. */
  resume(): void {
    if (this.state !== 'paused') return;
    this.writeGovernor.resume();
    this.readGovernor.resume();
    this.pauseReason = null;
    this.setState('running');
    this.log('info', 'Resumed by the operator');
  }

  /** Changes the write rate while the job runs. */
  setRate(wcuPerSecond: number): void {
    this.writeGovernor.setOperatorRate(wcuPerSecond);
    this.log('info', `Write rate set to ${wcuPerSecond.toLocaleString('en-US')} WCU/s`);
    this.context.onUpdate({ kind: 'state' });
  }

  /** Changes the read rate while the job runs. */
  setReadRate(rcuPerSecond: number): void {
    this.readGovernor.setOperatorRate(rcuPerSecond);
    this.log('info', `Read rate set to ${rcuPerSecond.toLocaleString('en-US')} RCU/s`);
    this.context.onUpdate({ kind: 'state' });
  }

  /** Sets or clears the cost ceiling while the job runs. */
  setCostCeiling(maxCostUsd: number | null): void {
    this.costCeilingUsd = maxCostUsd;
    this.log('info', maxCostUsd === null ? 'Cost ceiling removed' : `Cost ceiling set to $${maxCostUsd.toFixed(2)}`);
    this.updateCost();
    this.context.onUpdate({ kind: 'state' });
  }

  /** Stops gracefully: no new reads or writes, requests in flight finish, the rest stays for a resume. */
  stop(): void {
    if (isFinalState(this.state) || this.stopRequested || this.ending) return;
    this.stopRequested = true;
    this.writeGovernor.close();
    this.readGovernor.close();
    this.setState('stopping');
    this.log('info', 'Stop requested: finishing requests in flight');
    for (const w of this.workers) w.worker.postMessage({ type: 'stop' } satisfies ToBackfillWorker);
    if (this.workers.length === 0) this.workersFinished?.();
    const force = setTimeout(() => this.forceStop(), GRACEFUL_STOP_MS);
    force.unref();
    this.timers.push(force);
  }

  /**
   * Runs the job to its end; never throws (a failure becomes the `failed` state). Whatever
   * happens on the way — a refusal, a spec that cannot run, a worker crashing before or
   * after it is ready — the job ends here, once, with its report.
   */
  async run(resume = false): Promise<void> {
    // Made before anything can call it, so a stop or a failure during start-up is never lost.
    const finished = new Promise<void>((resolve) => (this.workersFinished = resolve));
    const control = createDynamoClient(this.context.target, { maxSockets: 2 });
    const copyTarget = this.copyTarget();
    const targetControl = copyTarget ? createDynamoClient(copyTarget, { maxSockets: 2 }) : control;
    try {
      await this.startAndWait(resume, control, targetControl, copyTarget, finished);
    } catch (error) {
      this.fail(error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) });
    } finally {
      control.destroy();
      if (targetControl !== control) targetControl.destroy();
    }
    try {
      await this.finish();
    } catch (error) {
      this.log('error', `Could not end the job cleanly: ${(error as Error).message}`);
    }
  }

  /** Checks, starts the workers and waits until they finish (or the job fails or is stopped); returns early when there is nothing to start. */
  private async startAndWait(resume: boolean, control: DynamoDBClient, targetControl: DynamoDBClient, copyTarget: ClientTarget | null, finished: Promise<void>): Promise<void> {
    const restored = resume ? await this.restoreCheckpoint() : null;
    const facts = await describeTableFacts(control, this.spec.table);
    const targetFacts = this.spec.operation.kind === 'copy' ? await describeTableFacts(targetControl, this.spec.operation.targetTable) : null;
    // Before any safety action (PITR, a backup) and before any worker: a spec that cannot run fails now, in words.
    this.checkOperation(facts, targetFacts);
    this.setUpBilling(facts);
    if (facts.itemCount > 0) this.totals.recordsTotal = facts.itemCount;
    const trial = this.spec.trial !== undefined;
    if (!restored) {
      this.totalSegments = this.spec.scan.segments ?? chooseSegmentCount(facts);
      const segments = trial ? sampleSegments(this.totalSegments, this.spec.trial!.fraction, this.seed) : range(this.totalSegments);
      for (const s of segments) this.tracks.set(s, { key: null, done: false, replay: new Set(), pages: [] });
    }
    await this.checkSafety(targetFacts ? targetControl : control);
    if (this.stopRequested || this.error) return;
    this.rejects = await RejectsFile.open(join(this.context.directory, 'rejects.jsonl'), restored?.rejectsBytes ?? 0);
    if (this.spec.operation.kind === 'find') this.output = await OutputFile.open(this.spec.operation.outputPath, restored?.outputBytes ?? 0);
    if (this.stopRequested || this.error) return;
    if (trial) this.trialSample = { sampledSegments: this.tracks.size, totalSegments: this.totalSegments, scanned: 0, wouldChange: 0, wouldWcu: 0, unchanged: 0, failed: 0, consumedRcu: 0, examples: [] };
    this.startedAtMs = restored?.startedAtMs ?? this.now();
    await this.startWorkers(facts, targetFacts, copyTarget, trial);
    const pendingSegments = [...this.tracks.values()].filter((t) => !t.done).length;
    this.log('info', `${trial ? 'Trial' : 'Started'}: ${this.spec.operation.kind} on ${this.spec.table}, ${pendingSegments.toLocaleString('en-US')} of ${this.totalSegments.toLocaleString('en-US')} segments to read, ${this.workers.length} worker(s), ${this.readGovernor.requestedRate.toLocaleString('en-US')} RCU/s, ${this.writeGovernor.requestedRate.toLocaleString('en-US')} WCU/s`);
    this.setState(this.stopRequested ? 'stopping' : 'running');
    this.startTimers();
    await finished;
  }

  /**
   * Compiles the operation here, as each worker will, with the same tables' keys: an
   * operation that cannot compile would otherwise crash every worker as it starts.
   */
  private checkOperation(facts: TableFacts, targetFacts: TableFacts | null): void {
    const problem = operationProblem(this.spec, { keyNames: facts.keyNames, ...(targetFacts ? { targetKeyNames: targetFacts.keyNames } : {}) });
    if (problem === null) return;
    const words = problem.replace(/\.$/, '');
    throw Object.assign(new Error(`Refusing to start: ${words.charAt(0).toLowerCase()}${words.slice(1)}.`), { name: 'InvalidOperation' });
  }

  private copyTarget(): ClientTarget | null {
    const op = this.spec.operation;
    if (op.kind !== 'copy' || !op.targetConnection) return null;
    const ref = op.targetConnection;
    switch (ref.kind) {
      case 'sandbox':
        return this.context.target;
      case 'endpoint':
        return { region: ref.region, endpoint: ref.endpoint, auth: { kind: 'local' } };
      case 'aws':
        return { region: ref.region, endpoint: ref.endpoint ?? null, auth: { kind: 'profile', profile: ref.profile ?? null } };
    }
  }

  private async restoreCheckpoint(): Promise<BackfillCheckpoint | null> {
    const checkpoint = await readJsonIfExists<BackfillCheckpoint>(join(this.context.directory, 'checkpoint.json'));
    if (!checkpoint) return null;
    this.totalSegments = checkpoint.totalSegments;
    this.seed = checkpoint.seed;
    this.totals = { ...checkpoint.totals };
    this.notes = [...checkpoint.notes];
    this.safetyPassed = checkpoint.safetyPassed;
    const saved = new Map(checkpoint.segments.map((s) => [s.segment, s]));
    const segments = this.spec.trial ? sampleSegments(this.totalSegments, this.spec.trial.fraction, this.seed) : range(this.totalSegments);
    for (const segment of segments) {
      const s = saved.get(segment);
      this.tracks.set(segment, { key: s?.key ?? null, done: s?.done ?? false, replay: new Set(s?.replay ?? []), pages: [] });
    }
    const replaying = checkpoint.segments.reduce((n, s) => n + s.replay.length, 0);
    const op = this.spec.operation;
    if (op.kind === 'update' && reapplyRiskNote(op)) this.notes.push(`Resumed with the accepted re-apply risk: ${replaying.toLocaleString('en-US')} planned writes in flight at the last checkpoint are sent again; at most that many items may have the update applied twice.`);
    this.log('info', `Resuming: ${checkpoint.totals.read.toLocaleString('en-US')} items settled before${replaying ? `; ${replaying.toLocaleString('en-US')} planned writes of pages in flight at the stop are checked again` : ''}`);
    return checkpoint;
  }

  private setUpBilling(facts: TableFacts): void {
    try {
      this.billing = meterBillingFor(this.spec.cost, { billingMode: facts.billingMode, tableClass: facts.tableClass, region: this.context.target.region });
    } catch (error) {
      if (this.costCeilingUsd !== null) throw new Error(`The cost ceiling cannot be enforced: ${(error as Error).message}`, { cause: error });
      this.log('warn', `No spend meter: ${(error as Error).message}`);
    }
    this.updateCost();
  }

  /** Refuses a destructive job without confirmation and a way back; enables PITR or takes the backup when chosen. */
  private async checkSafety(changedClient: DynamoDBClient): Promise<void> {
    const op = this.spec.operation;
    if (isReadOnlyOperation(op)) return;
    const table = changedTableOf(this.spec);
    let destructive = isDestructiveOperation(op);
    let because = op.kind === 'delete-where' ? 'delete-where deletes items' : op.kind === 'update' ? 'update rewrites items' : 'copy writes into another table';
    if (op.kind === 'copy') {
      destructive = op.overwrite && (await tableHasItems(changedClient, table));
      because = `copy with overwrite onto ${table}, which already holds items`;
    }
    const pitr = destructive ? await pitrEnabled(changedClient, table) : false;
    const decision = decideSafety({
      destructive, table, confirmTable: this.spec.safety.confirmTable, pitrEnabled: pitr,
      backup: this.spec.safety.backup, override: this.spec.safety.overrideNoBackup, because,
      acceptedRisk: op.kind === 'update' ? reapplyRiskNote(op) : null,
    });
    this.trialSafety = { pitrEnabled: pitr, destructive, refusal: decision.kind === 'refuse' ? decision.reasons : [] };
    // A trial writes nothing: it reports what a real run would meet, and never refuses.
    if (this.spec.trial || this.safetyPassed) return;
    if (decision.kind === 'refuse') {
      throw Object.assign(new Error(`Refusing to start: ${decision.reasons.join('; ')}.`), { name: 'SafetyCheckFailed' });
    }
    this.notes.push(...decision.notes);
    if (decision.action === 'enable-pitr') {
      await enablePitr(changedClient, table);
      this.notes.push(`Point-in-time recovery was off for ${table}; the job turned it on before its first write.`);
    } else if (decision.action === 'take-backup') {
      const arn = await takeBackup(changedClient, table, `capstan-${this.id}`.slice(0, 255));
      this.notes.push(`On-demand backup of ${table} taken before the first write: ${arn}`);
    }
    this.safetyPassed = true;
    for (const note of decision.notes) this.log('info', note);
    // Saved at once, so a crash before the next checkpoint does not take a second backup.
    await this.saveCheckpoint();
  }

  private async startWorkers(facts: TableFacts, targetFacts: TableFacts | null, copyTarget: ClientTarget | null, trial: boolean): Promise<void> {
    const open = [...this.tracks.entries()].filter(([, t]) => !t.done).map(([segment]) => segment);
    const count = Math.max(1, Math.min(open.length, this.spec.scan.workers ?? Math.min(2, availableParallelism())));
    const hands = dealSegments(open, count, { shuffle: this.spec.scan.shuffle, seed: this.seed });
    const script = this.context.workerScripts['backfill-worker'];
    if (!script) throw new Error('The backfill worker entry (backfill-worker.js) was not given to the job');
    const ready: Promise<void>[] = [];
    hands.forEach((hand, index) => {
      if (hand.length === 0) return;
      const segments: SegmentStart[] = hand.map((segment) => {
        const track = this.tracks.get(segment)!;
        return { segment, startKey: track.key, replayKeys: [...track.replay] };
      });
      const data: BackfillWorkerData = {
        workerIndex: index, target: this.context.target, copyTarget, spec: this.spec,
        keyNames: facts.keyNames, targetKeyNames: targetFacts?.keyNames ?? null,
        totalSegments: this.totalSegments, segments,
        readBucket: this.readGovernor.bucket.buffer, writeBucket: this.writeGovernor.bucket.buffer,
        trial, seed: this.seed + index + 1,
        maxBufferedItems: Math.max(2_000, Math.ceil(this.spec.rate.wcuPerSecond / count)),
      };
      const worker = new Worker(script, { workerData: data });
      const handle: WorkerHandle = { worker, finished: false, terminated: false };
      this.workers.push(handle);
      ready.push(new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', (code) => (handle.terminated ? resolve() : reject(new Error(`A backfill worker stopped before it was ready (exit code ${code})`))));
        worker.on('message', (message: FromBackfillWorker) => {
          if (message.type === 'ready') resolve();
          else this.onWorkerMessage(handle, message);
        });
      }));
      worker.on('error', (error) => this.fail({ name: 'WorkerCrashed', message: `A backfill worker crashed: ${error.message}` }));
      // A worker stays alive until the job terminates it: any other exit, even without an error, is a crash.
      worker.on('exit', (code) => {
        if (!handle.terminated) this.fail({ name: 'WorkerCrashed', message: `A backfill worker stopped unexpectedly (exit code ${code})` });
      });
    });
    if (this.workers.length === 0) this.workersFinished?.();
    await Promise.all(ready);
  }

  private onWorkerMessage(handle: WorkerHandle, message: FromBackfillWorker): void {
    switch (message.type) {
      case 'page':
        this.onPage(handle, message.page);
        break;
      case 'page-done':
        this.onPageDone(message.done);
        break;
      case 'throttle':
        (message.side === 'read' ? this.readGovernor : this.writeGovernor).throttled();
        this.aggregator.addThrottle(message.reasons, 1);
        this.totals.throttled++;
        for (const reason of message.reasons) this.throttleTotals[reason] = (this.throttleTotals[reason] ?? 0) + 1;
        break;
      case 'retry':
        this.totals.retried++;
        this.aggregator.addRetried(1);
        break;
      case 'fatal':
        this.fail(message.error);
        break;
      case 'finished':
        handle.finished = true;
        if (this.workers.every((w) => w.finished)) this.workersFinished?.();
        break;
      default:
        break;
    }
  }

  private readonly pageIndex = new Map<string, PageRecord>();

  private onPage(handle: WorkerHandle, page: PageRead): void {
    const track = this.tracks.get(page.segment);
    if (!track) return;
    const record: PageRecord = { read: page, done: null, durable: page.plannedKeys.length === 0, worker: handle };
    if (page.plannedKeys.length === 0) record.done = emptyDone(page.pageId);
    track.pages.push(record);
    this.inFlightScanned += page.scanned + (page.leftover?.absent ?? 0);
    this.aggregator.addRead(page.scanned);
    this.totals.consumedRcu += page.consumedRcu;
    this.aggregator.addConsumedRcu(page.consumedRcu);
    if (this.trialSample) {
      const t = this.trialSample;
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
      this.scheduleFastCheckpoint();
    }
    this.settle(page.segment, track);
  }

  private onPageDone(done: PageDone): void {
    const record = this.pageIndex.get(done.pageId);
    if (!record) return;
    this.pageIndex.delete(done.pageId);
    record.done = done;
    this.totals.consumedWcu += done.consumedWcu;
    this.aggregator.addConsumedWcu(done.consumedWcu);
    this.aggregator.addLatencies(done.latenciesMs);
    this.settle(record.read.segment, this.tracks.get(record.read.segment)!);
  }

  /** Moves a segment's leading finished pages into the totals, in scan order. */
  private settle(segment: number, track: SegmentTrack): void {
    while (track.pages.length > 0 && track.pages[0]!.done) {
      const { read, done } = track.pages.shift()!;
      const t = this.totals;
      const changed = done!.changed + read.replayChanged + (isReadOnlyOperation(this.spec.operation) ? read.matched : 0);
      t.read += read.scanned;
      t.unchanged += read.unchanged + read.trialWrites + (isReadOnlyOperation(this.spec.operation) ? 0 : read.matched);
      t.written += changed;
      t.skipped += done!.skipped;
      for (const f of [...read.failed, ...done!.failed]) this.reject(f);
      this.inFlightScanned -= read.scanned + (read.leftover?.absent ?? 0);
      this.aggregator.addWritten(changed);
      for (const item of read.found) this.output?.addLine(JSON.stringify(item));
      for (const key of read.replaySeen) track.replay.delete(key);
      track.key = read.nextKey;
      if (read.nextKey === null) {
        track.done = true;
        if (read.leftover) this.settleLeftovers(read.leftover);
        track.replay.clear();
      }
    }
    void segment;
  }

  /** Replay keys a segment never met again: deleted (gone from the scan) or filtered out of it. */
  private settleLeftovers(leftover: { absent: number; present: number }): void {
    const t = this.totals;
    const deleting = this.spec.operation.kind === 'delete-where';
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
    this.rejects?.add({ file: this.spec.table, line: 0, ordinal: 0, key: failed.key, reason: failed.reason, raw: failed.raw });
    this.totals.rejected++;
    this.aggregator.addRejected(1);
    const max = this.spec.limits.maxFailures;
    if (max !== undefined && this.totals.rejected > max && !this.error) {
      this.fail({ name: 'TooManyFailures', message: `More than ${max.toLocaleString('en-US')} items failed; the job stops so they can be checked (see the rejects file).` });
    }
  }

  private scheduleFastCheckpoint(): void {
    if (this.fastSaveTimer || this.state === 'validating') return;
    const wait = Math.max(0, this.lastSaveAtMs + CHECKPOINT_MIN_GAP_MS - this.now());
    this.fastSaveTimer = setTimeout(() => {
      this.fastSaveTimer = null;
      void this.saveCheckpoint().catch((e: Error) => this.log('error', `Checkpoint failed: ${e.message}`));
    }, wait);
  }

  private startTimers(): void {
    let second = this.ticks.length;
    const tick = setInterval(() => {
      second++;
      const inFlight = this.pageIndex.size;
      const t = this.aggregator.take(this.now(), second, inFlight, this.writeGovernor.targetRate);
      this.ticks.push(t);
      this.updateCost();
      this.context.onUpdate({ kind: 'tick', tick: t });
    }, 1000);
    const govern = setInterval(() => {
      this.writeGovernor.update();
      this.readGovernor.update();
    }, 250);
    const checkpoint = setInterval(() => void this.saveCheckpoint().catch((e: Error) => this.log('error', `Checkpoint failed: ${e.message}`)), CHECKPOINT_EVERY_MS);
    this.timers.push(tick, govern, checkpoint);
    if (this.pageIndex.size > 0) this.scheduleFastCheckpoint();
  }

  /** Saves durably; then lets the writes of every page whose plan the save contained go. */
  private async saveCheckpoint(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        const releasing = [...this.pageIndex.values()].filter((p) => !p.durable);
        const rejectsBytes = (await this.rejects?.flush()) ?? 0;
        const outputBytes = (await this.output?.flush()) ?? 0;
        const checkpoint: BackfillCheckpoint = {
          version: 1, jobId: this.id, spec: this.spec, totalSegments: this.totalSegments, seed: this.seed,
          segments: this.segmentCheckpoints(), totals: { ...this.totals }, rejectsBytes, outputBytes,
          notes: this.notes, safetyPassed: this.safetyPassed, startedAtMs: this.startedAtMs, savedAtMs: this.now(),
        };
        await writeJsonDurably(join(this.context.directory, 'checkpoint.json'), checkpoint);
        this.lastSaveAtMs = this.now();
        const byWorker = new Map<Worker, string[]>();
        for (const page of releasing) {
          page.durable = true;
          const list = byWorker.get(page.worker.worker) ?? [];
          list.push(page.read.pageId);
          byWorker.set(page.worker.worker, list);
        }
        for (const [worker, pageIds] of byWorker) worker.postMessage({ type: 'release', pageIds } satisfies ToBackfillWorker);
      } while (this.saveAgain);
    })().finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  private segmentCheckpoints(): SegmentCheckpoint[] {
    const out: SegmentCheckpoint[] = [];
    for (const [segment, track] of this.tracks) {
      const replay = new Set(track.replay);
      for (const page of track.pages) for (const key of page.read.plannedKeys) replay.add(key);
      if (!track.done && track.key === null && replay.size === 0) continue;
      out.push({ segment, key: track.key, done: track.done, replay: [...replay] });
    }
    return out;
  }

  private updateCost(): void {
    if (!this.billing) return;
    const t = this.totals;
    const progress = this.segmentProgress();
    const doneShare = progress.total > 0 ? progress.done / progress.total : 0;
    const remainingShare = doneShare > 0 ? (1 - doneShare) / doneShare : 0;
    const recent = this.ticks.slice(-10);
    const rate = this.state === 'running' && recent.length ? recent.reduce((sum, tick) => sum + tick.consumedWcu, 0) / recent.length : 0;
    const elapsedSeconds = this.startedAtMs ? (this.now() - this.startedAtMs) / 1000 : 0;
    const reading = readSpendMeter({
      billing: this.billing,
      consumedWriteUnits: t.consumedWcu,
      consumedReadUnits: t.consumedRcu,
      elapsedSeconds,
      remainingWriteUnits: t.consumedWcu * remainingShare,
      remainingReadUnits: t.consumedRcu * remainingShare,
      currentWriteUnitsPerSecond: rate,
      ...(this.costCeilingUsd !== null ? { ceilingUsd: this.costCeilingUsd } : {}),
    });
    this.cost = { billing: this.billing.mode, spentUsd: reading.spentUsd, projectedTotalUsd: reading.projectedTotalUsd, projectionKnown: reading.projectionKnown, ceilingUsd: this.costCeilingUsd };
    if (reading.ceiling.kind === 'pause' && this.state === 'running') this.pause(reading.ceiling.message);
  }

  private async finish(): Promise<void> {
    if (isFinalState(this.state)) return;
    const allDone = [...this.tracks.values()].every((t) => t.done);
    await this.end(this.error ? 'failed' : allDone ? 'completed' : 'stopped');
  }

  /**
   * Records the first failure and winds the job down: no new request, the workers told to
   * stop, run() woken. Never ends the job itself: run() does, once, whatever the phase.
   */
  private fail(error: ErrorInfo): void {
    if (this.error || this.ending || isFinalState(this.state)) return;
    this.error = error;
    this.log('error', error.message);
    this.stopRequested = true;
    this.writeGovernor.close();
    this.readGovernor.close();
    for (const w of this.workers) w.worker.postMessage({ type: 'stop' } satisfies ToBackfillWorker);
    this.workersFinished?.();
  }

  private forceStop(): void {
    if (this.ending || isFinalState(this.state)) return;
    this.log('warn', 'Requests in flight did not finish in time; stopping the workers');
    for (const w of this.workers) {
      w.terminated = true;
      void w.worker.terminate();
    }
    this.workersFinished?.();
  }

  private async end(state: JobState): Promise<void> {
    if (this.ending || isFinalState(this.state)) return;
    this.ending = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.fastSaveTimer) clearTimeout(this.fastSaveTimer);
    const last = this.aggregator.take(this.now(), this.ticks.length + 1, 0, 0);
    if (last.read || last.written || last.rejected || last.consumedWcu || last.consumedRcu) this.ticks.push(last);
    this.endedAtMs = this.now();
    for (const w of this.workers) w.terminated = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    // Pages not settled stay pending: their items are read again by a resume.
    this.inFlightScanned = 0;
    try {
      if (this.startedAtMs !== null || this.safetyPassed) await this.saveCheckpoint();
      await this.rejects?.close();
      await this.output?.close();
    } catch (error) {
      this.log('error', `Could not save the final checkpoint: ${(error as Error).message}`);
    }
    this.state = state;
    this.updateCost();
    try {
      if (this.trialSample) {
        this.trial = projectTrial(this.trialSample, { wcuPerSecond: this.spec.rate.wcuPerSecond, rcuPerSecond: this.spec.rate.rcuPerSecond }, this.billing, this.trialSafety);
        await writeJsonDurably(join(this.context.directory, 'trial.json'), this.trial);
        this.notes.push(...trialNotes(this.trial));
      }
      const progress = this.segmentProgress();
      // A resume runs the same spec: for an operation that cannot run, it would only fail again.
      if (this.error?.name === 'InvalidOperation') this.notes.push('Nothing was read or written: correct the operation and start a new job.');
      else if (state !== 'completed') this.notes.push(`${(progress.total - progress.done).toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} segments not finished: resume the job to read the rest.`);
      if (isReadOnlyOperation(this.spec.operation)) this.notes.push(`${this.spec.operation.kind} changes nothing: "changed" counts the matching items${this.spec.operation.kind === 'find' ? ` (written to ${this.spec.operation.outputPath})` : ''}.`);
      this.report = buildJobReport({
        snapshot: this.snapshot(), ticks: this.ticks, throttlesByReason: this.throttleTotals,
        rejectReasons: this.rejects?.reasonCounts() ?? {}, rejectSamples: this.rejects?.sample() ?? [], notes: this.notes,
      });
      await writeJsonDurably(join(this.context.directory, 'report.json'), this.report);
    } catch (error) {
      this.log('error', `Could not write the report: ${(error as Error).message}`);
    }
    this.context.onUpdate({ kind: 'state' });
  }

  private setState(state: JobState): void {
    if (isFinalState(this.state)) return;
    this.state = state;
    this.context.onUpdate({ kind: 'state' });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.context.onUpdate({ kind: 'log', level, message });
  }
}

function emptyDone(pageId: string): PageDone {
  return { pageId, changed: 0, skipped: 0, failed: [], consumedWcu: 0, retried: 0, latenciesMs: [] };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The trial's findings as report notes. */
function trialNotes(trial: BackfillTrialResult): string[] {
  const p = trial.projected;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `TRIAL (nothing written): ${trial.sampledSegments} of ${trial.totalSegments} segments read; ${fmt(trial.scanned)} items scanned, ${fmt(trial.wouldChange)} would change, ${fmt(trial.unchanged)} unchanged, ${fmt(trial.failed)} would fail.`,
    `Projected for the whole table: ${fmt(p.items)} items, ${fmt(p.changes)} changes, ${fmt(p.wcu)} WCU and ${fmt(p.rcu)} RCU; ${fmt(p.durationSeconds)} s at ${fmt(p.wcuPerSecond)} WCU/s and ${fmt(p.rcuPerSecond)} RCU/s; cost ${p.costUsd === null ? 'unknown (no price)' : `$${p.costUsd.toFixed(4)}`}.`,
    ...(trial.safety.refusal.length ? [`A real run as specified would be refused: ${trial.safety.refusal.join('; ')}`] : []),
  ];
}
