import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore } from '../lifecycle/checkpoint-store';
import type { JobCheckpoint } from '../lifecycle/job-checkpoint';
import type { FleetShardContext } from './fleet-shard-runner';

/**
 * A fleet shard's checkpoints, kept in its shard record in Redis (through the worker, which
 * writes only while this attempt owns the shard). A checkpoint carries the shard's
 * lifecycle checkpoint (totals, the shard's resume point, the kind's state) and the
 * shard's rejects file up to the length that checkpoint counts, so whichever worker
 * continues the shard starts from the same totals with the same reject lines on its disk.
 */

/** What a fleet shard's checkpoint holds. */
export interface FleetShardCheckpoint {
  job: JobCheckpoint;
  /** The shard's rejects file (JSON lines) up to the length the checkpoint counts. */
  rejects: string;
}

/** The length of the rejects file a kind's checkpoint state counts (both kinds keep `rejectsBytes`). */
function rejectsBytesOf(checkpoint: JobCheckpoint): number {
  const bytes = (checkpoint.work as { rejectsBytes?: unknown } | null)?.rejectsBytes;
  return typeof bytes === 'number' ? bytes : 0;
}

/**
 * A checkpoint store over a fleet shard's record. `initial` is the checkpoint a shard
 * starts from when it has none yet (null: the kind plans its one shard itself).
 */
export function redisCheckpointStore(context: FleetShardContext<FleetShardCheckpoint>, directory: string, initial: JobCheckpoint | null): CheckpointStore {
  const rejectsPath = join(directory, 'rejects.jsonl');
  return {
    place: `Redis (job ${context.jobId}, shard ${context.shard.id})`,
    async load() {
      const saved = context.shard.checkpoint;
      if (!saved) return initial;
      // The reject lines up to the checkpoint, as the worker that wrote it had them on its disk.
      await writeFile(rejectsPath, saved.rejects);
      return saved.job;
    },
    async save(checkpoint) {
      const bytes = rejectsBytesOf(checkpoint);
      const rejects = bytes > 0 ? (await readFile(rejectsPath)).subarray(0, bytes).toString('utf8') : '';
      const t = checkpoint.totals;
      const owned = await context.checkpoint({ job: checkpoint, rejects }, { read: t.read, written: t.written, rejected: t.rejected });
      if (!owned) throw Object.assign(new Error(`Shard ${context.shard.id} was taken over by another worker; this attempt stops`), { name: 'ShardTakenOver' });
    },
  };
}
