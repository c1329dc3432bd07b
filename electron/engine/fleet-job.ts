import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexProgressWords, type FleetStatus } from '../../shared/fleet-status';
import type { JobReport } from '../../shared/job-report';
import type { JobSpec } from '../../shared/job-spec';
import { makeJobSnapshot, type ErrorInfo, type JobSnapshot, type JobState, type JobTick, type JobTotals } from '../../shared/job-status';
import { startingRate, type RateMode } from '../../shared/rate-modes';
import { writeJsonDurably } from './checkpoint/checkpoint-file';
import type { ClientTarget } from './dynamo/client-target';
import type { FleetControl } from './fleet/fleet-budget';
import { keepActions } from './fleet/fleet-action-store';
import { FleetCoordinator, type FleetProgress } from './fleet/fleet-coordinator';
import { FleetSteering } from './fleet/fleet-steering';
import type { IndexProgress } from './fleet/object-shards';
import { fleetJobInRedis, fleetProblem, planFleetJob } from './fleet-plan';
import { stoppedWhilePlanningReport, stoppedWhilePlanningWords, writeStoppedWhilePlanning } from './fleet/planning-stop';
import { fleetRejectReasons, fleetTotals, type FleetRejectReasons } from './fleet/fleet-totals';
import { fleetObjectsAtEnd, mergeRejects, remainingUnits } from './fleet/fleet-report-parts';
import { FleetTickSeries } from './fleet/fleet-tick-series';
import { jobIdStartMs } from '../../shared/job-id';
import { openRedis, type RedisTarget } from './fleet/redis-connection';
import type { FleetShardCheckpoint } from './fleet/redis-checkpoint-store';
import type { FleetShardRecord } from './fleet/shard-store';
import { newJobId } from './job-manager';
import { ActionLog } from '../../shared/report/action-log';
import { buildJobReport } from './lifecycle/job-report-builder';
import type { JobScalingChange } from './capacity/job-scaling-target';
import { keptFleetScaling, raiseFleetScaling, restoreFleetScaling } from './fleet/fleet-scaling';
import { describeMode } from './lifecycle/rate-control';
import { rankRejectReasons } from '../../shared/report/reject-reasons';
import type { ShardRecord } from './shard/shard';

/**
 * A job run on a fleet, seen from its coordinator (the CLI today; the panel and web mode
 * through the same engine): refuses what workers cannot run, plans shards (S3 objects, byte
 * ranges of big uncompressed ones, groups of Parquet row groups, or sets of scan segments), applies a backfill's safety step once, puts the plan in Redis and
 * the shards on the queue, steers, and writes one report from the shard records, with the
 * per-worker table. A coordinator that dies and is started again with the job's id attaches
 * to the job in Redis and carries on.
 */

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

/** How often the CLI and the job log say how far the index pass is (the dashboard gets every report). */
const PLANNING_LOG_MS = 5000;

/** One fleet job, steered from this process. */
export class FleetJobRun {
  private state: JobState = 'validating';
  /** The job's per-second series, kept in its folder (an attached coordinator continues it). */
  private readonly series = new FleetTickSeries();
  private fleet: FleetStatus | null = null;
  private control: FleetControl | null = null;
  private totals: JobTotals | null = null;
  /** Rejects by reason, summed from the shards' checkpoints with the totals (the dashboard's list and the report's counts). */
  private rejects: FleetRejectReasons | null = null;
  private stopping = false;
  /** The reject limit's error, once the fleet's summed rejects passed it (the job is stopped and ends failed). */
  private failure: ErrorInfo | null = null;
  /** Null until `plan` has put the job in Redis. */
  private planned: FleetCoordinator | null = null;
  /** The index pass over a big object while the job plans, for the dashboard. */
  private indexing: IndexProgress | null = null;
  private lastPlanningLogMs = 0;
  /** The report written when a stop ended the job while it planned. */
  private stoppedReport: JobReport | null = null;
  /** The auto-scaling target raised for the job (by this coordinator, or by one before it), until it is restored. */
  private scaling: JobScalingChange | null = null;

  private constructor(
    readonly id: string, readonly spec: JobSpec, private readonly attachTo: string | null, private readonly steering: FleetSteering,
    private readonly options: FleetRunOptions, private readonly notes: string[], private readonly actions: ActionLog, private startedAtMs: number,
  ) {}

  /** Plans and starts a new job, or (with `attachTo`) attaches to the job of that id in Redis. */
  static async open(spec: JobSpec, options: FleetRunOptions, attachTo: string | null = null): Promise<FleetJobRun> {
    const run = await FleetJobRun.begin(spec, options, attachTo);
    await run.plan();
    return run;
  }

