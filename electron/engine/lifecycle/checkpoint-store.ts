import { join } from 'node:path';
import { readJsonIfExists, writeJsonDurably } from '../checkpoint/checkpoint-file';
import type { JobCheckpoint } from './job-checkpoint';

/**
 * Where a job's checkpoints go and come back from. A local job keeps `checkpoint.json` in
 * its folder; a shard run by a fleet worker keeps it in the job's shard record in Redis
 * (fleet/redis-checkpoint-store.ts), so another machine can continue it. The lifecycle
 * saves and restores through this alone, so the same lifecycle and executors run a shard
 * on either.
 */
export interface CheckpointStore {
  /** The last checkpoint saved, or null (a fresh start). */
  load(): Promise<JobCheckpoint | null>;
  /** Makes a checkpoint durable; rejects when it cannot (the job fails in words). */
  save(checkpoint: JobCheckpoint): Promise<void>;
  /** Where checkpoints go, in words (for errors). */
  readonly place: string;
}

/** The local store: `checkpoint.json` in the job's folder, written with temp file, fsync and rename. */
export function fileCheckpointStore(directory: string): CheckpointStore {
  const path = join(directory, 'checkpoint.json');
  return {
    place: directory,
    load: () => readJsonIfExists<JobCheckpoint>(path),
    save: (checkpoint) => writeJsonDurably(path, checkpoint),
  };
}
