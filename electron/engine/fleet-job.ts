import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fleetRangeBytes, type FleetStatus } from '../../shared/fleet-status';
import type { JobReport, RejectLine } from '../../shared/job-report';
import type { JobSpec } from '../../shared/job-spec';
import { consumedRcuOf, makeJobSnapshot, type ErrorInfo, type JobSnapshot, type JobState, type JobTick, type JobTotals } from '../../shared/job-status';
import type { RateMode } from '../../shared/rate-modes';
import { applyBackfillSafety } from './backfill/backfill-safety';
import { chooseSegmentCount, dealSegments } from './backfill/segment-plan';
import { writeJsonDurably } from './checkpoint/checkpoint-file';
import { createDynamoClient, type ClientTarget } from './dynamo/client-target';
import type { FleetControl } from './fleet/fleet-budget';
import { fleetObjectAudit } from './fleet/fleet-object-audit';
import { FleetCoordinator, type FleetProgress } from './fleet/fleet-coordinator';
import { FleetSteering } from './fleet/fleet-steering';
import { objectShardInputs } from './fleet/object-shards';
import { fleetRejectReasons, fleetTotals, type FleetRejectReasons } from './fleet/fleet-totals';
import { openRedis, type RedisTarget } from './fleet/redis-connection';
import type { FleetShardCheckpoint } from './fleet/redis-checkpoint-store';
import { ShardStore, type FleetShardRecord } from './fleet/shard-store';
import { newJobId } from './job-manager';
import { ActionLog } from '../../shared/report/action-log';
import { buildJobReport } from './lifecycle/job-report-builder';
import { describeMode } from './lifecycle/rate-control';
import { rankRejectReasons } from '../../shared/report/reject-reasons';
import { createS3Client } from './s3/s3-client';
import { isS3Url } from './s3/s3-url';
import { pendingShard, type ShardRecord } from './shard/shard';
import { listByteSources } from './source/list-source-files';
import { describeTable } from './tables/table-description';

/**
 * A job run on a fleet, seen from its coordinator (the CLI today; the panel and web mode
 * through the same engine): refuses what workers cannot run, plans shards (S3 objects, byte
 * ranges of big uncompressed ones, groups of Parquet row groups, or sets of scan segments), applies a backfill's safety step once, puts the plan in Redis and
 * the shards on the queue, steers, and writes one report from the shard records, with the
 * per-worker table. A coordinator that dies and is started again with the job's id attaches
 * to the job in Redis and carries on.
 */

/** How many shards a backfill's segments are dealt into: enough that a lost worker's share is small. */
const BACKFILL_SHARDS = 16;

