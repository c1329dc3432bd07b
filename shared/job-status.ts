/**
 * What a running job reports: its lifecycle state, its totals and its per-second ticks.
 * These cross every boundary (IPC, WebSocket, report files), so they stay plain data.
 */
import type { JobCapacityView } from './capacity-view';
import { backfillWriteMode, type BackfillJobSpec } from './backfill-spec';
import type { FleetStatus } from './fleet-status';
import type { JobSpec, LoadJobSpec } from './job-spec';
import type { ObjectAuditLine, RejectLine } from './job-report';
import type { OperatorAction } from './report/run-facts';
import type { RateMode } from './rate-modes';

/** Lifecycle of a job; `completed`, `failed` and `stopped` are final. */
export type JobState = 'validating' | 'running' | 'paused' | 'stopping' | 'completed' | 'failed' | 'stopped';

/** True for the states a job never leaves. */
export function isFinalState(state: JobState): boolean {
  return state === 'completed' || state === 'failed' || state === 'stopped';
}

/** What every job counts, whatever its kind. */
interface CommonTotals {
  read: number;
  written: number;
  rejected: number;
  /**
   * Writes whose condition failed: an insert-only load's record whose key was already
   * there, a backfill's item that changed meanwhile. Billed, not written, not rejected.
   */
  skipped: number;
  /** Requests retried after a transient error or a throttle (counted per item for batches). */
  retried: number;
  throttled: number;
  consumedWcu: number;
  /**
   * What the input holds once known: a load's records (after indexing or reading it all),
   * a backfill's items (the table's own estimate); else null.
   */
  recordsTotal: number | null;
}

/** Running totals of a load: read = written + skipped + rejected + pending. */
export interface LoadTotals extends CommonTotals {
  kind: 'load';
  /** Records dropped because a later record in the same batch had the same key. */
  duplicates: number;
  bytesRead: number;
  bytesTotal: number;
}

/**
 * Running totals of a backfill, which reads items by scanning: read (scanned) = written
 * (changed) + unchanged + skipped (changed concurrently) + rejected (failed) + pending.
 */
export interface BackfillTotals extends CommonTotals {
  kind: 'backfill';
  /** Items read that needed no change. */
  unchanged: number;
  consumedRcu: number;
  /** Scan segments finished, and in all (0 until the scan is planned). */
  segmentsDone: number;
  segmentsTotal: number;
}

/** Running totals of a job, keyed by its kind (the spec's `kind`). */
export type JobTotals = LoadTotals | BackfillTotals;

/** The kinds of job; a snapshot's, its totals' and its spec's `kind` always agree. */
export type JobKind = JobTotals['kind'];

/** One second of a job, aggregated by the engine; the UI and the report are fed by these. */
export interface JobTick {
  /** Wall-clock time at the end of the second, epoch ms. */
  atMs: number;
  /** Seconds since the job started running. */
  second: number;
  read: number;
  written: number;
  rejected: number;
  retried: number;
  throttled: number;
  consumedWcu: number;
  /** Read capacity consumed this second (backfill scans). */
  consumedRcu: number;
  /** Throttle events in this second, by DynamoDB throttling reason. */
  throttlesByReason: Record<string, number>;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  inFlight: number;
  targetWcuPerSecond: number;
}

/** An error as it crosses a boundary: a name and words, never a stack. */
export interface ErrorInfo {
  name: string;
  message: string;
}

/** The live spend meter of a job, in dollars. */
export interface JobCost {
  /** How the writes are billed: on-demand, autoscaling, fixed or already-paid. */
  billing: string;
  spentUsd: number;
  projectedTotalUsd: number;
  /** False when the projection depends on a rate that is zero now (paused). */
  projectionKnown: boolean;
  ceilingUsd: number | null;
}

/** What every job's snapshot holds, whatever its kind. */
export interface JobSnapshotBase {
  id: string;
  state: JobState;
  createdAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  /** The operator's rate, WCU/s. */
  rateWcuPerSecond: number;
  error: ErrorInfo | null;
  rejectsFile: string | null;
  cost: JobCost | null;
  /** Why the job is paused when the engine paused it (cost ceiling, outside a window); null otherwise. */
  pauseReason: string | null;
  /** Who paused the job: the operator, the cost ceiling, or the rate mode's time window. */
  pausedBy: 'operator' | 'cost' | 'window' | null;
  /** CloudWatch minutes, organic estimate, rate decision and throttle diagnosis; null before the job starts. */
  capacity: JobCapacityView | null;
  /** The fleet's workers, shards and shared rate, when the job runs on a fleet (shared/fleet-status.ts). */
  fleet?: FleetStatus;
  /** Per-object audit of a load of several files or of S3 objects (refreshed every few seconds); absent otherwise. */
  objects?: LiveObjectAudit;
  /**
   * Rejected records by reason, most frequent first, as the rejects file counts them (the
   * report's `rejects.byReason` is the same count); absent before the job opens its file.
   */
  rejectsByReason?: RejectReasonCount[];
  /** What the operator (or the cost ceiling, or a time window) did to the job so far, in order: the report's actions. */
  actions?: OperatorAction[];
}

/** One reason records were rejected for: how many, and the first record rejected for it. */
export interface RejectReasonCount {
  /** The reason with numbers and quoted values folded, so alike rejects group. */
  reason: string;
  count: number;
  /** The first record rejected for it; null when the run no longer knows it (a report lists only its first rejects). */
  example: RejectLine | null;
}

