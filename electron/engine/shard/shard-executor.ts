/**
 * The contract between the job lifecycle and whatever runs shards: worker threads today,
 * a `capstan worker` process behind a queue later. Everything that crosses it is data
 * (shard records, checkpoints, outcomes, errors), so the same executor can sit on the far
 * side of a message port or a queue.
 */
import type { ErrorInfo } from '../../../shared/job-status';
import type { ShardOutcome, ShardRecord } from './shard';

/** What an executor tells the lifecycle while it runs shards. */
export interface ShardEvents<C = unknown> {
  /** A shard began (or resumed from its checkpoint). */
  started(shardId: string): void;
  /** A shard's durable resume point moved: a resume starts exactly here. */
  checkpoint(shardId: string, checkpoint: C): void;
  /** A shard ended, done or failed. A failed shard fails the job. */
  finished(shardId: string, outcome: ShardOutcome): void;
  /** Something broke outside any one shard (a thread died, a bug): the job fails. */
  fatal(error: ErrorInfo): void;
}

/**
 * Runs shards. `run` resolves when every shard handed to it has finished, or when it has
 * wound down after `stop`/`terminate`; it may reject (the job then fails). `stop` asks
 * for a cooperative stop (requests in flight finish); `terminate` ends everything now,
 * leaving unfinished shards at their last checkpoint.
 */
export interface ShardExecutor<C = unknown> {
  run(shards: readonly ShardRecord<C>[], events: ShardEvents<C>): Promise<void>;
  stop(): void;
  terminate(): Promise<void>;
}