/** What a fleet run needs. */
export interface FleetRunOptions {
  target: RedisTarget;
  /** Where the job's folder (spec, rejects, report) is made. */
  dataDir: string;
  capstanVersion: string;
  /** The spec's connection, resolved. */
  clientTarget: ClientTarget;
  /** Called every second with the job as the dashboard draws it. */
  onUpdate?(snapshot: JobSnapshot): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Refuses, in words, a spec that a fleet cannot run. */
export function fleetProblem(spec: JobSpec): string | null {
  if (!spec.fleet) return 'The spec names no fleet queue (fleet.queue)';
  if (spec.connection.kind === 'sandbox') return "A fleet job cannot use the panel's built-in sandbox: workers on other machines cannot reach it. Use an endpoint or AWS";
  if (spec.kind === 'load') {
    if (!isS3Url(spec.source.path)) return `A fleet load reads its input from S3: workers on other machines cannot read this machine's files (${spec.source.path}). Upload them (aws s3 cp --recursive) and load s3://bucket/prefix/`;
  } else {
    if (spec.operation.kind === 'find') return 'find writes its matches to a file on this machine, which workers cannot reach: run it locally';
    if (spec.trial) return 'A trial runs locally: drop --trial, or run the trial without --fleet';
  }
  return null;
}

/** Plans a new fleet job: its shards, after a backfill's safety step. */
export async function planFleetJob(spec: JobSpec, jobId: string, options: FleetRunOptions, notes: string[]): Promise<ShardRecord[]> {
  if (spec.kind === 'load') {
    const listed = await listByteSources(spec.source.path, { s3Client: () => createS3Client(options.clientTarget) });
    if (listed.dynamoDbExport) throw new Error('A fleet load of a DynamoDB export folder is not supported yet: run it locally');
    if (listed.sources.length === 0) throw new Error(`No objects under ${spec.source.path}`);
    // The spec's fleet.rangeMb (the CLI's --fleet-range-mb, the wizard's field), or its default.
    const rangeBytes = fleetRangeBytes(spec.fleet);
    const shards: ShardRecord[] = [];
    for (const [i, s] of listed.sources.entries()) {
      const inputs = await objectShardInputs(spec.source, s, rangeBytes, { log: (message) => options.log('info', message), note: (message) => notes.push(message) });
      // Parts of one object: byte ranges found by the index pass (with where they start), or groups of Parquet row groups.
      const part = inputs[0]?.kind === 'byte-range' && inputs[0].from ? 'range' : 'groups';
      inputs.forEach((input, r) => shards.push(pendingShard(inputs.length === 1 ? `object-${i}` : `object-${i}-${part}-${r}`, input)));
    }
    return shards;
  }
  const client = createDynamoClient(options.clientTarget, { maxSockets: 2 });
  try {
    const facts = await describeTable(client, spec.table);
    await applyBackfillSafety(spec, client, jobId, { alreadyPassed: false, notes, log: (level, message) => options.log(level, message) });
    const total = spec.scan.segments ?? chooseSegmentCount({ itemCount: facts.itemCount ?? 0, sizeBytes: facts.sizeBytes ?? 0 });
    const hands = dealSegments(Array.from({ length: total }, (_, i) => i), Math.min(total, BACKFILL_SHARDS), { shuffle: spec.scan.shuffle, seed: 1 });
    return hands.filter((h) => h.length > 0).map((segments, i) => pendingShard(`scan-${i}`, { kind: 'scan-segments', table: spec.table, segments, totalSegments: total }));
  } finally {
    client.destroy();
  }
}

/** The spec stored in Redis for `jobId`, for a coordinator that attaches. */
export async function storedFleetSpec(target: RedisTarget, jobId: string): Promise<unknown> {
  const redis = await openRedis(target, 'budget');
  try {
    const spec = await new ShardStore(redis, jobId).spec();
    if (spec === null) throw new Error(`No fleet job ${jobId} at ${target.display} (it ended, or was never planned there)`);
    return spec;
  } finally {
    redis.disconnect();
  }
}

/** One fleet job, steered from this process. */
export class FleetJobRun {
  private state: JobState = 'running';
  private readonly ticks: JobTick[] = [];
  private last: Record<'read' | 'written' | 'rejected' | 'retried' | 'throttled' | 'consumedWcu' | 'consumedRcu', number> | null = null;
  private fleet: FleetStatus | null = null;
  private control: FleetControl | null = null;
  private totals: JobTotals | null = null;
  /** Rejects by reason, summed from the shards' checkpoints with the totals (the dashboard's list and the report's counts). */
  private rejects: FleetRejectReasons | null = null;
  private stopping = false;
  /** The reject limit's error, once the fleet's summed rejects passed it (the job is stopped and ends failed). */
  private failure: ErrorInfo | null = null;

  private constructor(
    readonly id: string, readonly spec: JobSpec, readonly coordinator: FleetCoordinator, private readonly steering: FleetSteering,
    private readonly options: FleetRunOptions, private readonly notes: string[], private readonly actions: ActionLog, private readonly startedAtMs: number,
  ) {}

