import type { EngineJob, JobContext } from './lifecycle/engine-job';
import { WorkerHostedJob } from './job/worker-hosted-job';
import { createBackfillJob } from './backfill/backfill-job';

/**
 * Builds the job a spec asks for; every kind runs on the one job lifecycle behind `EngineJob`.
 * A load runs in a worker thread of its own (`WorkerHostedJob` around the load job of `createLoadJob`); a
 * backfill's scanning already runs in its workers.
 */
export function createJob(context: JobContext): EngineJob {
  const { spec } = context;
  switch (spec.kind) {
    case 'load':
      return new WorkerHostedJob({ ...context, spec });
    case 'backfill':
      return createBackfillJob({ ...context, spec });
  }
}
