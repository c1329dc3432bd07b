import type { EngineJob, JobContext } from './engine-job';
import { LoadJob } from './load-job';
import { BackfillJob } from '../backfill/backfill-job';

/** Builds the job a spec asks for; each kind of job is its own class behind `EngineJob`. */
export function createJob(context: JobContext): EngineJob {
  const { spec } = context;
  switch (spec.kind) {
    case 'load':
      return new LoadJob({ ...context, spec });
    case 'backfill':
      return new BackfillJob({ ...context, spec });
  }
}
