import type { JobReport } from '../../../shared/job-report';
import type { LoadJobSpec } from '../../../shared/job-spec';
import type { JobSnapshot, JobTick } from '../../../shared/job-status';
import type { RateMode } from '../../../shared/rate-modes';
import type { ClientTarget } from '../dynamo/client-target';
import type { JobUpdate } from '../lifecycle/engine-job';

/**
 * Messages between a load job's proxy on the main thread (`WorkerHostedJob`) and the job
 * worker that runs it (load-job-worker.ts). Commands go one way; the job's updates come
 * back with its snapshot, so the proxy can answer `snapshot()` at once, as an in-process
 * job does.
 */

/** What the job worker is started with (everything of the job's context but its callbacks). */
export interface JobWorkerData {
  id: string;
  spec: LoadJobSpec;
  directory: string;
  target: ClientTarget;
  workerScripts: Record<string, string>;
  /** The governor's token bucket: the proxy pauses and closes it directly, so a pause never waits for the job's thread. */
  bucket: SharedArrayBuffer;
}

/** Proxy -> job worker: the steering calls of `EngineJob`. */
export type ToJobWorker =
  | { type: 'run'; resume: boolean }
  | { type: 'pause'; reason: string | null }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'set-rate'; wcuPerSecond: number }
  | { type: 'set-mode'; mode: RateMode }
  | { type: 'set-cost-ceiling'; maxCostUsd: number | null };

/** Job worker -> proxy. */
export type FromJobWorker =
  /** An update of the job, with its snapshot then; the first state change carries the tick history so far (a resumed job starts with its earlier ticks), later ones none. */
  | { type: 'update'; update: JobUpdate; snapshot: JobSnapshot; ticks?: JobTick[] }
  /** A fresh snapshot between updates (totals move every moment). */
  | { type: 'snapshot'; snapshot: JobSnapshot }
  /** The job's `run` has returned: its last snapshot and the report (its last tick came as an update, like every other). */
  | { type: 'ended'; snapshot: JobSnapshot; report: JobReport | null };
