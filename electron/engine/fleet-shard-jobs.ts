import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackfillJobSpec } from '../../shared/backfill-spec';
import { jobSpecSchema, type JobSpec, type LoadJobSpec, type LoadSource } from '../../shared/job-spec';
import { emptyTotals, type JobSnapshot } from '../../shared/job-status';
import { createBackfillJob } from './backfill/backfill-job';
import type { BackfillState } from './backfill/backfill-work';
import { workerTarget } from './fleet/worker-target';
import type { FleetShardContext, FleetShardRunner } from './fleet/fleet-shard-runner';
import { openParquetRangeRecordSource } from './fleet/parquet-range-record-source';
import { openRangeRecordSource, type RangeShardInput } from './fleet/range-record-source';
import { redisCheckpointStore, type FleetShardCheckpoint } from './fleet/redis-checkpoint-store';
import { createLoadJob } from './job/load-job';
import { leasedBudget } from './lifecycle/capacity-budget';
import { KeptThreads } from './lifecycle/job-threads';
import type { EngineJob, JobContext, JobUpdate } from './lifecycle/engine-job';
import type { JobCheckpoint } from './lifecycle/job-checkpoint';
import type { ShardInput, ShardOutcome } from './shard/shard';
import type { OpenRecordSourceOptions, RecordSource } from './source/open-record-source';

/**
 * The shards of real jobs on a `capstan worker`: each shard runs as a job of its kind on
 * the one lifecycle, with its executors unchanged, narrowed to the shard's input (a load
 * of one S3 object, of one byte range of a big one, or of some row groups of a Parquet one; a backfill of the shard's scan segments). Two things differ from a
 * local job, both given to the lifecycle from outside: checkpoints go to the shard's record
 * in Redis (so another worker continues from them), and capacity comes from the fleet's
 * budget through this worker's leased buckets (throttles cut the fleet's shared rate).
 * Rate modes, the cost ceiling, safety actions and the report are the coordinator's.
 */

/** What the runner needs from its process. */
export interface ShardJobsOptions {
  /** Built worker entries (out/main/<name>.js). */
  workerScripts: Record<string, string>;
  /** Where shard folders (rejects, ticks) live while a shard runs; a temporary folder by default. */
  workDir?: string;
}

/** Runs load and backfill shards on a fleet worker. */
export class ShardJobsRunner implements FleetShardRunner {
  /** Worker threads of shards that ended cleanly, handed to the next shards (a thread costs ~0.4 s of CPU to start). */
  private readonly threads = new KeptThreads();

  constructor(private readonly options: ShardJobsOptions) {}

  /** Threads this runner started, and shard runs it handed to a kept thread. */
  get threadCounts(): { started: number; handedOn: number } {
    return { ...this.threads.counts };
  }

  /** Ends the kept threads. */
  async close(): Promise<void> {
    await this.threads.close();
  }

  accepts(spec: unknown): boolean {
    const parsed = jobSpecSchema.safeParse(spec);
    return parsed.success && parsed.data.fleet !== undefined;
  }

  async run<C>(context: FleetShardContext<C>): Promise<ShardOutcome | null> {
    const ctx = context as unknown as FleetShardContext<FleetShardCheckpoint>;
    const spec = jobSpecSchema.parse(ctx.spec);
    const directory = join(this.options.workDir ?? join(tmpdir(), 'capstan-worker'), `${ctx.jobId}-${ctx.shard.id}-${randomUUID().slice(0, 8)}`);
    await mkdir(directory, { recursive: true });
    try {
      return await this.runIn(ctx, spec, directory);
    } finally {
      await rm(directory, { recursive: true, force: true }).catch(() => {});
    }
  }

