import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorInfo, JobSnapshot, JobState, JobTick, JobTotals } from '../../../shared/job-status';
import { emptyTotals, isFinalState } from '../../../shared/job-status';
import type { LoadJobSpec } from '../../../shared/job-spec';
import { BatchBuilder } from '../batching/batch-builder';
import { SeenKeys } from '../batching/seen-keys';
import { OrdinalSet } from '../checkpoint/ordinal-set';
import { readJsonIfExists, writeJsonDurably } from '../checkpoint/checkpoint-file';
import { createDynamoClient } from '../dynamo/client-target';
import { explainFatal } from '../dynamo/classify-error';
import { retryTransient } from '../dynamo/retry-transient';
import { Governor } from '../governor/governor';
import { SharedTokenBucket } from '../governor/token-bucket';
import { columnTypesWords, jobColumnTypes } from '../mapping/job-column-types';
import { compileMapping, keyTextOf } from '../mapping/record-mapper';
import { openRecordSource, type RecordSource, type SourceEntry } from '../source/open-record-source';
import { decodeWrittenOutcome, encodeBatchMessage, type BatchOutcome, type FromWriter, type RejectedEntry, type ToWriter, type WriteBatch, type WriterWorkerData } from '../writer/worker-protocol';
import { decodeWireItem, encodeWireItem } from '../writer/lean-wire';
import type { Batch, SourcedBatchInput } from '../batching/batch-builder';
import { readSpendMeter, type MeterBilling } from '../../../shared/cost';
import type { JobCost } from '../../../shared/job-status';
import { meterBillingFor } from './job-cost';
import { startingRate, type RateMode } from '../../../shared/rate-modes';
import { effectiveWriteMode } from '../../../shared/write-mode';
import type { JobCapacityView } from '../../../shared/capacity-view';
import { CloudWatchPoller } from '../capacity/cloudwatch-poller';
import { RateController } from '../capacity/rate-controller';
import { changeScalingTargetForJob, type JobScalingChange } from '../capacity/job-scaling-target';
import { diagnoseThrottles } from '../capacity/throttle-diagnosis';
import type { TableFacts } from '../capacity/rate-inputs';
import type { JobReport, ObjectAuditLine } from '../../../shared/job-report';
import { auditLoadObjects } from '../s3/move-finished-objects';
import type { EngineJob, JobContext } from './engine-job';
import { buildJobReport } from './job-report-builder';
import { RejectsFile } from './rejects-file';
import { TickAggregator } from './tick-aggregator';
import { TickLog } from './tick-log';

/** What a load job needs from its host. */
export type LoadJobContext = JobContext<LoadJobSpec> & {
  /** The governor's token bucket, made by a host on another thread that pauses it directly; a new one by default. */
  bucket?: SharedArrayBuffer;
};

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

/** What a checkpoint holds: enough to resume without skipping or repeating a record. */
export interface LoadCheckpoint {
  version: 1;
  jobId: string;
  spec: LoadJobSpec;
  totals: JobTotals;
  done: ReturnType<OrdinalSet['toJSON']>;
  rejectsBytes: number;
  savedAtMs: number;
  startedAtMs: number | null;
}

const CHECKPOINT_EVERY_MS = 2_000;
/**
 * A sender worker holds at most its in-flight batches; small heaps make V8 collect early
 * instead of growing, which keeps a long load's memory flat (bench/load-control.ts).
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };
const GRACEFUL_STOP_MS = 10_000;

interface WriterHandle {
  worker: Worker;
  inFlight: number;
}

/**
 * One load job: reads the source, maps and batches records on the main thread, hands
 * batches to sender workers that take capacity from the governor's shared bucket, and
 * accounts for every record (written, rejected, or pending in the checkpoint).
 */