  /** Plans and starts a new job, or (with `attachTo`) attaches to the job of that id in Redis. */
  static async open(spec: JobSpec, options: FleetRunOptions, attachTo: string | null = null): Promise<FleetJobRun> {
    const problem = fleetProblem(spec);
    if (problem) throw new Error(problem);
    const id = attachTo ?? newJobId(spec.kind);
    const notes: string[] = [];
    // The table is described first: a table the coordinator cannot read is refused before anything is queued.
    const actions = new ActionLog(Date.now);
    const steering = await FleetSteering.open({ spec, clientTarget: options.clientTarget, log: options.log, record: (kind, by, words) => actions.record(kind, by, words) });
    let coordinator: FleetCoordinator;
    let shards: ShardRecord[];
    try {
      shards = attachTo ? [] : await planFleetJob(spec, id, options, notes);
      const first = steering.firstStep();
      const rates = spec.kind === 'load' ? { write: first.writeRate } : { write: first.writeRate, read: spec.rate.rcuPerSecond };
      const mode = spec.kind === 'load' ? describeMode(spec.rate) : 'fixed';
      if (first.paused) {
        actions.record('pause', 'window', `Paused: ${first.paused.reason}`);
        options.log('info', `Paused: ${first.paused.reason}`);
      }
      coordinator = await FleetCoordinator.open(options.target, {
        jobId: id, spec, shards, capstanVersion: options.capstanVersion, mode, rates, ...(first.paused ? { paused: first.paused } : {}),
      });
      const control = await coordinator.budget.read();
      if (control) steering.bind(coordinator.budget, control);
      await keepActions(actions, coordinator, options.log);
    } catch (error) {
      steering.close();
      throw error;
    }
    const directory = join(options.dataDir, 'jobs', id);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'spec.json'), JSON.stringify(spec, null, 2));
    options.log('info', coordinator.attached ? `Attached to fleet job ${id} at ${options.target.display}` : `Fleet job ${id}: ${shards.length} shard(s) queued at ${options.target.display}`);
    return new FleetJobRun(id, spec, coordinator, steering, options, notes, actions, Date.now());
  }

  /** Pauses every worker (within a second). */
  pause(): Promise<void> {
    this.state = 'paused';
    this.act('pause', 'Paused by the operator');
    return this.coordinator.pause();
  }

  /** Lets every worker take leases again (after the operator's pause or the cost ceiling's). */
  resume(): Promise<void> {
    this.state = 'running';
    this.act('resume', 'Resumed by the operator');
    return this.coordinator.resume();
  }

  /** The operator's write rate for the whole fleet; a load in another rate mode switches to fixed, as a local job does. */
  setRate(wcuPerSecond: number): Promise<void> {
    return this.steering.setRate(wcuPerSecond);
  }

  /** Switches a load's rate mode; the coordinator decides it from the next second on. */
  setMode(mode: RateMode): Promise<void> {
    return this.steering.setMode(mode);
  }

  /** Sets or clears the cost ceiling the coordinator reads the fleet's spend against (kept in Redis). */
  setCostCeiling(maxCostUsd: number | null): Promise<void> {
    return this.steering.setCeiling(maxCostUsd);
  }

  /** Stops the job: workers end their shards at their last checkpoints; attaching again resumes it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.act('stop', 'Stop requested: workers end their shards at their last checkpoints');
    await this.coordinator.stop();
  }

  /** Watches the job to its end; writes the report into the job's folder and returns it. */
  async waitForEnd(): Promise<JobReport> {
    const reads = this.spec.kind === 'backfill';
    const progress = await this.coordinator.waitForEnd((p) => this.refresh(p).catch((error: unknown) => this.options.log('warn', `Could not steer the fleet this second: ${(error as Error).message}`)), 1000, reads, this.options.log);
    await this.refresh(await this.coordinator.progress(reads));
    const failure = progress.failure ?? this.failure?.message ?? null;
    this.state = failure ? 'failed' : progress.control?.state === 'stopped' ? 'stopped' : 'completed';
    if (failure) this.notes.push(failure);
    return this.writeReport(failure);
  }

  /** The job's ticks so far, one a second, for the dashboard's charts. */
  tickHistory(): JobTick[] {
    return this.ticks;
  }

  /** The job now, as every face draws it. */
  snapshot(): JobSnapshot {
    const totals = this.totals ?? fleetTotals(this.spec.kind, []);
    const ended = this.state === 'completed' || this.state === 'failed' || this.state === 'stopped';
    const paused = this.state === 'paused';
    const by = this.control?.pausedBy;
    return makeJobSnapshot({
      id: this.id, state: this.stopping && this.state === 'running' ? 'stopping' : this.state, createdAtMs: this.startedAtMs, startedAtMs: this.startedAtMs,
      endedAtMs: ended ? Date.now() : null, rateWcuPerSecond: this.fleet?.write.operatorRatePerSecond ?? 0,
      error: this.failure, rejectsFile: null, cost: this.steering.cost(),
      pauseReason: paused ? (this.control?.pauseReason ?? null) : null,
      pausedBy: paused ? (by === 'cost' || by === 'window' ? by : 'operator') : null,
      capacity: this.steering.capacityView({}),
      // Numbered on the live chart as in the report (an attached coordinator's include those from before its restart).
      actions: this.actions.all(),
      ...(this.fleet ? { fleet: this.fleet } : {}),
      ...(this.rejects ? { rejectsByReason: rankRejectReasons(this.rejects.counts, (reason) => this.rejects?.examples.get(reason) ?? null) } : {}),
    }, this.spec, totals, { rateMode: this.steering.currentMode(), readRateRcuPerSecond: this.fleet?.read?.operatorRatePerSecond ?? null });
  }

  /** Lets go of Redis (the job stays there unless it was removed after its report). */
  close(): Promise<void> {
    this.steering.close();
    return this.coordinator.close();
  }

  /** One second of the job: totals and the fleet view from the coordinator's read of Redis, a tick, then the steering. */
  private async refresh(progress: FleetProgress): Promise<void> {
    const { control } = progress;
    this.totals = fleetTotals(this.spec.kind, progress.records as FleetShardRecord<FleetShardCheckpoint>[]);
    this.rejects = fleetRejectReasons(progress.records as FleetShardRecord<FleetShardCheckpoint>[]);
    this.control = control;
    this.fleet = progress.fleet;
    if (control && control.state !== 'stopped') this.state = control.state;
    const tick = this.tick(this.totals);
    // The mode, the ceiling and the reject limit, decided once for the fleet from its summed totals.
    const overLimit = await this.steering.step({ tick, totals: this.totals, control, elapsedSeconds: (Date.now() - this.startedAtMs) / 1000, remaining: remainingUnits(this.totals) });
    if (overLimit && !this.failure) {
      this.failure = overLimit;
      this.options.log('error', overLimit.message);
      await this.coordinator.stop();
    }
    this.options.onUpdate?.(this.snapshot());
  }

  /** An operator's action: logged, and listed in the report as a local job's are. */
  private act(kind: 'pause' | 'resume' | 'stop', words: string): void {
    this.actions.record(kind, 'operator', words);
    this.options.log('info', words);
  }

  private tick(t: JobTotals): JobTick {
    const now = { read: t.read, written: t.written, rejected: t.rejected, retried: t.retried, throttled: t.throttled, consumedWcu: t.consumedWcu, consumedRcu: consumedRcuOf(t) };
    const before = this.last ?? { read: 0, written: 0, rejected: 0, retried: 0, throttled: 0, consumedWcu: 0, consumedRcu: 0 };
    this.last = now;
    this.ticks.push({
      atMs: Date.now(), second: this.ticks.length + 1, read: now.read - before.read, written: now.written - before.written, rejected: now.rejected - before.rejected,
      retried: now.retried - before.retried, throttled: now.throttled - before.throttled, consumedWcu: now.consumedWcu - before.consumedWcu, consumedRcu: now.consumedRcu - before.consumedRcu,
      throttlesByReason: {}, latencyP50Ms: null, latencyP99Ms: null, inFlight: 0, targetWcuPerSecond: this.fleet?.write.sharedRatePerSecond ?? 0,
    });
    return this.ticks[this.ticks.length - 1]!;
  }

  private async writeReport(failure: string | null): Promise<JobReport> {
    const directory = join(this.options.dataDir, 'jobs', this.id);
    const shards = await this.coordinator.store.shards<FleetShardCheckpoint>();
    const rejectsPath = join(directory, 'rejects.jsonl');
    const { text, sample } = mergeRejects(shards);
    this.rejects = fleetRejectReasons(shards);
    const reasons = Object.fromEntries(this.rejects.counts);
    if (text) await writeFile(rejectsPath, text);
    const snapshot: JobSnapshot = { ...this.snapshot(), rejectsFile: text ? rejectsPath : null, error: failure ? (this.failure?.message === failure ? this.failure : { name: 'ShardFailed', message: failure }) : null, endedAtMs: Date.now() };
    const workers = this.fleet?.workers ?? [];
    const notes = [...this.notes, `Ran on a fleet at ${this.options.target.display}: ${workers.filter((w) => w.shardsDone > 0).length} worker(s) finished its ${shards.length} shard(s).`];
    const objects = this.spec.kind === 'load' ? { objects: fleetObjectAudit(shards) } : {};
    const report = { ...buildJobReport({ snapshot, ticks: this.ticks, throttlesByReason: {}, rejectReasons: reasons, rejectSamples: sample, notes, actions: this.actions.all(), ...objects }), ...(this.fleet ? { fleet: this.fleet } : {}) };
    await writeJsonDurably(join(directory, 'report.json'), report);
    return report;
  }
}

