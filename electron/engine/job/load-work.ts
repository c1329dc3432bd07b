import { join } from 'node:path';
import type { ObjectAuditLine } from '../../../shared/job-report';
import type { LoadJobSpec } from '../../../shared/job-spec';
import { totalsOfKind, type JobSnapshot, type LoadTotals } from '../../../shared/job-status';
import { startingRate } from '../../../shared/rate-modes';
import { effectiveWriteMode } from '../../../shared/write-mode';
import { OrdinalSet } from '../checkpoint/ordinal-set';
import { changeScalingTargetForJob, type JobScalingChange } from '../capacity/job-scaling-target';
import { createDynamoClient } from '../dynamo/client-target';
import type { Governor } from '../governor/governor';
import { LOCAL_BUDGET } from '../lifecycle/capacity-budget';
import { SharedTokenBucket } from '../governor/token-bucket';
import type { JobWork, LifecycleHooks, PreparedWork, SavedState, WorkReport } from '../lifecycle/job-work';
import { columnTypesWords, jobColumnTypes } from '../mapping/job-column-types';
import { compileMapping } from '../mapping/record-mapper';
import { pendingShard, type ShardRecord } from '../shard/shard';
import { senderPlan } from './sender-plan';
import { openRecordSource, type OpenRecordSourceOptions, type RecordSource } from '../source/open-record-source';
import { auditLoadObjects } from '../s3/move-finished-objects';
import { isS3Url } from '../s3/s3-url';
import { LiveObjectAuditor } from '../source/live-object-audit';
import { describeTable } from '../tables/table-description';
import type { WriterWorkerData } from '../writer/worker-protocol';
import type { JobContext } from '../lifecycle/engine-job';
import { LoadExecutor } from './load-executor';
import { RejectsFile } from '../lifecycle/rejects-file';
import { SenderPool } from './sender-pool';

/** What a load job needs from its host. */
export type LoadJobContext = JobContext<LoadJobSpec> & {
  /** The governor's token bucket, made by a host on another thread that pauses it directly; a new one by default. */
  bucket?: SharedArrayBuffer;
  /** Opens the records to load; `openRecordSource` by default (a fleet worker reads one byte range of an object). */
  openSource?: (source: LoadJobSpec['source'], options: OpenRecordSourceOptions) => Promise<RecordSource>;
};

/** A load's own part of its checkpoint: the finished ordinals and the rejects file's length. */
export interface LoadState {
  done: ReturnType<OrdinalSet['toJSON']>;
  rejectsBytes: number;
  /** With `autoScaling`: the table's write target before the job first raised it (a resume raises it again and restores this one). */
  scalingOriginal?: number;
}

/**
 * A load, as the lifecycle drives it: describes the table, opens the source, compiles
 * the mapping, starts the sender workers, and plans one byte-range shard per source
 * file. The records of all shards are read together, spread, so sorted input never makes
 * a hot partition; their resume point is the set of finished record ordinals (every
 * record ends written, rejected, or pending in it).
 */
export class LoadWork implements JobWork<null, LoadState> {
  readonly writeGovernor: Governor;
  readonly readGovernor = null;
  readonly executor: LoadExecutor;
  private readonly spec: LoadJobSpec;
  /** The lifecycle's totals, as a load's. */
  private readonly totals: LoadTotals;
  private done = new OrdinalSet();
  private rejects: RejectsFile | null = null;
  private source: RecordSource | null = null;
  private pool: SenderPool | null = null;
  private scalingChange: JobScalingChange | null = null;
  private scalingOriginal: number | null = null;
  private audit: LiveObjectAuditor | null = null;

  constructor(private readonly context: LoadJobContext, private readonly hooks: LifecycleHooks<null>) {
    this.spec = context.spec;
    this.totals = totalsOfKind('load', hooks.totals);
    this.writeGovernor = (context.budget ?? LOCAL_BUDGET).governor('write', {
      operatorRate: startingRate(this.spec.rate),
      maxRate: this.spec.limits.maxWcuPerSecond,
      now: hooks.now,
      ...(context.bucket ? { bucket: SharedTokenBucket.attach(context.bucket) } : {}),
    });
    this.executor = new LoadExecutor(hooks);
  }

