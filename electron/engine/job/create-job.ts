import type { EngineJob, JobContext } from './engine-job';
import { WorkerHostedJob } from './worker-hosted-job';
import { BackfillJob } from '../backfill/backfill-job';

/**
 * Builds the job a spec asks for; each kind of job is its own class behind `EngineJob`.
 * A load runs in a worker thread of its own (`WorkerHostedJob` around `LoadJob`); a
 * backfill's scanning already runs in its workers.
 */
export function createJob(context: JobContext): EngineJob {
  const { spec } = context;
  switch (spec.kind) {
    case 'load':
      return new WorkerHostedJob({ ...context, spec });
    case 'backfill':
      return new BackfillJob({ ...context, spec });
  }
}
