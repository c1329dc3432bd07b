/**
 * Where a fleet job keeps its state in Redis: one place for every key and channel name.
 * Every key of a job carries the job id as a hash tag (`{id}`), so a Redis Cluster keeps
 * them in one slot and the budget's scripts may touch several at once.
 */

/** The resources a fleet job budgets: write units, and read units for a backfill's scan. */
export type FleetResource = 'write' | 'read';

/** The prefix of every Capstan key on a shared Redis. */
export const FLEET_PREFIX = 'capstan';

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
  };
}
