import type { SharedTokenBucket } from '../governor/token-bucket';
import type { ShardCounts, ShardOutcome } from '../shard/shard';
import type { FleetResource } from './fleet-keys';
import type { FleetShardRecord } from './shard-store';

/**
 * What a `capstan worker` runs one shard with. The runner is the job kind's shard executor
 * seen from a fleet worker: it reads the shard's input from its checkpoint on, takes capacity
 * from the local buckets (fed by the fleet budget), and reports checkpoints, which the worker
 * makes durable in Redis before the runner goes on.
 */
export interface FleetShardContext<C = unknown> {
  jobId: string;
  /** The job's spec, as the coordinator stored it (the runner validates it for its kind). */
  spec: unknown;
  /** The shard, at its last checkpoint (null checkpoint: from its beginning), with the counts up to it. */
  shard: FleetShardRecord<C>;
  /** Local buckets of this worker, fed by leases of the fleet budget; pause, stop and rate cuts act on them. */
  buckets: Record<FleetResource, SharedTokenBucket>;
  /**
   * Makes a checkpoint durable in Redis (counts are the shard's totals up to it). False when
   * this attempt no longer owns the shard (it went to another worker): stop at once.
   */
  checkpoint(checkpoint: C, counts: ShardCounts): Promise<boolean>;
  /** Counts so far (for the registry's items/s); cheap, call it freely. */
  progress(counts: ShardCounts): void;
  /** A throttle answer for `resource`: cuts the fleet's shared rate. */
  throttled(resource: FleetResource): void;
  /** Aborted when the job is stopped, the shard was taken over, or the worker shuts down. */
  signal: AbortSignal;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Runs shards of some job kinds on a fleet worker. */
export interface FleetShardRunner {
  /** True when this runner can run shards of this spec. */
  accepts(spec: unknown): boolean;
  /**
   * Runs the shard to its end: resolves with its outcome (done, or failed in words), or
   * null when it stopped early because `signal` was aborted (its last checkpoint stands).
   * May throw: the shard goes back to the queue and the error is shown on the dashboard.
   */
  run<C>(context: FleetShardContext<C>): Promise<ShardOutcome | null>;
  /** Lets go of what it keeps between shards (threads, clients); called once the worker has stopped taking shards. */
  close?(): Promise<void>;
}