/** The per-object audit as a job's snapshot carries it: the lines most worth seeing, and counts over all. */
export interface LiveObjectAudit {
  /** At most a few hundred lines: failed first, then those being loaded, then the rest, in source order. */
  lines: ObjectAuditLine[];
  objects: number;
  done: number;
  failed: number;
  /** When it was counted. */
  atMs: number;
}

/** A load's snapshot: its spec, its totals and the rate mode in force. */
export interface LoadJobSnapshot extends JobSnapshotBase {
  kind: 'load';
  spec: LoadJobSpec;
  totals: LoadTotals;
  /** The rate mode in force (the spec's, or the one the operator set since). */
  rateMode: RateMode;
}

/** A backfill's snapshot: its spec, its totals, its write rate mode and the scan's read rate. */
export interface BackfillJobSnapshot extends JobSnapshotBase {
  kind: 'backfill';
  spec: BackfillJobSpec;
  totals: BackfillTotals;
  /** The write rate mode in force (the spec's write side, or the one the operator set since). */
  rateMode: RateMode;
  /** The operator's read rate for the scan, RCU/s. */
  readRateRcuPerSecond: number;
}

/** Everything the UI needs to draw one job's card and dashboard, keyed by the job's kind. */
export type JobSnapshot = LoadJobSnapshot | BackfillJobSnapshot;

/**
 * The snapshot of a job of the spec's kind: what every job shows, the kind's totals and
 * its live rates (a load's rate mode, a backfill's read rate; the spec's when not given).
 */
export function makeJobSnapshot(
  base: JobSnapshotBase, spec: JobSpec, totals: JobTotals,
  live: { rateMode?: RateMode | null | undefined; readRateRcuPerSecond?: number | null | undefined } = {},
): JobSnapshot {
  if (spec.kind === 'load') return { ...base, kind: 'load', spec, totals: totalsOfKind('load', totals), rateMode: live.rateMode ?? spec.rate };
  return {
    ...base, kind: 'backfill', spec, totals: totalsOfKind('backfill', totals), rateMode: live.rateMode ?? backfillWriteMode(spec.rate),
    readRateRcuPerSecond: live.readRateRcuPerSecond ?? spec.rate.rcuPerSecond,
  };
}

/** A fresh, all-zero totals record for a job of this kind. */
export function emptyTotals(kind: 'load'): LoadTotals;
export function emptyTotals(kind: 'backfill'): BackfillTotals;
export function emptyTotals(kind: JobKind): JobTotals;
export function emptyTotals(kind: JobKind): JobTotals {
  const common = { read: 0, written: 0, rejected: 0, skipped: 0, retried: 0, throttled: 0, consumedWcu: 0, recordsTotal: null };
  return kind === 'load'
    ? { kind, ...common, duplicates: 0, bytesRead: 0, bytesTotal: 0 }
    : { kind, ...common, unchanged: 0, consumedRcu: 0, segmentsDone: 0, segmentsTotal: 0 };
}

/**
 * Totals of a job of this kind from a stored record (a checkpoint or report of any
 * Capstan version, whose totals may predate the kind key): only the kind's own counts
 * are taken, and a count missing or not a number stays zero.
 */
export function totalsFromStored(kind: 'load', stored: unknown): LoadTotals;
export function totalsFromStored(kind: 'backfill', stored: unknown): BackfillTotals;
export function totalsFromStored(kind: JobKind, stored: unknown): JobTotals;
export function totalsFromStored(kind: JobKind, stored: unknown): JobTotals {
  const totals: JobTotals = emptyTotals(kind);
  if (typeof stored !== 'object' || stored === null) return totals;
  const source = stored as Record<string, unknown>;
  const target = totals as unknown as Record<string, unknown>;
  for (const field of Object.keys(totals)) {
    if (field === 'kind') continue;
    const value = source[field];
    if (typeof value === 'number' || (value === null && field === 'recordsTotal')) target[field] = value;
  }
  return totals;
}

/** Totals known to be of this kind; anything else is a bug (the engine never mixes kinds), thrown in words. */
export function totalsOfKind<K extends JobKind>(kind: K, totals: JobTotals): Extract<JobTotals, { kind: K }> {
  if (totals.kind !== kind) throw new Error(`A ${kind} job was handed the totals of a ${totals.kind} job`);
  return totals as Extract<JobTotals, { kind: K }>;
}

/** Read capacity a job consumed: a backfill's scan; a load reads none. */
export function consumedRcuOf(totals: JobTotals): number {
  return totals.kind === 'backfill' ? totals.consumedRcu : 0;
}

/** Items a job read that needed no write: a backfill's unchanged items; none for a load. */
export function unchangedOf(totals: JobTotals): number {
  return totals.kind === 'backfill' ? totals.unchanged : 0;
}

/**
 * How far a job is, 0..1: settled records over all records when the count is known,
 * else bytes read over bytes in the input (spreading may read everything before the
 * first write, so records are the better measure when there is one).
 */
export function jobProgress(totals: JobTotals): number {
  if (totals.kind === 'backfill' && totals.segmentsTotal > 0) return Math.min(1, totals.segmentsDone / totals.segmentsTotal);
  if (totals.recordsTotal !== null && totals.recordsTotal > 0) {
    return Math.min(1, (totals.written + totals.rejected + unchangedOf(totals) + totals.skipped) / totals.recordsTotal);
  }
  if (totals.kind !== 'load' || totals.bytesTotal <= 0) return 0;
  // Records not counted yet: the share of bytes read, times the share of what was read that is settled
  // (the reader runs ahead of the writes; a stopped run with the file read but little written is not done).
  const settled = totals.written + totals.rejected + totals.skipped;
  return Math.min(1, (totals.bytesRead / totals.bytesTotal) * (totals.read > 0 ? settled / totals.read : 1));
}