export class LoadJob implements EngineJob {
  readonly id: string;
  readonly spec: LoadJobSpec;
  private state: JobState = 'validating';
  private totals: JobTotals = emptyTotals();
  private readonly createdAtMs: number;
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private error: ErrorInfo | null = null;
  private readonly now: () => number;
  private readonly governor: Governor;
  private done = new OrdinalSet();
  private ticks: JobTick[] = [];
  private readonly tickLog: TickLog;
  /** Checkpoint writes run one after another, never two at once. */
  private checkpointChain: Promise<void> = Promise.resolve();
  private readonly aggregator = new TickAggregator();
  private readonly writers: WriterHandle[] = [];
  private readonly batchWaiters: (() => void)[] = [];
  /** Batches handed to workers and not settled yet, with where each record came from. */
  private readonly inFlightBatches = new Map<number, SentBatch>();
  /** Refused records whose text is being read again for the rejects file. */
  private readonly lateRejects = new Set<Promise<void>>();
  private keyAttributes: string[] = [];
  private rejects: RejectsFile | null = null;
  private source: RecordSource | null = null;
  private nextBatchId = 1;
  private outstanding = 0;
  private stopRequested = false;
  private timers: NodeJS.Timeout[] = [];
  private report: JobReport | null = null;
  private readonly throttleTotals: Record<string, number> = {};
  private readonly seenKeys = new SeenKeys();
  private warnedSaturated = false;
  private billing: MeterBilling | null = null;
  private cost: JobCost | null = null;
  private costCeilingUsd: number | null;
  private pauseReason: string | null = null;
  /** Who paused the job: the operator, the cost ceiling or the rate mode's time window. */
  private pausedBy: 'operator' | 'cost' | 'window' | null = null;
  private rateMode: RateMode;
  private controller: RateController | null = null;
  private poller: CloudWatchPoller | null = null;
  private cloudwatchProblem: string | null = null;
  /** An auto-scaling target raised for this job, restored when it ends. */
  private scalingChange: JobScalingChange | null = null;
  /** Decisions the report records. */
  private readonly notes: string[] = [];
  private tableFacts: TableFacts | null = null;
  private indexNames: string[] = [];
  private lastDecisionLog: { reason: string; rate: number; atMs: number } | null = null;

  constructor(private readonly context: LoadJobContext) {
    this.id = context.id;
    this.spec = context.spec;
    this.now = context.now ?? Date.now;
    this.createdAtMs = this.now();
    this.rateMode = context.spec.rate;
    this.governor = new Governor({
      operatorRate: startingRate(this.rateMode),
      maxRate: context.spec.limits.maxWcuPerSecond,
      now: this.now,
      ...(context.bucket ? { bucket: SharedTokenBucket.attach(context.bucket) } : {}),
    });
    this.costCeilingUsd = context.spec.limits.maxCostUsd ?? null;
    this.tickLog = new TickLog(join(context.directory, 'ticks.jsonl'));
  }

