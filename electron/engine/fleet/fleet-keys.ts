/**
 * Where a fleet job keeps its state in Redis: one place for every key and channel name.
 * Every key of a job carries the job id as a hash tag (`{id}`), so a Redis Cluster keeps
 * them in one slot and the budget's scripts may touch several at once.
 */

/** The resources a fleet job budgets: write units, and read units for a backfill's scan. */
export type FleetResource = 'write' | 'read';

/** The prefix of every Capstan key on a shared Redis. */
export const FLEET_PREFIX = 'capstan';

/** Set of the ids of registered workers. */
export const WORKER_SET_KEY = `${FLEET_PREFIX}:workers`;

/** A worker's registry entry (JSON, expiring unless heartbeats renew it). */
export function workerKey(workerId: string): string {
  return `${FLEET_PREFIX}:worker:${workerId}`;
}

/** The BullMQ queue every coordinator enqueues shards on and every worker consumes. */
export const SHARD_QUEUE_NAME = 'capstan-shards';

/** The keys and channel of one fleet job. */
export interface FleetJobKeys {
  /** Hash: state, rates, backoff, mode, revision, Capstan version. */
  control: string;
  /** Channel: a message (the new revision) on every control change. */
  controlChannel: string;
  /** Hash per resource: tokens and the time of the last refill. */
  bucket(resource: FleetResource): string;
  /** Hash per resource: units leased so far, per worker id. */
  leased(resource: FleetResource): string;
  /** String: the job's spec (JSON), as the coordinator planned it. */
  spec: string;
  /** Hash: shard id -> the shard record (JSON: input, state, checkpoint, outcome). */
  shards: string;
  /** Hash: shard id -> the token of the attempt that owns it now (a stale attempt may not write). */
  owners: string;
  /** Hash: shard id -> the worker id that ran it last. */
  shardWorkers: string;
  /** List: the operator's actions (JSON each), in the order they were applied. */
  actions: string;
  /** String: the auto-scaling target change the coordinator made for the job (JSON), until it is restored. */
  scaling: string;
}

/** The keys of job `jobId`. */
export function fleetJobKeys(jobId: string): FleetJobKeys {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(jobId)) throw new Error(`A fleet job id is 1-128 letters, digits, '.', '_', ':' or '-'; got ${JSON.stringify(jobId)}`);
  const base = `${FLEET_PREFIX}:{${jobId}}`;
  return {
    control: `${base}:control`,
    controlChannel: `${base}:control-changed`,
    bucket: (resource) => `${base}:bucket:${resource}`,
    leased: (resource) => `${base}:leased:${resource}`,
    spec: `${base}:spec`,
    shards: `${base}:shards`,
    owners: `${base}:owners`,
    shardWorkers: `${base}:shard-workers`,
    actions: `${base}:actions`,
    scaling: `${base}:scaling`,
  };
}
