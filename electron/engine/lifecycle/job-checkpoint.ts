import type { JobSpec } from '../../../shared/job-spec';
import type { JobTotals } from '../../../shared/job-status';
import type { ShardRecord } from '../shard/shard';
import type { OperatorAction } from '../../../shared/report/run-facts';

/** What a checkpoint of any job holds; `work` is the kind's own part. */
export interface JobCheckpoint<C = unknown, K = unknown> {
  version: 2;
  jobId: string;
  spec: JobSpec;
  totals: JobTotals;
  shards: ShardRecord<C>[];
  work: K;
  notes: string[];
  /** The operator's actions so far (absent in checkpoints of older builds). */
  actions?: OperatorAction[];
  startedAtMs: number | null;
  savedAtMs: number;
}