  /**
   * The checks that refuse a job at once, in words: what workers cannot run, a table the
   * coordinator cannot read, a queue it cannot use. Nothing is planned or queued yet: `plan`
   * does that (a big object's index pass can take minutes, which the dashboard shows).
   */
  static async begin(spec: JobSpec, options: FleetRunOptions, attachTo: string | null = null): Promise<FleetJobRun> {
    const problem = fleetProblem(spec);
    if (problem) throw new Error(problem);
    const id = attachTo ?? newJobId(spec.kind);
    const actions = new ActionLog(Date.now);
    // The table is described first: a table the coordinator cannot read is refused before anything is queued.
    const steering = await FleetSteering.open({ spec, clientTarget: options.clientTarget, log: options.log, record: (kind, by, words) => actions.record(kind, by, words) });
    try {
      // And a queue it cannot use (unreachable, refused, too old, missing permissions), before any object is read.
      if (!attachTo) (await openRedis(options.target, 'budget')).disconnect();
    } catch (error) {
      steering.close();
      throw error;
    }
    return new FleetJobRun(id, spec, attachTo, steering, options, [], actions, Date.now());
  }

  /** The coordinator, once `plan` has put the job in Redis. */
  get coordinator(): FleetCoordinator {
    if (!this.planned) throw new Error(`Fleet job ${this.id} is still being planned: its shards are not queued yet`);
    return this.planned;
  }

  /**
   * Carries on a job found stopped in Redis (a resume): the auto-scaling target its stop
   * restored is raised again, then its shards not done go back on the queue. Any other
   * state is left as it is.
   */
  async restartIfStopped(): Promise<void> {
    const coordinator = this.coordinator;
    if ((await coordinator.budget.read())?.state !== 'stopped') return;
    if (!this.scaling) {
      this.scaling = await raiseFleetScaling(this.spec, this.options.clientTarget, Date.now());
      if (this.scaling) {
        this.say('info', this.scaling.note);
        await coordinator.store.keepScaling(this.scaling.change);
      }
    }
    await coordinator.restart();
  }

  /** True until the job is in Redis with its shards queued. */
  get planning(): boolean {
    return this.planned === null;
  }