  async prepare(restored: LoadState | null, restoredShards: readonly ShardRecord<null>[] | null): Promise<PreparedWork<null>> {
    const totals = this.totals;
    if (restored) {
      this.done = OrdinalSet.fromJSON(restored.done);
      // Records read but not settled are read again.
      totals.read = totals.written + totals.rejected + totals.skipped;
      this.hooks.log('info', `Resuming: ${totals.written.toLocaleString('en-US')} written and ${totals.rejected.toLocaleString('en-US')} rejected before`);
    }
    const client = createDynamoClient(this.context.target, { maxSockets: 2 });
    const table = await describeTable(client, this.spec.table).finally(() => client.destroy());
    if (this.spec.autoScaling) {
      // Raised at every start: a stop restored it, and a job that died left it raised (the original, kept in the checkpoint, is what its end restores).
      const scaling = await changeScalingTargetForJob(this.context.target, this.spec.table, this.spec.autoScaling.writeTargetDuringJob, this.hooks.now(), restored?.scalingOriginal);
      this.scalingChange = scaling;
      this.scalingOriginal = scaling.change.oldTargetUtilization;
      this.hooks.notes.push(scaling.note);
      this.hooks.log('info', scaling.note);
    }
    this.rejects = await RejectsFile.open(join(this.context.directory, 'rejects.jsonl'), restored?.rejectsBytes ?? 0);
    const done = this.done;
    this.source = await (this.context.openSource ?? openRecordSource)(this.spec.source, { skip: (ordinal) => done.has(ordinal), target: this.context.target });
    totals.bytesTotal = this.source.bytesTotal;
    const source = this.source;
    // The dashboard's per-object table: for S3 sources and loads of several files.
    if (isS3Url(this.spec.source.path) || source.files.length > 1) {
      this.audit = new LiveObjectAuditor({ spans: () => source.objectSpans(), isSettled: (o) => done.has(o), rejectsPath: join(this.context.directory, 'rejects.jsonl'), now: () => this.hooks.now() });
    }
    // The column types pinned in the spec (or inferred once, as the sample check does).
    const columnTypes = await jobColumnTypes(this.spec, this.context.target);
    this.hooks.log('info', `Column types (${columnTypes.origin}): ${columnTypesWords(columnTypes.types)}`);
    const mapper = compileMapping({ ...this.spec.mapping, columnTypes: columnTypes.types }, table.keySchema, { fieldsAreAttributeValues: this.spec.source.format === 'ddb-json' });
    const script = this.context.workerScripts['load-worker'];
    if (!script) throw new Error('The load worker entry (load-worker.js) was not given to the job');
    const senders = senderPlan(this.spec.options);
    this.pool = new SenderPool(script, senders.inFlightPerThread, this.executor.poolEvents((reasons, items) => this.throttled(reasons, items)), this.context.threads);
    this.executor.attach({ spec: this.spec, source: this.source, mapper, keyAttributes: table.keyNames, rejects: this.rejects, done: this.done, pool: this.pool });
    const data: WriterWorkerData = {
      target: this.context.target, table: this.spec.table, keyAttributes: table.keyNames, bucket: this.writeGovernor.bucket.buffer,
      maxSockets: senders.inFlightPerThread * 2, transport: this.spec.options.transport, writeMode: effectiveWriteMode(this.spec.writeMode), maxTransientAttempts: 12,
    };
    if (!this.hooks.stopping()) await this.pool.start(senders.threads, data);
    // One shard per text file or S3 object, one per Parquet row group, named so any reader finds it again.
    const shards = restoredShards ? [] : this.source.shardInputs().map((input, i) => pendingShard<null>(`shard-${i}`, input));
    return {
      shards,
      billing: { billingMode: table.billingMode, tableClass: table.tableClass, provisionedWcu: table.provisionedWcu, provisionedRcu: table.provisionedRcu, maxOnDemandWcu: table.maxOnDemandWcu },
      rateControl: {
        target: this.context.target, tableName: this.spec.table, indexNames: table.indexes.map((i) => i.name), mode: this.spec.rate, spreading: this.spec.source.spread,
        keysDistinct: table.keyNames.length === 1,
        facts: { billingMode: table.billingMode, provisionedWcu: table.provisionedWcu, maxOnDemandWcu: table.maxOnDemandWcu, recentPeakWcuPerSecond: null },
      },
    };
  }

