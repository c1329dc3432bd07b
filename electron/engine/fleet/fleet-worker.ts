import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SharedTokenBucket } from '../governor/token-bucket';
import type { ShardCounts, ShardOutcome } from '../shard/shard';
import { FleetBudget } from './fleet-budget';
import { ItemsRate } from './items-rate';
import { SHARD_QUEUE_NAME, type FleetResource } from './fleet-keys';
import type { FleetShardRunner } from './fleet-shard-runner';
import { LeasePump } from './lease-pump';
import { openRedis, type RedisTarget } from './redis-connection';
import { type ShardJobData } from './shard-queue';
import { finishedRecord, ShardStore } from './shard-store';
import { removeWorkerEntry, writeWorkerEntry, type WorkerEntry } from './worker-registry';

/**
 * `capstan worker`'s engine: consumes shards of any job from the BullMQ queue, runs each
 * with the job kind's runner on capacity leased from the job's fleet budget, keeps the
 * shard's checkpoints in Redis, and heartbeats its registry entry. A worker that dies loses
 * its BullMQ lock within `lockDurationMs`; the stalled check (every `stalledIntervalMs`, by
 * any worker) puts the shard back in the queue and another worker continues it from its
 * last checkpoint.
 */

/** Options of a fleet worker. */
export interface FleetWorkerOptions {
  target: RedisTarget;
  concurrency: number;
  capstanVersion: string;
  runner: FleetShardRunner;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  workerId?: string;
  host?: string;
  heartbeatMs?: number;
  /** How long a shard's lock lives without renewal: a dead worker's shard is free this long after its death at most. */
  lockDurationMs?: number;
  /** How often workers look for shards whose lock expired. */
  stalledIntervalMs?: number;
}

/** Locks of 5 s renewed every 2.5 s, stalled shards looked for every 2 s: a killed worker's shard moves on within ~7 s. */
export const FLEET_LOCK_DURATION_MS = 5_000;
export const FLEET_STALLED_INTERVAL_MS = 2_000;

/** One job as this worker holds it while some of its shards run here. */
interface JobHere {
  budget: FleetBudget;
  spec: unknown;
  buckets: Record<FleetResource, SharedTokenBucket>;
  pumps: LeasePump[];
  shards: number;
  aborts: Set<AbortController>;
}

const RESOURCES: FleetResource[] = ['write', 'read'];
/** How often a shard waiting for Redis looks whether it is back. */
const REDIS_WAIT_MS = 250;

/** A worker process's fleet engine. */
export class FleetWorker {
  readonly id: string;
  private commands: Redis | null = null;
  private subscriber: Redis | null = null;
  /** The BullMQ worker's connection: BullMQ leaves a connection it was given open, so close() ends it. */
  private queueConnection: Redis | null = null;
  private worker: Worker | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly jobs = new Map<string, Promise<JobHere>>();
  private readonly entry: WorkerEntry;
  private readonly liveCounts = new Map<string, number>();
  private readonly rate = new ItemsRate();
  private closing = false;
  private refusal: ((words: string) => void) | null = null;
  private refusedWith: string | null = null;
  private closed: Promise<void> | null = null;
  /** Resolves with the words of a refusal (a job of another Capstan version); the worker is closing then. */
  readonly refused: Promise<string>;

