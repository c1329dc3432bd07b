import type { BackfillTrialResult } from '../../../shared/backfill-spec';
import type { JobSpec } from '../../../shared/job-spec';
import type { RateMode } from '../../../shared/rate-modes';
import type { JobReport } from '../../../shared/job-report';
import type { JobSnapshot, JobTick } from '../../../shared/job-status';
import type { ClientTarget } from '../dynamo/client-target';
import type { CapacityBudget } from './capacity-budget';
import type { CheckpointStore } from './checkpoint-store';
import type { JobThreads } from './job-threads';

/** What any job is handed by the job manager. */
export interface JobContext<S extends JobSpec = JobSpec> {
  id: string;
  spec: S;
  /** This job's own folder: checkpoint, rejects, report. */
  directory: string;
  target: ClientTarget;
  /** Built worker entries, by name: `load-worker`, ... (out/main/<name>.js). */
  workerScripts: Record<string, string>;
  /** Called on every state change, every tick and every log line. */
  onUpdate(update: JobUpdate): void;
  now?: () => number;
  /** Where checkpoints go: `checkpoint.json` in `directory` unless given (a fleet shard's go to Redis). */
  checkpoints?: CheckpointStore;
  /** Where capacity comes from: the job's own governors unless given (a fleet shard leases from the fleet). */
  budget?: CapacityBudget;
  /** Where worker threads come from: new ones per job unless given (a fleet worker keeps them between shards). */
  threads?: JobThreads;
}

/** What a job tells its manager. */
export type JobUpdate =
  | { kind: 'state' }
  | { kind: 'tick'; tick: JobTick }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/**
 * The surface every kind of job (load, backfill) offers the job manager and the faces:
 * run it (or resume it from its checkpoint), steer it, read it.
 */
export interface EngineJob {
  readonly id: string;
  /** Runs to the end; never throws (a failure becomes the `failed` state). */
  run(resume: boolean): Promise<void>;
  snapshot(): JobSnapshot;
  tickHistory(): JobTick[];
  /** The report, once the job has ended. */
  finalReport(): JobReport | null;
  /** No new request leaves within milliseconds; requests in flight finish. */
  pause(reason?: string | null): void;
  resume(): void;
  /** Graceful stop: in-flight requests finish, the rest stays pending in the checkpoint. */
  stop(): void;
  /** The operator's write rate, WCU/s. */
  setRate(wcuPerSecond: number): void;
  /** The operator's read rate, RCU/s (jobs that read the table). */
  setReadRate?(rcuPerSecond: number): void;
  setCostCeiling(maxCostUsd: number | null): void;
  /** Switches the rate mode while running (jobs with rate modes). */
  setMode?(mode: RateMode): void;
  /** A trial run's findings (backfills run as a trial). */
  trialResult?(): BackfillTrialResult | null;
}
