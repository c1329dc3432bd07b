import { JobLifecycle } from '../lifecycle/job-lifecycle';
import { LifecycleJob } from '../lifecycle/lifecycle-job';
import { LoadWork, type LoadJobContext, type LoadState } from './load-work';

export type { LoadJobContext, LoadState } from './load-work';

/**
 * A load job on the shared lifecycle: reads, maps and batches records on its thread,
 * sends batches through its sender workers, and accounts for every record (written,
 * rejected, or pending in the checkpoint). Runs in a worker thread of its own
 * (load-job-worker.ts, behind `WorkerHostedJob`).
 */
export function createLoadJob(context: LoadJobContext): LifecycleJob {
  const lifecycle = new JobLifecycle<null, LoadState>(context, (hooks) => new LoadWork(context, hooks));
  return new LifecycleJob(lifecycle as unknown as JobLifecycle);
}
