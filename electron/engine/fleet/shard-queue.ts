import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { SHARD_QUEUE_NAME } from './fleet-keys';

/**
 * The queue of shards (BullMQ) as coordinators fill it: one queue entry per shard, named
 * `job/shard` so a shard is never queued twice. Entries carry ids only; the shard's input
 * and checkpoint live in the job's shard store, so a shard taken over continues from the
 * checkpoint the last worker wrote, not from what was queued.
 */

/** What a queue entry holds. */
export interface ShardJobData {
  jobId: string;
  shardId: string;
}

/** How often a failing shard is tried and how long the first wait is (it doubles each time). */
export interface ShardRetry {
  attempts: number;
  backoffMs: number;
}

/** A shard that fails (its worker could not reach the table, S3...) is tried 6 times, 5 s, 10 s, 20 s... apart. */
export const DEFAULT_SHARD_RETRY: ShardRetry = { attempts: 6, backoffMs: 5000 };

/** The BullMQ id of a shard's queue entry. */
export function shardEntryId(jobId: string, shardId: string): string {
  return `${jobId}/${shardId}`;
}

/**
 * Opens the shard queue on a connection made with `openRedis(..., 'queue')`. Without an
 * 'error' listener BullMQ prints connection errors raw (a stack per reconnect attempt while
 * Redis is away); `onError` gets them instead (ignored by default: the coordinator's own
 * reads say, in words, that it cannot steer the fleet meanwhile).
 */
export function openShardQueue(connection: Redis, onError: (error: Error) => void = () => {}): Queue<ShardJobData> {
  const queue = new Queue<ShardJobData>(SHARD_QUEUE_NAME, { connection });
  queue.on('error', onError);
  return queue;
}

/** Queues shards of a job (shards queued already, waiting or running, are left as they are). */
export async function enqueueShards(queue: Queue<ShardJobData>, jobId: string, shardIds: readonly string[], retry: ShardRetry = DEFAULT_SHARD_RETRY): Promise<void> {
  // An entry that failed for good stays in BullMQ's failed set under its id; clear it so the shard can be queued again.
  const wanted = new Set(shardIds.map((shardId) => shardEntryId(jobId, shardId)));
  for (const failed of await queue.getJobs(['failed'])) {
    if (failed?.id && wanted.has(failed.id)) await failed.remove();
  }
  await queue.addBulk(shardIds.map((shardId) => ({
    name: 'shard',
    data: { jobId, shardId },
    opts: {
      jobId: shardEntryId(jobId, shardId),
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  })));
}