  startMessage(): string {
    return `Started: ${this.source?.files.length ?? 0} file(s), ${this.pool?.size ?? 0} sender worker(s), ${this.writeGovernor.requestedRate.toLocaleString('en-US')} WCU/s into ${this.spec.table}`;
  }

  liveTotals(): LoadTotals {
    const t = this.totals;
    return { ...t, bytesRead: this.source?.bytesRead() ?? t.bytesRead, recordsTotal: this.source?.recordsTotal() ?? t.recordsTotal };
  }

  inFlight(): number {
    return this.executor.inFlight();
  }

  remainingUnits(): { wcu: number; rcu: number } {
    const t = this.liveTotals();
    const wcuPerItem = t.written > 0 ? t.consumedWcu / t.written : 1;
    const bytesRead = t.bytesRead;
    const estimatedTotal = t.recordsTotal ?? (bytesRead > 0 && t.read > 0 ? (t.read * t.bytesTotal) / bytesRead : t.read);
    return { wcu: Math.max(0, estimatedTotal - t.written - t.rejected - t.skipped) * wcuPerItem, rcu: 0 };
  }

  async saveState(): Promise<SavedState<LoadState>> {
    // The rejects written, the finished ordinals and the totals are taken at one moment: a
    // checkpoint never counts a reject whose line is not in the file's saved length.
    const flushed = this.rejects ? this.rejects.flush() : Promise.resolve(0);
    const totals = this.liveTotals();
    const done = this.done.toJSON();
    return { totals, state: { done, rejectsBytes: await flushed, ...(this.scalingOriginal !== null ? { scalingOriginal: this.scalingOriginal } : {}) } };
  }

  hasPendingWork(): boolean {
    const t = this.totals;
    return !this.executor.hasReadAll() || t.read - t.written - t.rejected - t.skipped > 0;
  }

  async close(state: JobSnapshot['state']): Promise<WorkReport> {
    if (this.scalingChange) {
      const restored = await this.scalingChange.restore(this.hooks.now());
      this.scalingChange = null;
      this.hooks.notes.push(restored);
      this.hooks.log(restored.startsWith('COULD NOT') ? 'error' : 'info', restored);
    }
    await this.rejects?.close();
    let objects: ObjectAuditLine[] | undefined;
    if (this.source) {
      const log = (level: 'info' | 'error', message: string) => this.hooks.log(level, message);
      const done = this.done;
      objects = await auditLoadObjects({
        spans: this.source.objectSpans(), isSettled: (o) => done.has(o), rejectsPath: join(this.context.directory, 'rejects.jsonl'),
        source: this.spec.source, target: this.context.target, completed: state === 'completed', log,
      });
      this.audit?.settle(objects);
    }
    await this.source?.close();
    return { rejectReasons: this.rejects?.reasonCounts() ?? {}, rejectSamples: this.rejects?.sample() ?? [], ...(objects ? { objects } : {}) };
  }

  snapshotExtras(): Pick<JobSnapshot, 'rejectsFile' | 'objects' | 'rejectsByReason'> {
    const objects = this.audit?.view();
    return { rejectsFile: this.rejects?.path ?? null, ...(this.rejects ? { rejectsByReason: this.rejects.reasonSummary() } : {}), ...(objects ? { objects } : {}) };
  }

  private throttled(reasons: string[], items: number): void {
    this.writeGovernor.throttled();
    this.hooks.aggregator.addThrottle(reasons, items);
    this.totals.throttled += items;
    for (const reason of reasons) this.hooks.throttlesByReason[reason] = (this.hooks.throttlesByReason[reason] ?? 0) + 1;
  }
}