  /**
   * Plans the shards (or attaches), puts the job in Redis and queues them. A stop meanwhile
   * ends it here, with nothing queued, leaving its spec and a report that says so; a job
   * stopped that way is planned anew when it is resumed (nothing of it is in Redis).
   */
  async plan(): Promise<void> {
    const { spec, id, options, steering } = this;
    const directory = join(options.dataDir, 'jobs', id);
    let coordinator: FleetCoordinator;
    let shards: ShardRecord[];
    let last: IndexProgress | null = null;
    try {
      const attachTo = this.attachTo && (await this.attachable(directory)) ? this.attachTo : null;
      shards = attachTo ? [] : await planFleetJob(spec, id, options, this.notes, { progress: (p) => { last = p; this.indexProgress(p); }, isClosed: () => this.stopping });
      this.indexing = null;
      if (this.stopping) throw new Error('Stopped while planning: nothing was queued');
      // A new job's auto-scaling target is raised before its first shard is queued (a table without write auto scaling is refused here).
      if (!attachTo) this.scaling = await raiseFleetScaling(spec, options.clientTarget, Date.now());
      if (this.scaling) this.say('info', this.scaling.note);
      const first = steering.firstStep();
      const rates = spec.kind === 'load' ? { write: first.writeRate } : { write: first.writeRate, read: spec.rate.rcuPerSecond };
      const mode = describeMode(steering.currentMode());
      if (first.paused) {
        this.actions.record('pause', 'window', `Paused: ${first.paused.reason}`);
        options.log('info', `Paused: ${first.paused.reason}`);
      }
      coordinator = await FleetCoordinator.open(options.target, {
        jobId: id, spec, shards, capstanVersion: options.capstanVersion, mode, rates, ...(first.paused ? { paused: first.paused } : {}),
      });
      if (this.scaling) await coordinator.store.keepScaling(this.scaling.change);
      else if (coordinator.attached) {
        this.scaling = await keptFleetScaling(coordinator.store, spec, options.clientTarget);
        if (this.scaling) this.say('info', `${this.scaling.note} It is restored when the job ends.`);
      }
      const control = await coordinator.budget.read();
      if (control) steering.bind(coordinator.budget, control);
      await keepActions(this.actions, coordinator.actions, coordinator.attached, options.log);
    } catch (error) {
      this.indexing = null;
      this.state = this.stopping ? 'stopped' : 'failed';
      steering.close();
      await this.restoreScaling(null);
      if (this.stopping) {
        this.stoppedReport = await writeStoppedWhilePlanning({ directory, spec, snapshot: { ...this.snapshot(), endedAtMs: Date.now() }, notes: this.notes, actions: this.actions.all(), last });
        options.log('info', stoppedWhilePlanningWords(last));
      }
      throw error;
    }
    this.planned = coordinator;
    this.state = 'running';
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'spec.json'), JSON.stringify(spec, null, 2));
    // An attached coordinator continues the series kept in the job's folder, and the job's times count from its real start.
    const earlier = await this.series.keepIn(join(directory, 'ticks.jsonl'), coordinator.attached);
    if (coordinator.attached) {
      this.startedAtMs = Math.min(this.startedAtMs, jobIdStartMs(id) ?? this.startedAtMs);
      options.log('info', earlier > 0 ? `Continuing the job's chart from the ${earlier.toLocaleString('en-US')} second(s) kept in ${directory}` : `No earlier chart of job ${id} in ${directory} (its first coordinator ran with another data folder): the chart starts now`);
    }
    options.log('info', coordinator.attached ? `Attached to fleet job ${id} at ${options.target.display}` : `Fleet job ${id}: ${shards.length} shard(s) queued at ${options.target.display}`);
  }

  /** The report written when the job was stopped while planning, or null. */
  get reportOfStopWhilePlanning(): JobReport | null {
    return this.stoppedReport;
  }

  /**
   * True when the job to attach to is in Redis. One stopped while planning never was: it is
   * planned anew under its id, with the actions of its earlier run; any other job missing
   * there is refused in words (an empty plan would end "completed" with nothing loaded).
   */
  private async attachable(directory: string): Promise<boolean> {
    if (await fleetJobInRedis(this.options.target, this.id)) return true;
    const stopped = await stoppedWhilePlanningReport(directory);
    if (!stopped) throw new Error(`No fleet job ${this.id} at ${this.options.target.display} to attach to (it ended and was removed, or was never planned there)`);
    this.actions.restore([...(stopped.actions ?? []), ...this.actions.all()]);
    this.options.log('info', `Job ${this.id} was stopped during planning, before any shard was queued: planning it again`);
    return false;
  }

  /** The index pass's progress: on the dashboard at once, in the log every PLANNING_LOG_MS (and at its start and end). */
  private indexProgress(p: IndexProgress): void {
    this.indexing = p;
    const now = Date.now();
    if (p.bytesRead === 0 || p.bytesRead >= p.bytesTotal || now - this.lastPlanningLogMs >= PLANNING_LOG_MS) {
      this.lastPlanningLogMs = now;
      this.options.log('info', indexProgressWords(p));
    }
    this.options.onUpdate?.(this.snapshot());
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
    if (this.planning) {
      // The index pass sees it within a second; nothing is in Redis yet.
      this.act('stop', 'Stop requested while planning: the index pass ends and nothing is queued');
      return;
    }
    this.act('stop', 'Stop requested: workers end their shards at their last checkpoints');
    await this.coordinator.stop();
  }

  /** Watches the job to its end; writes the report into the job's folder, removes a completed job from Redis, and returns the report. */
  async waitForEnd(): Promise<JobReport> {
    const reads = this.spec.kind === 'backfill';
    const progress = await this.coordinator.waitForEnd((p) => this.refresh(p).catch((error: unknown) => this.options.log('warn', `Could not steer the fleet this second: ${(error as Error).message}`)), 1000, reads, this.options.log);
    await this.refresh(await this.coordinator.progress(reads));
    const unsaved = await this.series.settled();
    if (unsaved) this.options.log('warn', `Could not keep the job's chart in its folder (${unsaved}); the report still holds it`);
    const failure = progress.failure ?? this.failure?.message ?? null;
    this.state = failure ? 'failed' : progress.control?.state === 'stopped' ? 'stopped' : 'completed';
    await this.restoreScaling(this.coordinator.store);
    if (failure) this.notes.push(failure);
    const report = await this.writeReport(failure);
    // Its report is on disk: a completed job leaves Redis (a failed or stopped one stays, for a resume to attach to).
    if (this.state === 'completed') await this.coordinator.remove().catch((error: unknown) => this.options.log('warn', `Could not remove the finished job from Redis (${(error as Error).message}); its keys stay until removed by hand`));
    return report;
  }

  /** The job's ticks so far, one a second, for the dashboard's charts. */
  tickHistory(): JobTick[] {
    return this.series.all();
  }

  /** The job now, as every face draws it. */
  snapshot(): JobSnapshot {
    const totals = this.totals ?? fleetTotals(this.spec.kind, []);
    const ended = this.state === 'completed' || this.state === 'failed' || this.state === 'stopped';
    const paused = this.state === 'paused';
    const by = this.control?.pausedBy;
    return makeJobSnapshot({
      id: this.id, state: this.stopping && this.state === 'running' ? 'stopping' : this.state, createdAtMs: this.startedAtMs, startedAtMs: this.startedAtMs,
      endedAtMs: ended ? Date.now() : null, rateWcuPerSecond: this.fleet?.write.operatorRatePerSecond ?? (this.planning ? this.askedWriteRate() : 0),
      error: this.failure, rejectsFile: null, cost: this.steering.cost(),
      pauseReason: paused ? (this.control?.pauseReason ?? null) : null,
      pausedBy: paused ? (by === 'cost' || by === 'window' ? by : 'operator') : null,
      capacity: this.steering.capacityView({}),
      // Numbered on the live chart as in the report (an attached coordinator's include those from before its restart).
      actions: this.actions.all(),
      ...(this.fleet ? { fleet: this.fleet } : this.indexing ? { fleet: this.planningStatus(this.indexing) } : {}),
      ...(this.rejects ? { rejectsByReason: rankRejectReasons(this.rejects.counts, (reason) => this.rejects?.examples.get(reason) ?? null) } : {}),
    }, this.spec, totals, { rateMode: this.steering.currentMode(), readRateRcuPerSecond: this.fleet?.read?.operatorRatePerSecond ?? null });
  }

  /** Lets go of Redis (the job stays there unless it was removed after its report). */
  async close(): Promise<void> {
    this.steering.close();
    await this.planned?.close();
  }

  /** The write rate the spec asks for (what the budget starts with once the shards are queued). */
  private askedWriteRate(): number {
    return startingRate(this.steering.currentMode());
  }

  /** The fleet card while the coordinator plans: the queue and rate, no shard or worker yet, and the index pass. */
  private planningStatus(planning: IndexProgress): FleetStatus {
    // Nothing is in force before a shard is queued: the shared rate is shown as asked.
    const rate = this.askedWriteRate();
    return {
      queue: this.options.target.display, state: 'running', write: { operatorRatePerSecond: rate, sharedRatePerSecond: rate }, read: null,
      shards: { pending: 0, running: 0, done: 0, failed: 0 }, workers: [], atMs: Date.now(), planning,
    };
  }

  /** One second of the job: totals and the fleet view from the coordinator's read of Redis, a tick, then the steering. */
  private async refresh(progress: FleetProgress): Promise<void> {
    const { control } = progress;
    this.totals = fleetTotals(this.spec.kind, progress.records as FleetShardRecord<FleetShardCheckpoint>[]);
    this.rejects = fleetRejectReasons(progress.records as FleetShardRecord<FleetShardCheckpoint>[]);
    this.control = control;
    this.fleet = progress.fleet;
    if (control && control.state !== 'stopped') this.state = control.state;
    const tick = this.series.add(this.totals, this.fleet?.write.sharedRatePerSecond ?? 0);
    // The mode, the ceiling and the reject limit, decided once for the fleet from its summed totals.
    const overLimit = await this.steering.step({ tick, totals: this.totals, control, elapsedSeconds: (Date.now() - this.startedAtMs) / 1000, remaining: remainingUnits(this.totals) });
    if (overLimit && !this.failure) {
      this.failure = overLimit;
      this.options.log('error', overLimit.message);
      await this.coordinator.stop();
    }
    this.options.onUpdate?.(this.snapshot());
  }

  /** Puts the auto-scaling target raised for the job back (however it ended), in the log and the report's notes. */
  private async restoreScaling(store: FleetCoordinator['store'] | null): Promise<void> {
    const change = this.scaling;
    if (!change) return;
    this.scaling = null;
    const words = await restoreFleetScaling(change, store, Date.now());
    this.say(words.startsWith('COULD NOT') ? 'error' : 'info', words);
  }

  /** Words for the log and the report's notes. */
  private say(level: 'info' | 'error', words: string): void {
    this.notes.push(words);
    this.options.log(level, words);
  }

  /** An operator's action: logged, and listed in the report as a local job's are. */
  private act(kind: 'pause' | 'resume' | 'stop', words: string): void {
    this.actions.record(kind, 'operator', words);
    this.options.log('info', words);
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
    const lines = await fleetObjectsAtEnd(this.spec, this.state === 'completed', shards, this.options.clientTarget, (level, message) => this.options.log(level, message));
    const objects = lines ? { objects: lines } : {};
    const report = { ...buildJobReport({ snapshot, ticks: this.series.all(), throttlesByReason: {}, rejectReasons: reasons, rejectSamples: sample, notes, actions: this.actions.all(), ...objects }), ...(this.fleet ? { fleet: this.fleet } : {}) };
    await writeJsonDurably(join(directory, 'report.json'), report);
    return report;
  }
}