  /** The job as the UI draws it. */
  snapshot(): JobSnapshot {
    return {
      id: this.id, spec: this.spec, state: this.state,
      createdAtMs: this.createdAtMs, startedAtMs: this.startedAtMs, endedAtMs: this.endedAtMs,
      totals: {
        ...this.totals,
        bytesRead: this.source?.bytesRead() ?? this.totals.bytesRead,
        recordsTotal: this.source?.recordsTotal() ?? this.totals.recordsTotal,
      },
      rateWcuPerSecond: this.governor.requestedRate,
      readRateRcuPerSecond: null,
      error: this.error,
      rejectsFile: this.rejects?.path ?? null,
      cost: this.cost,
      pauseReason: this.state === 'paused' ? this.pauseReason : null,
      pausedBy: this.state === 'paused' ? this.pausedBy : null,
      rateMode: this.rateMode,
      capacity: this.capacityView(),
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

  /** Holds every new request within milliseconds; requests in flight finish. */
  pause(reason: string | null = null, by: 'operator' | 'cost' | 'window' = reason ? 'cost' : 'operator'): void {
    if (this.state !== 'running') return;
    this.governor.pause();
    this.pauseReason = reason;
    this.pausedBy = by;
    this.setState('paused');
    this.log(reason ? (by === 'window' ? 'info' : 'warn') : 'info', reason ? `Paused: ${reason}` : 'Paused by the operator');
  }

  /** Lets requests flow again. */
  resume(by: 'operator' | 'window' = 'operator'): void {
    if (this.state !== 'paused') return;
    this.governor.resume();
    this.pauseReason = null;
    this.pausedBy = null;
    this.setState('running');
    this.log('info', by === 'window' ? 'Resumed: the time window opened' : 'Resumed by the operator');
  }

  /** Switches the rate mode while the job runs (the slider is `fixed`). */
  setMode(mode: RateMode): void {
    this.rateMode = mode;
    this.controller?.setMode(mode);
    if (mode.mode === 'fixed' || !this.controller) this.governor.setOperatorRate(startingRate(mode));
    this.log('info', `Rate mode: ${describeMode(mode)}`);
    this.applyDecision();
    this.context.onUpdate({ kind: 'state' });
  }

  /** Sets or clears the cost ceiling while the job runs. */
  setCostCeiling(maxCostUsd: number | null): void {
    this.costCeilingUsd = maxCostUsd;
    this.log('info', maxCostUsd === null ? 'Cost ceiling removed' : `Cost ceiling set to $${maxCostUsd.toFixed(2)}`);
    this.updateCost();
    this.context.onUpdate({ kind: 'state' });
  }

  /** Changes the operator's rate while the job runs: the slider puts the job in fixed mode. */
  setRate(wcuPerSecond: number): void {
    this.setMode({ mode: 'fixed', wcuPerSecond, ...(this.rateMode.maxWcuPerSecond ? { maxWcuPerSecond: this.rateMode.maxWcuPerSecond } : {}) });
  }

  /** Stops gracefully: no new reads, requests in flight finish, the rest stays pending for a resume. */
  stop(): void {
    if (isFinalState(this.state) || this.stopRequested) return;
    this.stopRequested = true;
    this.governor.close();
    this.setState('stopping');
    this.log('info', 'Stop requested: finishing requests in flight');
    const force = setTimeout(() => this.forceStop(), GRACEFUL_STOP_MS);
    force.unref();
    this.timers.push(force);
  }

  /** Runs the job to its end; never throws (a failure becomes the `failed` state). */
  async run(resume = false): Promise<void> {
    try {
      const restored = resume ? await this.restoreCheckpoint() : null;
      const { keySchema, billingMode, tableClass, provisionedWcu, maxOnDemandWcu, indexNames } = await this.describeTable();
      this.setUpBilling(billingMode, tableClass);
      this.setUpRateControl({ billingMode, provisionedWcu: billingMode === 'PROVISIONED' ? provisionedWcu : null, maxOnDemandWcu, recentPeakWcuPerSecond: null }, indexNames);
      if (this.spec.autoScaling && !resume) {
        const scaling = await changeScalingTargetForJob(this.context.target, this.spec.table, this.spec.autoScaling.writeTargetDuringJob, this.now());
        this.scalingChange = scaling;
        this.notes.push(scaling.note);
        this.log('info', scaling.note);
      }
      this.rejects = await RejectsFile.open(join(this.context.directory, 'rejects.jsonl'), restored?.rejectsBytes ?? 0);
      this.source = await openRecordSource(this.spec.source, { skip: (ordinal) => this.done.has(ordinal), target: this.context.target });
      this.totals.bytesTotal = this.source.bytesTotal;
      // The column types pinned in the spec (or inferred once, as the sample check does).
      const columnTypes = await jobColumnTypes(this.spec, this.context.target);
      this.log('info', `Column types (${columnTypes.origin}): ${columnTypesWords(columnTypes.types)}`);
      const mapper = compileMapping({ ...this.spec.mapping, columnTypes: columnTypes.types }, keySchema, { fieldsAreAttributeValues: this.spec.source.format === 'ddb-json' });
      this.keyAttributes = keySchema.map((k) => k.name);
      await this.startWriters(this.keyAttributes);
      this.startedAtMs = restored?.startedAtMs ?? this.now();
      this.log('info', `Started: ${this.source.files.length} file(s), ${this.writers.length} sender worker(s), ${this.governor.requestedRate.toLocaleString('en-US')} WCU/s into ${this.spec.table}`);
      this.setState(this.stopRequested ? 'stopping' : 'running');
      // The mode decides before the first request leaves (a closed window holds it at once).
      this.applyDecision();
      this.startTimers();

      const builder = new BatchBuilder();
      reading: for await (const entries of this.source.batches()) {
        this.countRead(entries.length);
        for (const entry of entries) {
          if (this.stopRequested) break reading;
          if (entry.kind === 'error') {
            this.reject(entry, null, entry.reason);
            continue;
          }
          const mapped = mapper.map(entry.fields, entry.attributeValues);
          if (!mapped.ok) {
            this.reject(entry, null, mapped.reason);
            continue;
          }
          const result = builder.add({ ordinal: entry.ordinal, item: mapped.item, key: mapped.key, sizeBytes: mapped.sizeBytes, file: entry.file, line: entry.line, offset: entry.offset, raw: entry.raw });
          for (const superseded of result.superseded) {
            this.totals.duplicates++;
            this.reject(superseded, superseded.key, `duplicate key ${superseded.key}: superseded by line ${superseded.supersededByLine ?? '?'} in the same batch`);
          }
          for (const batch of result.batches) await this.dispatch(batch);
        }
        if (this.tooManyRejects()) break;
      }
      if (!this.stopRequested && !this.error) {
        for (const batch of builder.flush()) await this.dispatch(batch);
      }
      await this.waitForOutstanding();
      await this.finish();
    } catch (error) {
      await this.fail(error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) });
    }
  }

