import type { Redis } from 'ioredis';
import type { FleetShardContext, FleetShardRunner } from '../../../electron/engine/fleet/fleet-shard-runner';
import type { SharedTokenBucket } from '../../../electron/engine/governor/token-bucket';
import type { ShardOutcome } from '../../../electron/engine/shard/shard';

/**
 * A shard runner for the fleet's queue tests: shard k of a "counting" job owns items
 * [startByte, endByte); each item costs one write unit from the fleet budget and is
 * "written" by counting it in a Redis hash, so a test can see every item written at least
 * once and how many were written twice after a worker died (at most those after the last
 * checkpoint). The engine's real executors are tested against the sandbox elsewhere.
 */
export interface CountingSpec {
  kind: 'counting-test';
  checkpointEvery: number;
  /** Hash where each item's writes are counted. */
  writesKey: string;
  /** An item whose write fails (as a table that cannot be reached would), or null. */
  failingItem: number | null;
}

/** Runs counting shards. */
export class CountingRunner implements FleetShardRunner {
  constructor(private readonly redis: Redis) {}

  accepts(spec: unknown): boolean {
    return (spec as { kind?: string } | null)?.kind === 'counting-test';
  }

  async run<C>(context: FleetShardContext<C>): Promise<ShardOutcome | null> {
    const spec = context.spec as CountingSpec;
    const input = context.shard.input;
    if (input.kind !== 'byte-range') throw new Error('counting shards are byte ranges');
    const counts = { ...context.shard.checkpointCounts };
    const from = (context.shard.checkpoint as { next: number } | null)?.next ?? input.startByte;
    for (let item = from; item < input.endByte; item++) {
      if (!(await take(context.buckets.write, context.signal))) return null;
      if (item === spec.failingItem) throw new Error(`cannot reach the table for item ${item}`);
      await this.redis.hincrby(spec.writesKey, String(item), 1);
      counts.read++;
      counts.written++;
      context.progress(counts);
      if ((item + 1 - input.startByte) % spec.checkpointEvery === 0) {
        if (!(await context.checkpoint({ next: item + 1 } as C, counts))) return null;
      }
    }
    return { state: 'done', counts, error: null };
  }
}

async function take(bucket: SharedTokenBucket, signal: AbortSignal): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const result = bucket.tryTake(1);
    if (result.kind === 'granted') return true;
    if (result.kind === 'closed') return false;
    await new Promise((r) => setTimeout(r, result.kind === 'wait' ? result.waitMs : 10));
  }
}
