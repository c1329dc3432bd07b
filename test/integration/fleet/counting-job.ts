import type { Redis } from 'ioredis';
import { FleetBudget } from '../../../electron/engine/fleet/fleet-budget';
import type { FleetJobPlan } from '../../../electron/engine/fleet/fleet-coordinator';
import { enqueueShards, openShardQueue } from '../../../electron/engine/fleet/shard-queue';
import { ShardStore } from '../../../electron/engine/fleet/shard-store';
import { pendingShard } from '../../../electron/engine/shard/shard';
import type { CountingSpec } from './counting-runner';

/** What a counting job looks like once planned. */
export interface CountingJob {
  jobId: string;
  spec: CountingSpec;
  budget: FleetBudget;
  store: ShardStore;
  items: number;
}

/** How a counting job is cut. */
export interface CountingOptions {
  jobId: string;
  shards: number;
  itemsPerShard: number;
  rate: number;
  capstanVersion: string;
  checkpointEvery?: number;
  failingItem?: number;
}

/** The plan a coordinator opens for a counting job. */
export function countingPlan(options: CountingOptions): FleetJobPlan & { spec: CountingSpec; items: number } {
  const { jobId } = options;
  const spec: CountingSpec = { kind: 'counting-test', checkpointEvery: options.checkpointEvery ?? 10, writesKey: `test:${jobId}:writes`, failingItem: options.failingItem ?? null };
  const items = options.shards * options.itemsPerShard;
  const shards = Array.from({ length: options.shards }, (_, k) => pendingShard(`s${k}`, {
    kind: 'byte-range', entry: { name: 'counting', sizeBytes: items, version: null },
    startByte: k * options.itemsPerShard, endByte: (k + 1) * options.itemsPerShard,
  }));
  return { jobId, spec, shards, items, capstanVersion: options.capstanVersion, mode: 'fixed', rates: { write: options.rate } };
}

/** Plans a counting job straight into Redis (no coordinator) and queues its shards. */
export async function planCountingJob(redis: Redis, queueConnection: Redis, options: CountingOptions): Promise<CountingJob> {
  const { jobId, spec, shards, items } = countingPlan(options);
  const budget = new FleetBudget(redis, jobId);
  await budget.create({ capstanVersion: options.capstanVersion, mode: 'fixed', rates: { write: options.rate } });
  const store = new ShardStore(redis, jobId);
  await store.createPlan(spec, shards);
  const queue = openShardQueue(queueConnection);
  await enqueueShards(queue, jobId, shards.map((s) => s.id));
  await queue.close();
  return { jobId, spec, budget, store, items };
}

/** How often each item was written. */
export async function writesPerItem(redis: Redis, job: Pick<CountingJob, 'spec' | 'items'>): Promise<number[]> {
  const raw = await redis.hgetall(job.spec.writesKey);
  return Array.from({ length: job.items }, (_, i) => Number(raw[String(i)] ?? 0));
}