  constructor(private readonly options: FleetWorkerOptions) {
    this.id = options.workerId ?? `${options.host ?? hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    this.entry = {
      id: this.id, host: options.host ?? hostname(), pid: process.pid, capstanVersion: options.capstanVersion,
      concurrency: options.concurrency, startedAtMs: now, lastHeartbeatMs: now, shardsDone: 0, shardsRunning: [],
      itemsPerSecond: 0, itemsWritten: 0, errors: 0, lastError: null,
    };
    this.refused = new Promise((resolve) => (this.refusal = resolve));
  }

  /** Connects (failing in words when Redis cannot be used), registers and starts taking shards. */
  async start(): Promise<void> {
    this.commands = await openRedis(this.options.target, 'budget');
    this.subscriber = await openRedis(this.options.target, 'queue');
    const queueConnection = (this.queueConnection = await openRedis(this.options.target, 'queue'));
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch(() => {}), this.options.heartbeatMs ?? 1000);
    this.worker = new Worker<ShardJobData, ShardOutcome | { state: 'stopped' }>(SHARD_QUEUE_NAME, (job, token) => this.process(job, token!), {
      connection: queueConnection,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs ?? FLEET_LOCK_DURATION_MS,
      stalledInterval: this.options.stalledIntervalMs ?? FLEET_STALLED_INTERVAL_MS,
      // A shard whose workers keep dying is still a shard to finish, from its checkpoint.
      maxStalledCount: 1000,
    });
    this.worker.on('error', (error) => this.options.log('warn', `Queue: ${error.message}`));
  }

  /** Stops taking shards; running shards stop at their last checkpoint and go back to the queue. */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    for (const job of this.jobs.values()) void job.then((here) => here.aborts.forEach((a) => a.abort()), () => {});
    await this.worker?.close();
    await this.options.runner.close?.().catch(() => {});
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.commands && !this.refusedWith) await removeWorkerEntry(this.commands, this.id).catch(() => {});
    this.commands?.disconnect();
    this.subscriber?.disconnect();
    this.queueConnection?.disconnect();
  }

  private async process(job: Job<ShardJobData>, token: string): Promise<ShardOutcome | { state: 'stopped' }> {
    const { jobId, shardId } = job.data;
    const label = `${jobId}/${shardId}`;
    let here: JobHere;
    try {
      here = await this.enterJob(jobId);
    } catch (error) {
      const words = error instanceof Error ? error.message : String(error);
      if (/planned by Capstan/.test(words)) {
        // Not ours to run: back to the queue for a worker of the right version, and this one
        // leaves. Its entry stays (silent, with these words) so the coordinator and the
        // dashboard say which worker refused and why.
        const refusal = `Worker ${this.id} on ${this.entry.host} refused job ${jobId}: ${words}`;
        this.refusedWith = refusal;
        this.noteError(refusal);
        await this.beat().catch(() => {});
        await job.moveToDelayed(Date.now() + 1000, token);
        this.refusal?.(refusal);
        setImmediate(() => void this.close());
        throw new DelayedError();
      }
      this.noteError(words);
      throw error;
    }
    const abort = new AbortController();
    here.aborts.add(abort);
    this.entry.shardsRunning.push(label);
    try {
      const store = new ShardStore(this.commands!, jobId);
      const control = await here.budget.read();
      if (!control || control.state === 'stopped') return { state: 'stopped' };
      const record = await store.claim(shardId, token, this.id);
      if (record.state === 'done' && record.outcome) return record.outcome;
      let current = { ...record, state: 'running' as const };
      const outcome = await this.options.runner.run({
        jobId, spec: here.spec, shard: current, buckets: here.buckets, signal: abort.signal,
        checkpoint: async (checkpoint, counts) => {
          const next = { ...current, checkpoint, checkpointCounts: counts };
          const owned = await this.whenRedisAnswers(() => store.write(next, token), abort.signal, label);
          if (owned) current = next;
          else abort.abort();
          return owned;
        },
        progress: (counts: ShardCounts) => this.liveCounts.set(label, counts.written),
        throttled: (resource) => void here.budget.throttled(resource).catch(() => {}),
        log: (level, message) => this.options.log(level, `${label}: ${message}`),
      });
      if (outcome === null) {
        if (this.closing) {
          // The worker is shutting down: the shard goes back to the queue, to continue from its checkpoint.
          await job.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        }
        return { state: 'stopped' };
      }
      if (outcome.state === 'failed') throw new Error(outcome.error?.message ?? 'the shard failed');
      await this.whenRedisAnswers(() => store.write(finishedRecord(current, outcome), token), abort.signal, label);
      this.entry.shardsDone++;
      return outcome;
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const words = error instanceof Error ? error.message : String(error);
      this.noteError(`${label}: ${words}`);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        // The last attempt: the shard fails for good, and the coordinator reads why from its record.
        await this.failShard(jobId, shardId, token, `${words} (on ${this.entry.host}, after ${job.attemptsMade + 1} attempt${job.attemptsMade === 0 ? '' : 's'})`).catch(() => {});
      }
      throw error;
    } finally {
      this.entry.itemsWritten += this.liveCounts.get(label) ?? 0;
      this.liveCounts.delete(label);
      this.entry.shardsRunning = this.entry.shardsRunning.filter((s) => s !== label);
      here.aborts.delete(abort);
      await this.leaveJob(jobId);
    }
  }

  /**
   * Runs a Redis write of a running shard; while Redis is away, waits for it to return and
   * writes again. The lease pumps have paused the shard's buckets meanwhile, so nothing is
   * written to the table, and the shard goes on from where it stood (a lost connection is a
   * pause, not a failure). Gives up when the shard is aborted or the worker closes; any other
   * error, with Redis answering, is the caller's.
   */
  private async whenRedisAnswers<T>(write: () => Promise<T>, signal: AbortSignal, label: string): Promise<T> {
    let told = false;
    const answering = () => this.commands!.status === 'ready';
    for (;;) {
      try {
        return await write();
      } catch (error) {
        if (answering() || signal.aborted || this.closing) throw error;
        if (!told) this.options.log('warn', `${label}: Redis is away; the shard's checkpoint waits for it (its writes are paused)`);
        told = true;
        while (!answering() && !signal.aborted && !this.closing) await new Promise((resolve) => setTimeout(resolve, REDIS_WAIT_MS));
      }
    }
  }

  private async failShard(jobId: string, shardId: string, token: string, words: string): Promise<void> {
    const store = new ShardStore(this.commands!, jobId);
    const record = (await store.shards()).find((s) => s.id === shardId);
    if (!record) return;
    await store.write(finishedRecord(record, { state: 'failed', counts: record.checkpointCounts, error: { name: 'ShardFailed', message: words } }), token);
  }

  /** The job's budget, spec and local buckets, shared by its shards on this worker. */
  private enterJob(jobId: string): Promise<JobHere> {
    let entry = this.jobs.get(jobId);
    if (!entry) {
      entry = this.openJob(jobId);
      this.jobs.set(jobId, entry);
      entry.catch(() => this.jobs.delete(jobId));
    }
    return entry.then((here) => {
      here.shards++;
      return here;
    });
  }

  private async openJob(jobId: string): Promise<JobHere> {
    const budget = new FleetBudget(this.commands!, jobId);
    await budget.attach(this.options.capstanVersion);
    const spec = await new ShardStore(this.commands!, jobId).spec();
    if (spec === null) throw new Error(`Job ${jobId} has no spec in Redis`);
    if (!this.options.runner.accepts(spec)) throw new Error(`This worker cannot run shards of job ${jobId} (its kind is not one this version runs)`);
    const buckets = { write: SharedTokenBucket.create(0), read: SharedTokenBucket.create(0) };
    const here: JobHere = { budget, spec, buckets, pumps: [], shards: 0, aborts: new Set() };
    for (const resource of RESOURCES) {
      const pump = new LeasePump({
        budget, resource, bucket: buckets[resource], workerId: this.id, subscriber: this.subscriber,
        onState: (state) => {
          if (state === 'stopped') here.aborts.forEach((a) => a.abort());
          if (state === 'disconnected') this.options.log('warn', `Lost Redis: job ${jobId} paused on this worker until it returns`);
          else this.options.log('info', `Job ${jobId} ${state} at ${Date.now()}`);
        },
      });
      await pump.start();
      here.pumps.push(pump);
    }
    return here;
  }

  private async leaveJob(jobId: string): Promise<void> {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    const here = await entry;
    if (--here.shards > 0) return;
    this.jobs.delete(jobId);
    await Promise.all(here.pumps.map((p) => p.close()));
  }

  private noteError(words: string): void {
    this.entry.errors++;
    this.entry.lastError = words;
    this.options.log('warn', words);
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    let live = 0;
    for (const written of this.liveCounts.values()) live += written;
    this.entry.itemsPerSecond = this.rate.record(now, this.entry.itemsWritten + live);
    this.entry.lastHeartbeatMs = now;
    await writeWorkerEntry(this.commands!, this.entry);
  }
}
