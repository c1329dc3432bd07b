import { JobLifecycle } from '../lifecycle/job-lifecycle';
import { LifecycleJob } from '../lifecycle/lifecycle-job';
import type { BackfillShardCheckpoint } from './backfill-executor';
import { BackfillWork, type BackfillJobContext, type BackfillState } from './backfill-work';

export type { BackfillJobContext, BackfillState } from './backfill-work';
export type { SegmentCheckpoint } from './backfill-executor';

/**
 * A backfill job on the shared lifecycle: a shuffled parallel scan of a live table that
 * changes (or only reads) each item with a conditional write, its scan workers running
 * the plan's shards (sets of segments). Runs on the main thread: its scanning and
 * writing already happen in the workers.
 */
export function createBackfillJob(context: BackfillJobContext): LifecycleJob {
  let work: BackfillWork | null = null;
  const lifecycle = new JobLifecycle<BackfillShardCheckpoint, BackfillState>(context, (hooks) => (work = new BackfillWork(context, hooks)));
  return new LifecycleJob(lifecycle as unknown as JobLifecycle, () => work?.trialResult() ?? null);
}
