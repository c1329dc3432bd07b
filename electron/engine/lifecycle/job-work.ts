/**
 * What one kind of job (load, backfill) gives the shared lifecycle: how to prepare and
 * plan, an executor for its shards, its counts, its part of the checkpoint and of the
 * report. Everything else a job does — states, pause/resume, stop (cooperative then
 * forced), fail, end, timers, checkpoint cadence, spend meter, rate control, the report —
 * is the lifecycle's (job-lifecycle.ts), once for every kind.
 */
import type { MeterBilling } from '../../../shared/cost';
import type { ObjectAuditLine, RejectLine } from '../../../shared/job-report';
import type { ErrorInfo, JobSnapshot, JobTotals } from '../../../shared/job-status';
import type { Governor } from '../governor/governor';
import type { TickAggregator } from './tick-aggregator';
import type { ShardRecord } from '../shard/shard';
import type { ShardEvents, ShardExecutor } from '../shard/shard-executor';
import type { RateControlSetup } from './rate-control';

/** Who paused a job. */
export type PausedBy = 'operator' | 'cost' | 'window';

/** What the lifecycle hands a job kind: shared counters and the ways to reach it. */
export interface LifecycleHooks<C = unknown> {
  /** The job's running totals; the kind adds to them as its executors report. */
  readonly totals: JobTotals;
  /** This second's counts (read, written, latencies, throttles...). */
  readonly aggregator: TickAggregator;
  /** Throttle events of the whole run, by reason. */
  readonly throttlesByReason: Record<string, number>;
  /** Where executors report shard progress (the lifecycle tracks shard states from it). */
  readonly shardEvents: ShardEvents<C>;
  /** Notes the report records (decisions, safety actions). */
  readonly notes: string[];
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Fails the job: it ends within seconds, with its report and its checkpoint. */
  fail(error: ErrorInfo): void;
  /** Saves a checkpoint soon (within a few hundred ms), e.g. so writes waiting on one can go. */
  checkpointSoon(): void;
  /** Saves a checkpoint now (e.g. right after a safety action, so a crash does not repeat it). */
  checkpointNow(): Promise<void>;
  /** The spend meter's billing, once the table's facts are known (a trial projects its cost with it). */
  meterBilling(): MeterBilling | null;
  /** True once a stop or a failure was asked for: take no new work. */
  stopping(): boolean;
  now(): number;
}

/** What `prepare` found: the plan and the table's facts for billing and rate control. */
export interface PreparedWork<C = unknown> {
  /** The plan of a fresh run; ignored on resume (the checkpoint's shards are used). */
  shards: ShardRecord<C>[];
  billing: {
    billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
    tableClass: 'standard' | 'standard-ia';
    /** The table's capacity at start, for the report's chart and billing label. */
    provisionedWcu?: number | null;
    provisionedRcu?: number | null;
    maxOnDemandWcu?: number | null;
  } | null;
  /** Rate control for kinds with rate modes; null for a fixed governor rate. */
  rateControl: Omit<RateControlSetup, 'log'> | null;
}

/** The kind's own part of a checkpoint, with the totals taken at the same moment. */
export interface SavedState<K> {
  totals: JobTotals;
  state: K;
  /** Called once the checkpoint holding this state is durable. */
  afterSave?: () => void;
}

/** The kind's part of the report. */
export interface WorkReport {
  rejectReasons: Record<string, number>;
  rejectSamples: RejectLine[];
  /** A load's per-object audit (every file or S3 object and what became of its records). */
  objects?: ObjectAuditLine[];
}

/** One kind of job, driven by `JobLifecycle`. */
export interface JobWork<C = unknown, K = unknown> {
  /** The governor of writes; pause, stop and the operator's rate act on it. */
  readonly writeGovernor: Governor;
  /** The governor of reads (jobs that scan), else null. */
  readonly readGovernor: Governor | null;
  readonly executor: ShardExecutor<C>;
  /**
   * Describes the table, checks the spec, opens files and plans shards. `restored` is
   * the kind's part of the checkpoint on resume. May throw: the job fails in words.
   */
  prepare(restored: K | null, shards: readonly ShardRecord<C>[] | null): Promise<PreparedWork<C>>;
  /**
   * Runs once the plan is in the lifecycle's shard table (so a checkpoint saved now holds
   * it) and before any shard starts: safety actions, opening output files. May throw.
   */
  setUp?(): Promise<void>;
  /** Words for the log line at start. */
  startMessage(pendingShards: number, totalShards: number): string;
  /** Totals as the UI shows them now (with what is in flight). */
  liveTotals(): JobTotals;
  /** Batches or pages in flight, for the tick. */
  inFlight(): number;
  /** Units still to consume, for the spend meter's projection. */
  remainingUnits(): { wcu: number; rcu: number };
  /**
   * Flushes the kind's files and returns its part of the checkpoint. Everything it
   * records is taken synchronously, before its first await (the lifecycle takes the shard
   * table in that same moment), so totals, positions and file lengths always match.
   */
  saveState(): Promise<SavedState<K>>;
  /** True when the input still holds work no shard has finished (records pending, not read). */
  hasPendingWork(): boolean;
  /** Closes files; the kind's last words for the report. */
  close(state: JobSnapshot['state'], error: ErrorInfo | null): Promise<WorkReport>;
  /** The kind's parts of the snapshot. */
  snapshotExtras(): Pick<JobSnapshot, 'rejectsFile' | 'objects' | 'rejectsByReason'>;
}
