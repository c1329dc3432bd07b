import { Governor, type GovernorOptions } from '../governor/governor';
import type { SharedTokenBucket } from '../governor/token-bucket';

/**
 * Where a job's capacity comes from. A local job's governor owns its token bucket and sets
 * its rate; a shard on a fleet worker takes from a bucket the lease pump feeds from the
 * fleet's Redis budget, and its throttles cut the fleet's shared rate. Executors see a
 * `Governor` either way (its bucket's SharedArrayBuffer and `throttled()`), so they run the
 * same on a local worker thread and on a fleet worker.
 */
export interface CapacityBudget {
  /** The governor of one resource of a job. */
  governor(resource: 'write' | 'read', options: GovernorOptions): Governor;
}

/** A local job's budget: one governor per resource, deciding its own rate. */
export const LOCAL_BUDGET: CapacityBudget = { governor: (_resource, options) => new Governor(options) };

/**
 * A governor over a bucket fed from outside (a fleet's leases). It never sets the bucket's
 * rate (the bucket refills at 0 and lives on deposits), never closes or pauses it (other
 * shards on the worker share it; the fleet's state pauses it), and hands throttles to the
 * fleet, whose shared backoff is decided once for every worker.
 */
export class LeasedGovernor extends Governor {
  private asked: number;

  constructor(bucket: SharedTokenBucket, operatorRate: number, private readonly onThrottle: () => void) {
    super({ operatorRate: 0, bucket });
    this.asked = operatorRate;
  }

  override get requestedRate(): number {
    return this.asked;
  }

  override get targetRate(): number {
    return this.bucket.paused ? 0 : this.asked;
  }

  override setOperatorRate(rate: number): void {
    this.asked = rate;
  }

  override throttled(): void {
    this.onThrottle();
  }

  override update(): void {}

  override pause(): void {}

  override resume(): void {}

  override close(): void {}
}

/** A fleet shard's budget: leased governors over the worker's buckets. */
export function leasedBudget(buckets: Record<'write' | 'read', SharedTokenBucket>, throttled: (resource: 'write' | 'read') => void): CapacityBudget {
  return { governor: (resource, options) => new LeasedGovernor(buckets[resource], options.operatorRate, () => throttled(resource)) };
}
