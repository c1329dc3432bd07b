import type { JobTotals } from '../../../shared/job-status';
import { Governor } from '../../../electron/engine/governor/governor';
import type { JobWork, LifecycleHooks, PreparedWork, SavedState, WorkReport } from '../../../electron/engine/lifecycle/job-work';
import { pendingShard, type ShardRecord } from '../../../electron/engine/shard/shard';
import type { ShardEvents, ShardExecutor } from '../../../electron/engine/shard/shard-executor';

/** Where a fake job throws, or misbehaves. */
export type FakeFault =
  | 'none'
  | 'prepare'
  | 'executor-start'
  | 'after-start'
  | 'sender'
  | 'source'
  | 'mapper'
  | 'ignores-stop'
  | 'hangs-on-fail';

/** A shard's resume point in the fake: the next item to process. */
export interface FakeCheckpoint {
  next: number;
}

/** Items of one fake shard are `<shard id>:<index>`; every processed one is logged, once per processing. */
export interface FakeOptions {
  shards: number;
  itemsPerShard: number;
  fault: FakeFault;
  /** Item index (in each shard) at which the fault strikes. */
  faultAt?: number;
  /** Milliseconds per item. */
  itemMs?: number;
  processed: string[];
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A shard executor with no threads and no network: each shard walks its items one by one,
 * reporting a checkpoint after each, and throws where the test says.
 */
export class FakeExecutor implements ShardExecutor<FakeCheckpoint> {
  private stopped = false;
  private terminated = false;
  terminateCalls = 0;

  constructor(private readonly options: FakeOptions, private readonly hooks: LifecycleHooks<FakeCheckpoint>) {}

  async run(shards: readonly ShardRecord<FakeCheckpoint>[], events: ShardEvents<FakeCheckpoint>): Promise<void> {
    const o = this.options;
    if (o.fault === 'executor-start') throw new Error('the sender workers could not start');
    await Promise.all(shards.map((shard) => this.runShard(shard, events)));
  }

  private async runShard(shard: ShardRecord<FakeCheckpoint>, events: ShardEvents<FakeCheckpoint>): Promise<void> {
    const o = this.options;
    events.started(shard.id);
    let i = shard.checkpoint?.next ?? 0;
    for (; i < o.itemsPerShard; i++) {
      if (this.terminated) return;
      if (this.stopped && o.fault !== 'ignores-stop' && o.fault !== 'hangs-on-fail') return;
      await tick(o.itemMs ?? 2);
      if (this.terminated) return;
      if (i === (o.faultAt ?? 3)) {
        if (o.fault === 'after-start') throw new Error('a bug after the senders started');
        if (o.fault === 'source') throw new Error('EIO: the source could not be read');
        if (o.fault === 'sender') events.fatal({ name: 'WorkerCrashed', message: 'A sender worker crashed' });
        if (o.fault === 'hangs-on-fail') {
          events.fatal({ name: 'WorkerCrashed', message: 'A sender worker crashed' });
          await new Promise(() => undefined);
        }
        if (o.fault === 'mapper') {
          this.hooks.totals.read++;
          this.hooks.totals.rejected++;
          events.checkpoint(shard.id, { next: i + 1 });
          continue;
        }
      }
      o.processed.push(`${shard.id}:${i}`);
      this.hooks.totals.read++;
      this.hooks.totals.written++;
      this.hooks.aggregator.addWritten(1);
      events.checkpoint(shard.id, { next: i + 1 });
    }
    events.finished(shard.id, { state: 'done', counts: { read: o.itemsPerShard, written: o.itemsPerShard, rejected: 0 }, error: null });
  }

  stop(): void {
    this.stopped = true;
  }

  async terminate(): Promise<void> {
    this.terminateCalls++;
    this.terminated = true;
  }
}

/** A job kind for the lifecycle's tests: shards of numbered items, no table, no files. */
export class FakeWork implements JobWork<FakeCheckpoint, { note: string }> {
  readonly writeGovernor = new Governor({ operatorRate: 100 });
  readonly readGovernor = null;
  readonly executor: FakeExecutor;
  restoredWith: { note: string } | null = null;

  constructor(private readonly options: FakeOptions, private readonly hooks: LifecycleHooks<FakeCheckpoint>) {
    this.executor = new FakeExecutor(options, hooks);
  }

  async prepare(restored: { note: string } | null): Promise<PreparedWork<FakeCheckpoint>> {
    this.restoredWith = restored;
    if (this.options.fault === 'prepare') throw Object.assign(new Error('Requested resource not found: Table: missing'), { name: 'ResourceNotFoundException' });
    const shards = Array.from({ length: this.options.shards }, (_, s) => pendingShard<FakeCheckpoint>(`s${s}`, { kind: 'byte-range', entry: { name: `/data/part-${s}.csv`, sizeBytes: 100, version: null }, startByte: 0, endByte: 100 }));
    return { shards, billing: null, rateControl: null };
  }

  startMessage(pending: number, total: number): string {
    return `Started: ${pending} of ${total} shards`;
  }

  liveTotals(): JobTotals {
    return { ...this.hooks.totals };
  }

  inFlight(): number {
    return 0;
  }

  remainingUnits() {
    return { wcu: 0, rcu: 0 };
  }

  async saveState(): Promise<SavedState<{ note: string }>> {
    return { totals: { ...this.hooks.totals }, state: { note: 'fake' } };
  }

  hasPendingWork(): boolean {
    return false;
  }

  async close(): Promise<WorkReport> {
    return { rejectReasons: {}, rejectSamples: [] };
  }

  snapshotExtras() {
    return { rejectsFile: null };
  }
}
