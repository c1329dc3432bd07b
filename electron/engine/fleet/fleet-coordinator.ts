import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ShardCounts, ShardRecord, ShardState } from '../shard/shard';
import { FleetBudget, type FleetControl } from './fleet-budget';
import type { FleetResource } from './fleet-keys';
import { openRedis, type RedisTarget } from './redis-connection';
import { DEFAULT_SHARD_RETRY, enqueueShards, openShardQueue, type ShardJobData, type ShardRetry } from './shard-queue';
import { ShardStore, type FleetShardRecord } from './shard-store';
import { listWorkers, WORKER_SILENT_AFTER_MS, type WorkerEntry } from './worker-registry';

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

/** One row of the per-worker table. */
export interface FleetWorkerRow {
  workerId: string;
  host: string;
  shardsDone: number;
  /** Items of the shards it finished (a shard taken over counts for the worker that finished it). */
  written: number;
  itemsPerSecond: number;
  lastHeartbeatMs: number;
  silent: boolean;
  errors: number;
  lastError: string | null;
}

/** The job as the coordinator sees it now. */
export interface FleetProgress {
  control: FleetControl | null;
  shards: Record<ShardState, number>;
  /** Counts of done shards plus the checkpointed counts of the others. */
  totals: ShardCounts;
  /** The first shard that failed for good, in words. */
  failure: string | null;
  workers: FleetWorkerRow[];
}

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
    const coordinator = new FleetCoordinator(commands, queueConnection, queue, budget, store, !created, plan.retry ?? DEFAULT_SHARD_RETRY);
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

  /** Shard states, totals and the per-worker table. */
  async progress(): Promise<FleetProgress> {
    const [control, shards, ranBy, entries] = await Promise.all([this.budget.read(), this.store.shards(), this.store.shardWorkers(), listWorkers(this.commands)]);
    return { control, ...summarize(shards), workers: workerTable(shards, ranBy, entries, Date.now()) };
  }

  /** Every worker's registry entry (all jobs). */
  workerEntries(): Promise<WorkerEntry[]> {
    return listWorkers(this.commands);
  }

  /** Resolves once every shard is done, one failed for good, or the job was stopped; polls Redis every `pollMs`. */
  async waitForEnd(onProgress?: (progress: FleetProgress) => void, pollMs = 500): Promise<FleetProgress> {
    for (;;) {
      const progress = await this.progress();
      onProgress?.(progress);
      const total = Object.values(progress.shards).reduce((a, b) => a + b, 0);
      if (progress.shards.done === total || progress.failure || progress.control?.state === 'stopped') return progress;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Removes the job from Redis (after its report is written). */
  async remove(): Promise<void> {
    await this.budget.remove();
    await this.store.remove();
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

/** Shards per state, the job's totals and its first failure. */
export function summarize(shards: readonly FleetShardRecord[]): Pick<FleetProgress, 'shards' | 'totals' | 'failure'> {
  const counts: Record<ShardState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  const totals: ShardCounts = { read: 0, written: 0, rejected: 0 };
  let failure: string | null = null;
  for (const shard of shards) {
    counts[shard.state]++;
    const c = shard.state === 'done' && shard.outcome ? shard.outcome.counts : shard.checkpointCounts;
    totals.read += c.read;
    totals.written += c.written;
    totals.rejected += c.rejected;
    if (shard.state === 'failed' && failure === null) failure = `Shard ${shard.id} failed: ${shard.outcome?.error?.message ?? 'no reason given'}`;
  }
  return { shards: counts, totals, failure };
}

/** The per-worker table: finished shards and their items by the worker that finished them, with each worker's registry entry. */
export function workerTable(shards: readonly FleetShardRecord[], ranBy: Record<string, string>, entries: readonly WorkerEntry[], nowMs: number): FleetWorkerRow[] {
  const rows = new Map<string, FleetWorkerRow>();
  const rowOf = (workerId: string): FleetWorkerRow => {
    let row = rows.get(workerId);
    if (!row) {
      const entry = entries.find((e) => e.id === workerId);
      row = {
        workerId, host: entry?.host ?? '(gone)', shardsDone: 0, written: 0, itemsPerSecond: entry?.itemsPerSecond ?? 0,
        lastHeartbeatMs: entry?.lastHeartbeatMs ?? 0, silent: !entry || nowMs - entry.lastHeartbeatMs > WORKER_SILENT_AFTER_MS,
        errors: entry?.errors ?? 0, lastError: entry?.lastError ?? null,
      };
      rows.set(workerId, row);
    }
    return row;
  };
  for (const shard of shards) {
    const workerId = ranBy[shard.id];
    if (!workerId || shard.state !== 'done' || !shard.outcome) continue;
    const row = rowOf(workerId);
    row.shardsDone++;
    row.written += shard.outcome.counts.written;
  }
  return [...rows.values()].sort((a, b) => a.workerId.localeCompare(b.workerId));
}
