import type { Redis } from 'ioredis';
import { fleetJobKeys } from '../../../electron/engine/fleet/fleet-keys';
import type { FleetShardRecord } from '../../../electron/engine/fleet/shard-store';
import { listWorkers, type WorkerEntry } from '../../../electron/engine/fleet/worker-registry';

/** Reads a fleet job's state straight from Redis, as a test watches it. */
export class FleetProbe {
  constructor(private readonly redis: Redis, readonly jobId: string) {}

  /** Every shard record of the job. */
  async shards(): Promise<FleetShardRecord[]> {
    const raw = await this.redis.hgetall(fleetJobKeys(this.jobId).shards);
    return Object.values(raw).map((t) => JSON.parse(t) as FleetShardRecord);
  }

  /** Which worker ran each shard last. */
  shardWorkers(): Promise<Record<string, string>> {
    return this.redis.hgetall(fleetJobKeys(this.jobId).shardWorkers);
  }

  /** The registry's entries. */
  workers(): Promise<WorkerEntry[]> {
    return listWorkers(this.redis);
  }
}