  private async restoreCheckpoint(): Promise<LoadCheckpoint | null> {
    const checkpoint = await readJsonIfExists<LoadCheckpoint>(join(this.context.directory, 'checkpoint.json'));
    if (!checkpoint) return null;
    this.done = OrdinalSet.fromJSON(checkpoint.done);
    this.ticks = await TickLog.read(this.tickLog.path);
    this.tickLog.resumeAfter(this.ticks.length);
    this.totals = { ...checkpoint.totals, read: checkpoint.totals.written + checkpoint.totals.rejected };
    this.log('info', `Resuming: ${checkpoint.totals.written.toLocaleString('en-US')} written and ${checkpoint.totals.rejected.toLocaleString('en-US')} rejected before`);
    return checkpoint;
  }

  private async describeTable() {
    const client: DynamoDBClient = createDynamoClient(this.context.target, { maxSockets: 2 });
    try {
      const { Table } = await retryTransient(() => client.send(new DescribeTableCommand({ TableName: this.spec.table })));
      const types = new Map((Table?.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType as 'S' | 'N' | 'B']));
      return {
        keySchema: (Table?.KeySchema ?? []).map((k) => ({ name: k.AttributeName!, type: types.get(k.AttributeName!) ?? 'S', role: k.KeyType as 'HASH' | 'RANGE' })),
        billingMode: Table?.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? ('PAY_PER_REQUEST' as const) : ('PROVISIONED' as const),
        tableClass: Table?.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? ('standard-ia' as const) : ('standard' as const),
        provisionedWcu: Table?.ProvisionedThroughput?.WriteCapacityUnits ?? null,
        maxOnDemandWcu: Table?.OnDemandThroughput?.MaxWriteRequestUnits ?? null,
        indexNames: (Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '?'),
      };
    } catch (error) {
      const e = error as { name?: string; message?: string };
      throw Object.assign(new Error(explainFatal(e.name ?? 'Error', e.message ?? '')), { name: e.name ?? 'Error' });
    } finally {
      client.destroy();
    }
  }

  /** Starts the CloudWatch poller and the rate controller of the job's mode. */
  private setUpRateControl(facts: TableFacts, indexNames: string[]): void {
    this.tableFacts = facts;
    this.indexNames = indexNames;
    this.poller = new CloudWatchPoller({
      target: this.context.target,
      tableName: this.spec.table,
      indexNames,
      // AWS publishes a minute a minute (one call a minute, as the issue asks); a local
      // sandbox answers for free, so its charts fill in sooner.
      intervalMs: this.context.target.auth.kind === 'local' ? 15_000 : 60_000,
      onError: (error) => {
        if (this.cloudwatchProblem === null) this.log('warn', `CloudWatch cannot be read (${error.message}); modes that need it run at a conservative rate`);
        this.cloudwatchProblem = error.message;
      },
      onMinutes: () => {
        this.cloudwatchProblem = null;
      },
    });
    this.poller.start();
    this.controller = new RateController({ mode: this.rateMode, table: facts, cloudwatch: this.poller });
  }

  /** Asks the rate mode what to do this second and does it (rate, or pause outside a window). */
  private applyDecision(): void {
    if (!this.controller || isFinalState(this.state) || this.state === 'stopping') return;
    const decision = this.controller.decide(this.now());
    if (!decision.run) {
      if (this.state === 'running') this.pause(decision.reason, 'window');
      return;
    }
    if (this.state === 'paused' && this.pausedBy === 'window') this.resume('window');
    // The governor backs off by itself: it takes the mode's asked rate, so a backoff never rewrites the operator's rate.
    this.governor.setOperatorRate(decision.askedWcuPerSecond ?? decision.rateWcuPerSecond);
    const last = this.lastDecisionLog;
    const changed = !last || Math.abs(decision.rateWcuPerSecond - last.rate) > Math.max(1, last.rate * 0.1);
    if (this.rateMode.mode !== 'fixed' && changed && (!last || this.now() - last.atMs >= 10_000)) {
      this.lastDecisionLog = { reason: decision.reason, rate: decision.rateWcuPerSecond, atMs: this.now() };
      this.log('info', decision.reason);
    }
  }

  private capacityView(): JobCapacityView | null {
    if (!this.controller) return null;
    const status = this.controller.status();
    const minutes = [...(this.poller?.minutes() ?? [])].slice(-60);
    return {
      decision: status.decision,
      organic: status.organicEstimate,
      minutes,
      cloudwatchProblem: this.cloudwatchProblem,
      diagnosis: diagnoseThrottles(this.throttleTotals, {
        jobKind: 'load',
        spreading: this.spec.source.spread,
        billingMode: this.tableFacts?.billingMode ?? 'PROVISIONED',
        indexNames: this.indexNames,
        rateMode: this.rateMode.mode,
        provisionedWcu: this.tableFacts?.provisionedWcu ?? null,
        maxOnDemandWcu: this.tableFacts?.maxOnDemandWcu ?? null,
        requestedWcuPerSecond: this.governor.requestedRate,
        peakWcuPerSecond: status.peakOwnWcuPerSecond,
        keysDistinct: this.keyAttributes.length === 1,
        cloudwatch: minutes,
      }),
    };
  }

  private setUpBilling(billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST', tableClass: 'standard' | 'standard-ia'): void {
    try {
      this.billing = meterBillingFor(this.spec.cost, { billingMode, tableClass, region: this.context.target.region });
    } catch (error) {
      if (this.costCeilingUsd !== null) throw new Error(`The cost ceiling cannot be enforced: ${(error as Error).message}`, { cause: error });
      this.log('warn', `No spend meter: ${(error as Error).message}`);
    }
    this.updateCost();
  }

  /** Reads the spend meter; pauses the job when the ceiling says so. */
  private updateCost(): void {
    if (!this.billing) return;
    const t = this.totals;
    const settled = t.written + t.rejected;
    const wcuPerItem = t.written > 0 ? t.consumedWcu / t.written : 1;
    const recordsTotal = this.source?.recordsTotal() ?? null;
    const bytesRead = this.source?.bytesRead() ?? 0;
    const estimatedTotal = recordsTotal ?? (bytesRead > 0 && t.read > 0 ? (t.read * t.bytesTotal) / bytesRead : t.read);
    const remainingRecords = Math.max(0, estimatedTotal - settled);
    const recent = this.ticks.slice(-10);
    const rate = this.state === 'running' && recent.length ? recent.reduce((sum, tick) => sum + tick.consumedWcu, 0) / recent.length : 0;
    const elapsedSeconds = this.startedAtMs ? (this.now() - this.startedAtMs) / 1000 : 0;
    const reading = readSpendMeter({
      billing: this.billing,
      consumedWriteUnits: t.consumedWcu,
      consumedReadUnits: 0,
      elapsedSeconds,
      remainingWriteUnits: remainingRecords * wcuPerItem,
      remainingReadUnits: 0,
      currentWriteUnitsPerSecond: rate,
      ...(this.costCeilingUsd !== null ? { ceilingUsd: this.costCeilingUsd } : {}),
    });
    this.cost = {
      billing: this.billing.mode,
      spentUsd: reading.spentUsd,
      projectedTotalUsd: reading.projectedTotalUsd,
      projectionKnown: reading.projectionKnown,
      ceilingUsd: this.costCeilingUsd,
    };
    if (reading.ceiling.kind === 'pause' && this.state === 'running') this.pause(reading.ceiling.message, 'cost');
  }

  private async startWriters(keyAttributes: string[]): Promise<void> {
    const count = this.spec.options.workers ?? Math.max(1, Math.min(4, availableParallelism()));
    const data: WriterWorkerData = {
      target: this.context.target,
      table: this.spec.table,
      keyAttributes,
      bucket: this.governor.bucket.buffer,
      maxSockets: this.spec.options.inFlightPerWorker * 2,
      transport: this.spec.options.transport,
      writeMode: effectiveWriteMode(this.spec.writeMode),
      maxTransientAttempts: 12,
    };
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = new Worker(this.workerScript(), { workerData: data, resourceLimits: WORKER_HEAP_LIMITS });
      const handle: WriterHandle = { worker, inFlight: 0 };
      this.writers.push(handle);
      ready.push(new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (message: FromWriter) => {
          if (typeof message !== 'string' && message.type === 'ready') resolve();
          else this.onWriterMessage(handle, message);
        });
      }));
      worker.on('error', (error) => void this.fail({ name: 'WorkerCrashed', message: `A sender worker crashed: ${error.message}` }));
    }
    await Promise.all(ready);
  }

  private workerScript(): string {
    const script = this.context.workerScripts['load-worker'];
    if (!script) throw new Error('The load worker entry (load-worker.js) was not given to the job');
    return script;
  }

  private onWriterMessage(handle: WriterHandle, message: FromWriter): void {
    if (typeof message === 'string') {
      handle.inFlight--;
      this.outstanding--;
      this.settle(decodeWrittenOutcome(message, (id) => this.inFlightBatches.get(id)?.ordinals ?? []));
      this.batchWaiters.shift()?.();
      return;
    }
    switch (message.type) {
      case 'outcome':
        handle.inFlight--;
        this.outstanding--;
        this.settle(message.outcome);
        this.batchWaiters.shift()?.();
        break;
      case 'throttle':
        this.governor.throttled();
        this.aggregator.addThrottle(message.reasons, message.items);
        this.totals.throttled += message.items;
        for (const reason of message.reasons) this.throttleTotals[reason] = (this.throttleTotals[reason] ?? 0) + 1;
        break;
      case 'retry':
        this.log('warn', `Retrying after a transient error: ${message.reason}`);
        break;
      default:
        break;
    }
  }

  private settle(outcome: BatchOutcome): void {
    for (const ordinal of outcome.written) this.done.add(ordinal);
    this.totals.written += outcome.written.length;
    this.aggregator.addWritten(outcome.written.length);
    for (const ordinal of outcome.skipped) this.done.add(ordinal);
    this.totals.skipped += outcome.skipped.length;
    this.totals.consumedWcu += outcome.consumedWcu;
    this.aggregator.addConsumedWcu(outcome.consumedWcu);
    this.totals.retried += outcome.retried;
    this.aggregator.addRetried(outcome.retried);
    this.aggregator.addLatencies(outcome.latenciesMs);
    const batch = this.inFlightBatches.get(outcome.id);
    this.inFlightBatches.delete(outcome.id);
    for (const r of outcome.rejected) this.rejectSent(batch, r);
    if (outcome.fatal && !this.error) void this.fail(outcome.fatal);
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
      this.log('warn', `Over ${this.seenKeys.size.toLocaleString('en-US')} distinct keys: from here on, duplicate keys are caught only inside one batch`);
    }
    if (fresh.length === 0) return;
    if (fresh.length !== batch.entries.length) batch = { ...batch, entries: fresh };
    await this.send(batch);
  }

  private async send(batch: SourcedBatch): Promise<void> {
    const capacity = this.writers.length * this.spec.options.inFlightPerWorker;
    while (this.outstanding >= capacity) {
      await new Promise<void>((resolve) => this.batchWaiters.push(resolve));
    }
    let best = this.writers[0]!;
    for (const w of this.writers) if (w.inFlight < best.inFlight) best = w;
    best.inFlight++;
    this.outstanding++;
    const n = batch.entries.length;
    const message: WriteBatch = { id: batch.id, ordinals: new Array<number>(n), wcus: new Array<number>(n), items: new Array<string>(n) };
    const sent: SentBatch = { ordinals: message.ordinals, files: new Array<string>(n), lines: new Array<number>(n), offsets: new Array<number>(n) };
    for (let i = 0; i < n; i++) {
      const e = batch.entries[i]!;
      message.ordinals[i] = e.ordinal;
      message.wcus[i] = e.wcu;
      message.items[i] = encodeWireItem(e.item);
      sent.files[i] = e.file;
      sent.lines[i] = e.line;
      sent.offsets[i] = e.offset;
    }
    this.inFlightBatches.set(batch.id, sent);
    best.worker.postMessage(encodeBatchMessage(message) satisfies ToWriter);
  }

  private async waitForOutstanding(): Promise<void> {
    while (this.outstanding > 0) {
      await new Promise<void>((resolve) => this.batchWaiters.push(resolve));
    }
    await this.waitForLateRejects();
  }

  private async waitForLateRejects(): Promise<void> {
    while (this.lateRejects.size > 0) await Promise.all(this.lateRejects);
  }

  private countRead(n: number): void {
    this.totals.read += n;
    this.aggregator.addRead(n);
  }

  /**
   * A record the table refused: its key from the item the worker sent back, its text read
   * again from the file. It counts as settled once its line is in the rejects file; until
   * then a checkpoint leaves it pending, and the job waits for it before it ends.
   */
  private rejectSent(batch: SentBatch | undefined, refused: RejectedEntry): void {
    const at = batch ? batch.ordinals.indexOf(refused.ordinal) : -1;
    const file = at >= 0 ? batch!.files[at]! : '?';
    const line = at >= 0 ? batch!.lines[at]! : 0;
    let key: string | null = null;
    try {
      key = keyTextOf(decodeWireItem(refused.item), this.keyAttributes);
    } catch {
      // An item text that does not parse has no key to show; the reason still says why.
    }
    const readRaw = at >= 0 && this.source ? this.source.readRecordAt(file, batch!.offsets[at]!).catch(() => refused.item) : Promise.resolve(refused.item);
    const late: Promise<void> = readRaw.then((raw) => {
      this.lateRejects.delete(late);
      this.reject({ ordinal: refused.ordinal, file, line, raw }, key, refused.reason);
    });
    this.lateRejects.add(late);
  }

  private reject(entry: Pick<SourceEntry, 'ordinal' | 'file' | 'line' | 'raw'>, key: string | null, reason: string): void {
    this.rejects?.add({ file: entry.file, line: entry.line, ordinal: entry.ordinal, key, reason, raw: entry.raw });
    this.done.add(entry.ordinal);
    this.totals.rejected++;
    this.aggregator.addRejected(1);
  }

  private tooManyRejects(): boolean {
    const max = this.spec.limits.maxRejects;
    if (max === undefined || this.totals.rejected <= max) return false;
    void this.fail({ name: 'TooManyRejects', message: `More than ${max.toLocaleString('en-US')} records were rejected; the job stops so the input can be checked (see the rejects file).` });
    return true;
  }

  private startTimers(): void {
    let second = this.ticks.length;
    const tick = setInterval(() => {
      second++;
      const t = this.aggregator.take(this.now(), second, this.outstanding, this.governor.targetRate);
      this.ticks.push(t);
      this.controller?.observe(t);
      this.applyDecision();
      this.updateCost();
      this.context.onUpdate({ kind: 'tick', tick: t });
    }, 1000);
    const govern = setInterval(() => this.governor.update(), 250);
    const checkpoint = setInterval(() => void this.saveCheckpoint().catch((e: Error) => this.log('error', `Checkpoint failed: ${e.message}`)), CHECKPOINT_EVERY_MS);
    this.timers.push(tick, govern, checkpoint);
  }

  private saveCheckpoint(): Promise<void> {
    this.checkpointChain = this.checkpointChain.catch(() => undefined).then(() => this.writeCheckpoint());
    return this.checkpointChain;
  }

  private async writeCheckpoint(): Promise<void> {
    if (!this.rejects) return;
    await this.tickLog.save(this.ticks);
    const rejectsBytes = await this.rejects.flush();
    const checkpoint: LoadCheckpoint = {
      version: 1, jobId: this.id, spec: this.spec, totals: this.snapshot().totals,
      done: this.done.toJSON(), rejectsBytes, savedAtMs: this.now(), startedAtMs: this.startedAtMs,
    };
    await writeJsonDurably(join(this.context.directory, 'checkpoint.json'), checkpoint);
  }

  private async finish(): Promise<void> {
    if (isFinalState(this.state)) return;
    const pending = this.totals.read - this.totals.written - this.totals.rejected - this.totals.skipped;
    const finalState: JobState = this.error ? 'failed' : this.stopRequested || pending > 0 ? 'stopped' : 'completed';
    await this.end(finalState);
  }

  private async fail(error: ErrorInfo): Promise<void> {
    if (this.error || isFinalState(this.state)) return;
    this.error = error;
    this.log('error', error.message);
    this.stopRequested = true;
    this.governor.close();
    // The run loop notices stopRequested, waits for what is in flight and ends as failed;
    // if it never started (e.g. the table is missing), end here.
    if (this.writers.length === 0) await this.end('failed');
  }

  private forceStop(): void {
    if (isFinalState(this.state)) return;
    this.log('warn', 'Requests in flight did not finish in time; stopping the workers');
    for (const w of this.writers) void w.worker.terminate();
    // Their batches are pending: release the waiters so the run loop can end.
    this.outstanding = 0;
    this.inFlightBatches.clear();
    for (const waiter of this.batchWaiters.splice(0)) waiter();
  }

  private async end(state: JobState): Promise<void> {
    this.poller?.stop();
    if (this.scalingChange) {
      const restored = await this.scalingChange.restore(this.now());
      this.scalingChange = null;
      this.notes.push(restored);
      this.log(restored.startsWith('COULD NOT') ? 'error' : 'info', restored);
    }
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    // Close the last partial second so the series adds up to the totals.
    const last = this.aggregator.take(this.now(), this.ticks.length + 1, 0, 0);
    if (last.read || last.written || last.rejected || last.consumedWcu) this.ticks.push(last);
    this.endedAtMs = this.now();
    await Promise.all(this.writers.map((w) => w.worker.terminate()));
    await this.waitForLateRejects();
    let objects: ObjectAuditLine[] | undefined;
    try {
      await this.saveCheckpoint();
      await this.rejects?.close();
      if (this.source) {
        const rejectsPath = join(this.context.directory, 'rejects.jsonl');
        const log = (level: 'info' | 'error', message: string) => this.log(level, message);
        objects = await auditLoadObjects({ spans: this.source.objectSpans(), isSettled: (o) => this.done.has(o), rejectsPath, source: this.spec.source, target: this.context.target, completed: state === 'completed', log });
      }
      await this.source?.close();
    } catch (error) {
      this.log('error', `Could not save the final checkpoint: ${(error as Error).message}`);
    }
    this.state = state;
    this.updateCost();
    this.report = buildJobReport({
      snapshot: this.snapshot(), ticks: this.ticks, throttlesByReason: this.throttleTotals,
      rejectReasons: this.rejects?.reasonCounts() ?? {}, rejectSamples: this.rejects?.sample() ?? [],
      notes: this.notes, ...(objects ? { objects } : {}),
    });
    await writeJsonDurably(join(this.context.directory, 'report.json'), this.report);
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

/** A rate mode in words, for the event log. */
function describeMode(mode: RateMode): string {
  switch (mode.mode) {
    case 'fixed':
      return `fixed at ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s`;
    case 'fill':
      return `fill the table to ${Math.round(mode.share * 100)}% of provisioned capacity`;
    case 'share-of-organic':
      return `${(mode.share * 100).toFixed(1)}% of the application's traffic`;
    case 'windows':
      return `only inside ${mode.windows.map((w) => `${w.start}-${w.end}`).join(', ')} (${mode.timeZone})`;
    case 'on-demand-aware':
      return `on-demand aware, up to ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s`;
  }
}
