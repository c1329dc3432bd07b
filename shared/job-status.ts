/**
 * What a running job reports: its lifecycle state, its totals and its per-second ticks.
 * These cross every boundary (IPC, WebSocket, report files), so they stay plain data.
 */
import type { JobCapacityView } from './capacity-view';
import type { FleetStatus } from './fleet-status';
import type { JobSpec } from './job-spec';
import type { RateMode } from './rate-modes';

/** Lifecycle of a job; `completed`, `failed` and `stopped` are final. */
export type JobState = 'validating' | 'running' | 'paused' | 'stopping' | 'completed' | 'failed' | 'stopped';

/** True for the states a job never leaves. */
export function isFinalState(state: JobState): boolean {
  return state === 'completed' || state === 'failed' || state === 'stopped';
}

/**
 * Running totals of a job. A load reads records: read = written + rejected + pending.
 * A backfill reads items by scanning: read (scanned) = written (changed) + unchanged +
 * skipped (changed concurrently) + rejected (failed) + pending.
 */
export interface JobTotals {
  read: number;
  written: number;
  rejected: number;
  /** Backfills: items read that needed no change. */
  unchanged: number;
  /** Backfills: writes whose condition failed because the item changed meanwhile. */
  skipped: number;
  consumedRcu: number;
  /** Records dropped because a later record in the same batch had the same key. */
  duplicates: number;
  retried: number;
  throttled: number;
  consumedWcu: number;
  bytesRead: number;
  bytesTotal: number;
  /** Records in the input once known (after indexing or reading it all), else null. */
  recordsTotal: number | null;
  /** Backfills: scan segments finished and in all (null for loads). */
  segmentsDone: number | null;
  segmentsTotal: number | null;
}

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

/** Everything the UI needs to draw one job's card and dashboard. */
export interface JobSnapshot {
  id: string;
  spec: JobSpec;
  state: JobState;
  createdAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  totals: JobTotals;
  /** The operator's rate, WCU/s. */
  rateWcuPerSecond: number;
  /** The operator's read rate, RCU/s (backfills); null for loads. */
  readRateRcuPerSecond: number | null;
  error: ErrorInfo | null;
  rejectsFile: string | null;
  cost: JobCost | null;
  /** Why the job is paused when the engine paused it (cost ceiling, outside a window); null otherwise. */
  pauseReason: string | null;
  /** Who paused the job: the operator, the cost ceiling, or the rate mode's time window. */
  pausedBy: 'operator' | 'cost' | 'window' | null;
  /** The rate mode in force (loads); null for jobs without one. */
  rateMode: RateMode | null;
  /** CloudWatch minutes, organic estimate, rate decision and throttle diagnosis; null before the job starts. */
  capacity: JobCapacityView | null;
  /** The fleet's workers, shards and shared rate, when the job runs on a fleet (shared/fleet-status.ts). */
  fleet?: FleetStatus;
}

/** A fresh, all-zero totals record. */
export function emptyTotals(): JobTotals {
  return {
    read: 0, written: 0, rejected: 0, unchanged: 0, skipped: 0, consumedRcu: 0,
    duplicates: 0, retried: 0, throttled: 0, consumedWcu: 0, bytesRead: 0, bytesTotal: 0, recordsTotal: null,
    segmentsDone: null, segmentsTotal: null,
  };
}

/**
 * How far a job is, 0..1: settled records over all records when the count is known,
 * else bytes read over bytes in the input (spreading may read everything before the
 * first write, so records are the better measure when there is one).
 */
export function jobProgress(totals: JobTotals): number {
  if (totals.segmentsTotal) return Math.min(1, (totals.segmentsDone ?? 0) / totals.segmentsTotal);
  if (totals.recordsTotal !== null && totals.recordsTotal > 0) {
    return Math.min(1, (totals.written + totals.rejected + totals.unchanged + totals.skipped) / totals.recordsTotal);
  }
  return totals.bytesTotal > 0 ? Math.min(1, totals.bytesRead / totals.bytesTotal) : 0;
}
