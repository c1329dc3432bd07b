import type { ErrorInfo } from '../../../shared/job-status';
import type { ShardOutcome, ShardRecord, ShardState } from './shard';
import type { ShardEvents } from './shard-executor';

/** How many shards are in each state. */
export type ShardStateCounts = Record<ShardState, number>;

/**
 * The shards of one job and where each is: the lifecycle's view of its plan. It keeps
 * the last checkpoint an executor reported for each shard and hands back, on resume,
 * every shard that is not done, at that checkpoint (a shard that was running when the
 * job stopped is pending again).
 */
export class ShardTable<C = unknown> {
  private readonly shards = new Map<string, ShardRecord<C>>();

  constructor(records: readonly ShardRecord<C>[]) {
    for (const record of records) this.shards.set(record.id, { ...record });
  }

  /** A table restored from a checkpoint: running and failed shards are pending again, at their checkpoint. */
  static resumed<C>(records: readonly ShardRecord<C>[]): ShardTable<C> {
    return new ShardTable(records.map((r) => (r.state === 'done' ? r : { ...r, state: 'pending' as const, outcome: null })));
  }

  /** Every shard, in plan order. */
  all(): ShardRecord<C>[] {
    return [...this.shards.values()];
  }

  /** Shards still to run (pending), in plan order. */
  pending(): ShardRecord<C>[] {
    return this.all().filter((s) => s.state === 'pending');
  }

  /** One shard; throws for an id not in the plan (an executor's bug). */
  get(id: string): ShardRecord<C> {
    const shard = this.shards.get(id);
    if (!shard) throw new Error(`No shard ${id} in this job's plan`);
    return shard;
  }

  markRunning(id: string): void {
    const shard = this.get(id);
    if (shard.state === 'pending') shard.state = 'running';
  }

  /** Keeps a shard's latest checkpoint (ignored once it has ended). */
  setCheckpoint(id: string, checkpoint: C): void {
    const shard = this.get(id);
    if (shard.state === 'done' || shard.state === 'failed') return;
    shard.checkpoint = checkpoint;
  }

  /** Records how a shard ended. */
  finish(id: string, outcome: ShardOutcome): void {
    const shard = this.get(id);
    shard.state = outcome.state;
    shard.outcome = outcome;
  }

  /** The first failure among the shards, if any. */
  firstFailure(): ErrorInfo | null {
    for (const shard of this.shards.values()) if (shard.state === 'failed') return shard.outcome?.error ?? { name: 'ShardFailed', message: `Shard ${shard.id} failed` };
    return null;
  }

  /** True when every shard is done. */
  allDone(): boolean {
    for (const shard of this.shards.values()) if (shard.state !== 'done') return false;
    return true;
  }

  /** Shards per state. */
  counts(): ShardStateCounts {
    const counts: ShardStateCounts = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const shard of this.shards.values()) counts[shard.state]++;
    return counts;
  }

  /** A copy fit for a checkpoint (plain data). */
  toJSON(): ShardRecord<C>[] {
    return this.all().map((s) => ({ ...s }));
  }
}

/** Shard events that keep a shard table: states, checkpoints, outcomes; a failed shard or a fatal error goes to `fail`. */
export function shardTableEvents<C>(table: () => ShardTable<C>, fail: (error: ErrorInfo) => void): ShardEvents<C> {
  return {
    started: (id) => table().markRunning(id),
    checkpoint: (id, checkpoint) => table().setCheckpoint(id, checkpoint),
    finished: (id, outcome) => {
      table().finish(id, outcome);
      if (outcome.state === 'failed') fail(outcome.error ?? { name: 'ShardFailed', message: `Shard ${id} failed` });
    },
    fatal: fail,
  };
}