  private async runIn(ctx: FleetShardContext<FleetShardCheckpoint>, spec: JobSpec, directory: string): Promise<ShardOutcome | null> {
    const input = ctx.shard.input;
    const shardSpec = shardSpecOf(spec, input);
    let job: EngineJob | null = null;
    const context: JobContext = {
      id: ctx.jobId, spec: shardSpec, directory, target: workerTarget(spec), workerScripts: this.options.workerScripts,
      checkpoints: redisCheckpointStore(ctx, directory, initialCheckpoint(ctx, shardSpec)),
      budget: leasedBudget(ctx.buckets, (resource) => ctx.throttled(resource)),
      threads: this.threads,
      onUpdate: (update: JobUpdate) => {
        if (update.kind === 'log' && update.level !== 'info') ctx.log(update.level, update.message);
        if (update.kind === 'tick' && job) {
          const t = job.snapshot().totals;
          ctx.progress({ read: t.read, written: t.written, rejected: t.rejected });
        }
      },
    };
    const part = input.kind === 'byte-range' ? partOfObject(input) : null;
    const openSource = part ? { openSource: (source: LoadSource, options: OpenRecordSourceOptions) => part(source, options) } : {};
    job = spec.kind === 'load' ? createLoadJob({ ...context, ...openSource, spec: shardSpec as LoadJobSpec }) : createBackfillJob({ ...context, spec: shardSpec as BackfillJobSpec });
    const running = job;
    const onAbort = () => running.stop();
    ctx.signal.addEventListener('abort', onAbort);
    try {
      // Always a resume: the store answers with the shard's last checkpoint, or where a fresh shard starts.
      await running.run(true);
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
    return outcomeOf(running.snapshot(), ctx.signal.aborted);
  }
}

/**
 * How a worker reads a shard that is part of one object, or null for a whole object (read
 * as a local load reads it). A part with `from` is a byte range the coordinator's index
 * pass found, read on its own and numbered from where it starts; a part without it is a
 * group of Parquet row groups (the only other way an object is cut, object-shards.ts).
 */
function partOfObject(input: RangeShardInput): ((source: LoadSource, options: OpenRecordSourceOptions) => Promise<RecordSource>) | null {
  if (input.from) return (source, options) => openRangeRecordSource(source, input, options);
  if (input.startByte === 0 && input.endByte === input.entry.sizeBytes) return null;
  return (source, options) => openParquetRangeRecordSource(source, input, options);
}

/** A shard job's end as the fleet sees it: done, stopped (null: its checkpoint stands), or an error that sends the shard back to the queue. */
function outcomeOf(snapshot: JobSnapshot, aborted: boolean): ShardOutcome | null {
  const t = snapshot.totals;
  const counts = { read: t.read, written: t.written, rejected: t.rejected };
  if (snapshot.state === 'completed') return { state: 'done', counts, error: null };
  if (snapshot.state === 'failed' && !aborted) throw new Error(snapshot.error?.message ?? 'the shard failed');
  return null;
}

/**
 * The spec a shard runs with: its input only, a fixed rate (the fleet's budget decides), no
 * steps that are the coordinator's. What is taken out is done once for the fleet by its
 * coordinator, never dropped: the rate mode, the limits (maxWcuPerSecond caps the budget,
 * maxRejects/maxFailures and maxCostUsd are read against the summed totals: fleet-steering.ts),
 * the source's afterLoad (applied to the fleet's per-object audit when the job completes:
 * fleet-job.ts) and the auto-scaling target (raised before the first shard is queued and
 * restored at the end: fleet/fleet-scaling.ts). docs/fleet.md lists every field.
 */
export function shardSpecOf(spec: JobSpec, input: ShardInput): JobSpec {
  const { fleet: _fleet, ...rest } = spec;
  if (rest.kind === 'load') {
    if (input.kind !== 'byte-range') throw new Error(`A load cannot run a ${input.kind} shard`);
    const { afterLoad: _after, ...source } = rest.source;
    const { autoScaling: _scaling, ...load } = rest;
    return {
      ...load, source: { ...source, path: input.entry.name },
      rate: { mode: 'fixed', wcuPerSecond: 1 },
      limits: {},
      options: { ...load.options, workers: 1 },
    };
  }
  if (input.kind !== 'scan-segments') throw new Error(`A backfill cannot run a ${input.kind} shard`);
  return { ...rest, rate: { mode: 'fixed', wcuPerSecond: 1, rcuPerSecond: rest.rate.rcuPerSecond }, limits: {}, scan: { ...rest.scan, segments: input.totalSegments, workers: 1 } };
}

/**
 * Where a shard without a checkpoint starts. A load plans its one object itself (null). A
 * backfill starts from a checkpoint holding only the shard's segments, with the safety
 * checks marked passed: the coordinator applied them once, before any shard was queued.
 */
function initialCheckpoint(ctx: FleetShardContext<FleetShardCheckpoint>, spec: JobSpec): JobCheckpoint | null {
  if (spec.kind === 'load' || ctx.shard.input.kind !== 'scan-segments') return null;
  const work: BackfillState = { totalSegments: ctx.shard.input.totalSegments, seed: seedOf(ctx.shard.id), rejectsBytes: 0, outputBytes: 0, safetyPassed: true };
  return {
    version: 2, jobId: ctx.jobId, spec, totals: emptyTotals('backfill'), work, notes: [], startedAtMs: null, savedAtMs: 0,
    shards: [{ id: ctx.shard.id, input: ctx.shard.input, state: 'pending', checkpoint: null, outcome: null }],
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 1;
}
