import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FleetStatus, FleetWorkerStatus } from '../../../shared/fleet-status';
import { formatUtcClock } from '../../../shared/report/zoned-time';
import type { ShardCounts, ShardRecord, ShardState } from '../shard/shard';
import { FleetActionStore } from './fleet-action-store';
import { FleetBudget, type FleetControl } from './fleet-budget';
import type { FleetResource } from './fleet-keys';
import { openRedis, type RedisTarget } from './redis-connection';
import { fleetStatusOf } from './fleet-totals';
import { DEFAULT_SHARD_RETRY, enqueueShards, openShardQueue, type ShardJobData, type ShardRetry } from './shard-queue';
import { ShardStore, type FleetShardRecord } from './shard-store';
import { listWorkers } from './worker-registry';

/**
 * The coordinator's side of a fleet job: plans go into Redis once (spec, shard records,
 * budget), shards into the queue, and from then on the job lives in Redis: a coordinator
 * that stops or dies and starts again with the same job id attaches to it, finds the
 * state, the rates and every shard's checkpoint as the workers left them, and queues again
 * only shards that are not done. It steers through the budget (pause, resume, rates, the
 * throttle backoff's climb back) and reads progress and the per-worker table from Redis.
 */

/** What a coordinator starts (or re-attaches to) a job with. */
export interface FleetJobPlan {
  jobId: string;
  spec: unknown;
  shards: ShardRecord<unknown>[];
  capstanVersion: string;
  mode: string;
  rates: Partial<Record<FleetResource, number>>;
  /** Start paused: a rate mode whose window is closed when the job is created. */
  paused?: { by: 'window' | 'cost'; reason: string };
  /** How failing shards are retried (BullMQ attempts and backoff); DEFAULT_SHARD_RETRY unless given. */
  retry?: ShardRetry;
}

/** The job as the coordinator sees it now. */
export interface FleetProgress {
  control: FleetControl | null;
  shards: Record<ShardState, number>;
  /** Counts of done shards plus the checkpointed counts of the others. */
  totals: ShardCounts;
  /** The first shard that failed for good, in words. */
  failure: string | null;
  /** The per-worker table (the fleet view's rows: one place sums shards and items per worker). */
  workers: FleetWorkerStatus[];
  /** The fleet view the dashboard draws (shared/fleet-status.ts). */
  fleet: FleetStatus;
  /** Every shard record as read for this progress (the coordinator's totals and report read these, not Redis again). */
  records: FleetShardRecord[];
}

/** Where the coordinator says what happens to the job's Redis (the CLI prints it, the panel logs it). */
export type FleetSay = (level: 'info' | 'warn', message: string) => void;

/** Steers one fleet job. */
export class FleetCoordinator {
  private updater: NodeJS.Timeout | null = null;

  private constructor(
    private readonly commands: Redis,
    private readonly queueConnection: Redis,
    private readonly queue: Queue<ShardJobData>,
    readonly budget: FleetBudget,
    readonly store: ShardStore,
    /** True when the job was already in Redis (this coordinator re-attached to it). */
    readonly attached: boolean,
    private readonly retry: ShardRetry,
    /** The queue as shown (never with a password). */
    private readonly queueDisplay: string,
    /** The operator's actions, kept with the job so a coordinator that attaches lists them too. */
    readonly actions: FleetActionStore,
  ) {}

  /** Creates the job in Redis, or attaches to it if it is there; queues every shard not done; starts the rate updates. */
  static async open(target: RedisTarget, plan: FleetJobPlan): Promise<FleetCoordinator> {
    const commands = await openRedis(target, 'budget');
    const queueConnection = await openRedis(target, 'queue');
    const budget = new FleetBudget(commands, plan.jobId);
    const store = new ShardStore(commands, plan.jobId);
    const created = await store.createPlan(plan.spec, plan.shards);
    const control = await budget.create({ capstanVersion: plan.capstanVersion, mode: plan.mode, rates: plan.rates, ...(plan.paused ? { paused: plan.paused } : {}) });
    if (!created && control.capstanVersion !== plan.capstanVersion) {
      commands.disconnect();
      queueConnection.disconnect();
      throw new Error(`Job ${plan.jobId} in Redis was started by Capstan ${control.capstanVersion}; this is Capstan ${plan.capstanVersion}. Attach with that version.`);
    }
    const queue = openShardQueue(queueConnection);
    const coordinator = new FleetCoordinator(commands, queueConnection, queue, budget, store, !created, plan.retry ?? DEFAULT_SHARD_RETRY, target.display, new FleetActionStore(commands, plan.jobId));
    if (control.state !== 'stopped') await coordinator.enqueueOpenShards();
    coordinator.updater = setInterval(() => void coordinator.updateRates().catch(() => {}), 1000);
    return coordinator;
  }