/**
 * The job's operator actions, kept in Redis with the job: an attached coordinator puts the
 * ones from before its restart first, the ones recorded since it started (a window's pause)
 * are stored, and every later one is stored as it is recorded (a failed write is said, and
 * the action stays in this coordinator's report).
 */
async function keepActions(actions: ActionLog, coordinator: FleetCoordinator, log: FleetRunOptions['log']): Promise<void> {
  const earlier = coordinator.attached ? await coordinator.actions.all() : [];
  const since = actions.all();
  actions.restore([...earlier, ...since]);
  for (const action of since) await coordinator.actions.append(action);
  actions.follow((action) => {
    coordinator.actions.append(action).catch((error: unknown) => log('warn', `Could not keep the action "${action.words}" in Redis (${(error as Error).message}); this coordinator's report still lists it`));
  });
}

/** Every shard's reject lines (as of its last checkpoint) and the first of them as the report's sample. */
function mergeRejects(shards: readonly FleetShardRecord<FleetShardCheckpoint>[]): { text: string; sample: RejectLine[] } {
  const sample: RejectLine[] = [];
  let text = '';
  for (const shard of [...shards].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) {
    const part = shard.checkpoint?.rejects ?? '';
    text += part;
    for (const line of part.split('\n')) {
      if (sample.length >= 20) break;
      if (line) sample.push(JSON.parse(line) as RejectLine);
    }
  }
  return { text, sample };
}

/** Units the rest of the job is expected to consume, for the spend meter's projection: a local job's estimates, on the fleet's totals. */
function remainingUnits(t: JobTotals): { wcu: number; rcu: number } {
  if (t.kind === 'load') {
    const wcuPerItem = t.written > 0 ? t.consumedWcu / t.written : 1;
    const estimatedTotal = t.recordsTotal ?? (t.bytesRead > 0 && t.read > 0 ? (t.read * t.bytesTotal) / t.bytesRead : t.read);
    return { wcu: Math.max(0, estimatedTotal - t.written - t.rejected - t.skipped) * wcuPerItem, rcu: 0 };
  }
  const doneShare = t.segmentsTotal > 0 ? t.segmentsDone / t.segmentsTotal : 0;
  const remainingShare = doneShare > 0 ? (1 - doneShare) / doneShare : 0;
  return { wcu: t.consumedWcu * remainingShare, rcu: t.consumedRcu * remainingShare };
}
