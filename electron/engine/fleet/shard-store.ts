import type { Redis } from 'ioredis';
import type { ShardCounts, ShardOutcome, ShardRecord } from '../shard/shard';
import { fleetJobKeys, type FleetJobKeys } from './fleet-keys';

/**
 * A fleet job's plan in Redis: the spec and every shard record (input, state, checkpoint,
 * outcome, all plain data). An attempt at a shard claims it with its BullMQ lock token, and
 * only the owning attempt may write the shard's checkpoint or outcome: a worker that lost
 * its lock (it stalled, and the shard went to another worker) finds out at its next write
 * and stops, so two workers never interleave checkpoints of one shard.
 */

/** A shard as the fleet keeps it: the lifecycle's record plus the counts at its checkpoint. */
export interface FleetShardRecord<C = unknown> extends ShardRecord<C> {
  /** Counts up to the checkpoint: a resumed shard continues from them, so the totals stay exact. */
  checkpointCounts: ShardCounts;
}

const WRITE_IF_OWNER = `
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

const CLAIM = `
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return redis.call('HGET', KEYS[1], ARGV[1])`;

/** One job's plan and shard records in Redis. */
export class ShardStore {
  readonly keys: FleetJobKeys;

  constructor(private readonly redis: Redis, readonly jobId: string) {
    this.keys = fleetJobKeys(jobId);
  }

  /** Writes the spec and the plan unless a plan is there already (a restarted coordinator keeps it); true when written. */
  async createPlan(spec: unknown, shards: readonly ShardRecord<unknown>[]): Promise<boolean> {
    const created = await this.redis.set(this.keys.spec, JSON.stringify(spec), 'NX');
    if (created !== 'OK') return false;
    const fields: string[] = [];
    for (const shard of shards) fields.push(shard.id, JSON.stringify({ ...shard, checkpointCounts: { read: 0, written: 0, rejected: 0 } } satisfies FleetShardRecord));
    if (fields.length > 0) await this.redis.hset(this.keys.shards, ...fields);
    return true;
  }

  /** The job's spec as the coordinator wrote it (not validated here), or null. */
  async spec(): Promise<unknown> {
    const text = await this.redis.get(this.keys.spec);
    return text === null ? null : (JSON.parse(text) as unknown);
  }

  /** Every shard record, in no particular order. */
  async shards<C = unknown>(): Promise<FleetShardRecord<C>[]> {
    const raw = await this.redis.hgetall(this.keys.shards);
    return Object.values(raw).map((text) => JSON.parse(text) as FleetShardRecord<C>);
  }

  /** Which worker ran each shard last. */
  async shardWorkers(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.shardWorkers);
  }

  /** Makes attempt `token` of `workerId` the owner of a shard and returns its record (with the last checkpoint). */
  async claim<C = unknown>(shardId: string, token: string, workerId: string): Promise<FleetShardRecord<C>> {
    const text = (await this.redis.eval(CLAIM, 3, this.keys.shards, this.keys.owners, this.keys.shardWorkers, shardId, token, workerId)) as string | null;
    if (text === null) throw new Error(`Job ${this.jobId} has no shard ${shardId} in its plan`);
    return JSON.parse(text) as FleetShardRecord<C>;
  }

  /** Saves a shard's record if attempt `token` still owns it; false when another attempt took it over. */
  async write<C>(record: FleetShardRecord<C>, token: string): Promise<boolean> {
    const written = await this.redis.eval(WRITE_IF_OWNER, 2, this.keys.shards, this.keys.owners, record.id, token, JSON.stringify(record));
    return written === 1;
  }

  /** Puts shards that are not done back to pending (a coordinator resuming a stopped job); returns their ids. */
  async reopen(): Promise<string[]> {
    const reopened: string[] = [];
    for (const shard of await this.shards()) {
      if (shard.state === 'done') continue;
      const pending: FleetShardRecord = { ...shard, state: 'pending', outcome: null };
      await this.redis.hset(this.keys.shards, shard.id, JSON.stringify(pending));
      reopened.push(shard.id);
    }
    return reopened;
  }

  /** Keeps the job's auto-scaling change (plain data) so a coordinator that attaches restores it; null forgets it (restored). */
  async keepScaling(change: unknown): Promise<void> {
    if (change === null) await this.redis.del(this.keys.scaling);
    else await this.redis.set(this.keys.scaling, JSON.stringify(change));
  }

  /** The auto-scaling change kept with the job and not restored yet, or null. */
  async scaling(): Promise<unknown> {
    const text = await this.redis.get(this.keys.scaling);
    return text === null ? null : (JSON.parse(text) as unknown);
  }

  /** Removes the plan (after the job's report). */
  async remove(): Promise<void> {
    await this.redis.del(this.keys.spec, this.keys.shards, this.keys.owners, this.keys.shardWorkers, this.keys.scaling);
  }
}

/** A shard's record once it ended. */
export function finishedRecord<C>(record: FleetShardRecord<C>, outcome: ShardOutcome): FleetShardRecord<C> {
  return { ...record, state: outcome.state, outcome };
}