  /** No lease is granted until `resume`: every worker holds within a second. */
  pause(): Promise<void> {
    return this.budget.pause();
  }

  /** Workers take leases again. */
  resume(): Promise<void> {
    return this.budget.resume();
  }

  /** The operator's (or the rate mode's) new rate for the whole fleet. */
  setRate(resource: FleetResource, rate: number, mode?: string): Promise<void> {
    return this.budget.setOperatorRate(resource, rate, mode);
  }

  /** Stops the job: workers end their shards at the last checkpoint; a later `open` with the same job can resume it. */
  async stop(): Promise<void> {
    await this.budget.stop();
  }

  /** Resumes a stopped job: shards not done go back to pending and into the queue. */
  async restart(): Promise<void> {
    await this.store.reopen();
    await this.budget.resume();
    await this.enqueueOpenShards();
  }

  /** Shard states, totals, the fleet view and its per-worker table, from one read of Redis. */
  async progress(reads = true): Promise<FleetProgress> {
    const [control, records, ranBy, entries] = await Promise.all([this.budget.read(), this.store.shards(), this.store.shardWorkers(), listWorkers(this.commands)]);
    const fleet = fleetStatusOf({ queue: this.queueDisplay, control, shards: records, ranBy, entries, jobId: this.budget.jobId, nowMs: Date.now(), reads });
    return { control, shards: fleet.shards, ...summarize(records), workers: fleet.workers, fleet, records };
  }

  /**
   * Resolves once every shard is done, one failed for good, or the job was stopped; polls
   * Redis every `pollMs` and awaits `onProgress` (the coordinator's steering) each time.
   * While Redis is away it waits, and says so through `say` once when it goes and once when
   * it is back (the workers pause on their own).
   */
  async waitForEnd(onProgress?: (progress: FleetProgress) => void | Promise<void>, pollMs = 500, reads = true, say?: FleetSay): Promise<FleetProgress> {
    let lostAtMs: number | null = null;
    for (;;) {
      let progress: FleetProgress;
      try {
        progress = await this.progress(reads);
      } catch (error) {
        // Redis is away: the job lives on there and the workers are paused; wait for it to return.
        if (this.commands.status === 'ready') throw error;
        if (lostAtMs === null) {
          lostAtMs = Date.now();
          say?.('warn', `Lost the queue's Redis at ${formatUtcClock(lostAtMs)}; waiting for it`);
        }
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      if (lostAtMs !== null) {
        say?.('info', `Redis back at ${formatUtcClock(Date.now())} (away ${Math.round((Date.now() - lostAtMs) / 1000)} s); resuming`);
        lostAtMs = null;
      }
      await onProgress?.(progress);
      const total = Object.values(progress.shards).reduce((a, b) => a + b, 0);
      if (progress.shards.done === total || progress.failure || progress.control?.state === 'stopped') return progress;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Removes the job from Redis (after its report is written). */
  async remove(): Promise<void> {
    await this.budget.remove();
    await this.store.remove();
    await this.actions.remove();
  }

  /** Lets go of Redis; the job stays there for another coordinator to attach to. */
  async close(): Promise<void> {
    if (this.updater) clearInterval(this.updater);
    await this.queue.close();
    this.commands.disconnect();
    this.queueConnection.disconnect();
  }

  private async enqueueOpenShards(): Promise<void> {
    const open = (await this.store.shards()).filter((s) => s.state !== 'done').map((s) => s.id);
    await enqueueShards(this.queue, this.budget.jobId, open, this.retry);
  }

  /** After throttles the shared rate climbs back (the governor's recovery), decided here, once. */
  private async updateRates(): Promise<void> {
    await this.budget.update('write');
    await this.budget.update('read');
  }
}

/** The job's item counts (whatever the kind of shard) and its first failure. */
export function summarize(shards: readonly FleetShardRecord[]): Pick<FleetProgress, 'totals' | 'failure'> {
  const totals: ShardCounts = { read: 0, written: 0, rejected: 0 };
  let failure: string | null = null;
  for (const shard of shards) {
    const c = shard.state === 'done' && shard.outcome ? shard.outcome.counts : shard.checkpointCounts;
    totals.read += c.read;
    totals.written += c.written;
    totals.rejected += c.rejected;
    if (shard.state === 'failed' && failure === null) failure = `Shard ${shard.id} failed: ${shard.outcome?.error?.message ?? 'no reason given'}`;
  }
  return { totals, failure };
}
