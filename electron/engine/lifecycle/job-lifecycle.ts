import type { JobReport } from '../../../shared/job-report';
import type { JobSpec } from '../../../shared/job-spec';
import type { ErrorInfo, JobSnapshot, JobState, JobTick, JobTotals } from '../../../shared/job-status';
import { emptyTotals, isFinalState, makeJobSnapshot, totalsFromStored } from '../../../shared/job-status';
import type { RateMode } from '../../../shared/rate-modes';
import type { JobContext } from './engine-job';
import { buildJobReport } from './job-report-builder';
import { TickAggregator } from './tick-aggregator';
import type { ShardRecord } from '../shard/shard';
import type { ShardEvents } from '../shard/shard-executor';
import { ShardTable, shardTableEvents } from '../shard/shard-table';
import type { JobWork, LifecycleHooks, PausedBy } from './job-work';
import { describeMode, RateControl } from './rate-control';
import { SpendControl, spendInputsOf } from './spend-control';
import { CheckpointCadence } from './checkpoint-cadence';
import { durableWriteError } from '../checkpoint/durable-write-error';
import type { JobCheckpoint } from './job-checkpoint';
import { JobPersistence } from './job-persistence';
import { DEFAULT_TIMING, errorInfo, within, type LifecycleTiming } from './lifecycle-timing';
import type { ActionActor, OperatorActionKind, TableCapacityAtStart } from '../../../shared/report/run-facts';
import { ActionLog, tableCapacityOf } from '../../../shared/report/action-log';

export type { JobCheckpoint } from './job-checkpoint';
export { DEFAULT_TIMING, errorInfo, type LifecycleTiming } from './lifecycle-timing';

/**
 * The one lifecycle of every job kind: validating -> running <-> paused -> stopping ->
 * completed | failed | stopped. It runs the kind's shards through its executor, keeps
 * the shard table, ticks every second, saves checkpoints on a cadence, reads the spend
 * meter against the cost ceiling, applies the rate mode, and ends the job once with a
 * report. Whatever throws — preparing, the executor, a shard — fails the job, and a
 * failing or stopping job that does not wind down in time is terminated: `run` always
 * returns within seconds of a failure. What it keeps on disk, and how, is
 * `JobPersistence`'s job.
 */
export class JobLifecycle<C = unknown, K = unknown> {
  readonly id: string;
  readonly spec: JobSpec;
  private state: JobState = 'validating';
  private readonly totals: JobTotals;
  private readonly createdAtMs: number;
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private error: ErrorInfo | null = null;
  private readonly now: () => number;
  private readonly timing: LifecycleTiming;
  private ticks: JobTick[] = [];
  private readonly aggregator = new TickAggregator();
  private readonly throttlesByReason: Record<string, number> = {};
  private readonly notes: string[] = [];
  private readonly actions = new ActionLog(() => this.now());
  private tableCapacity: TableCapacityAtStart | null = null;
  private shards = new ShardTable<C>([]);
  private readonly spend: SpendControl;
  private rateControl: RateControl | null = null;
  private pauseReason: string | null = null;
  private pausedBy: PausedBy | null = null;
  private stopRequested = false;
  private ending = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly cadence: CheckpointCadence;
  private readonly persistence: JobPersistence<C, K>;
  private report: JobReport | null = null;
  /** Wakes `run` when a stop or a failure is asked for. */
  private wake: () => void = () => undefined;
  private readonly woken: Promise<void>;
  readonly work: JobWork<C, K>;

  constructor(private readonly context: JobContext, makeWork: (hooks: LifecycleHooks<C>) => JobWork<C, K>, timing: Partial<LifecycleTiming> = {}) {
    this.id = context.id;
    this.spec = context.spec;
    this.now = context.now ?? Date.now;
    this.totals = emptyTotals(context.spec.kind);
    this.createdAtMs = this.now();
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.spend = new SpendControl(context.spec.limits.maxCostUsd ?? null);
    this.woken = new Promise((resolve) => (this.wake = resolve));
    this.persistence = new JobPersistence(context);
    this.cadence = new CheckpointCadence(() => this.writeCheckpoint(), {
      now: this.now, minGapMs: this.timing.checkpointMinGapMs, onError: (e) => this.fail(durableWriteError(e, this.context.directory)),
    });
    this.work = makeWork(this.hooks());
  }

  /** The job as every face draws it. */
  snapshot(): JobSnapshot {
    return makeJobSnapshot({
      id: this.id, state: this.state,
      createdAtMs: this.createdAtMs, startedAtMs: this.startedAtMs, endedAtMs: this.endedAtMs,
      rateWcuPerSecond: this.work.writeGovernor.requestedRate,
      error: this.error,
      cost: this.spend.cost(),
      pauseReason: this.state === 'paused' ? this.pauseReason : null,
      pausedBy: this.state === 'paused' ? this.pausedBy : null,
      capacity: this.rateControl?.view(this.throttlesByReason, this.spec.kind) ?? null,
      actions: this.actions.all(),
      ...this.work.snapshotExtras(),
    }, this.spec, this.work.liveTotals(), { rateMode: this.rateControl?.currentMode(), readRateRcuPerSecond: this.work.readGovernor?.requestedRate });
  }

  /** Every tick of this job (earlier runs' too, on resume). */
  tickHistory(): JobTick[] {
    return [...this.ticks];
  }

  /** The report, once the job has ended. */
  finalReport(): JobReport | null {
    return this.report;
  }

  /** Shards of the plan, with their states and checkpoints. */
  shardRecords(): ShardRecord<C>[] {
    return this.shards.toJSON();
  }

  /** Holds every new request within milliseconds; requests in flight finish. */
  pause(reason: string | null = null, by: PausedBy = reason ? 'cost' : 'operator'): void {
    if (this.state !== 'running') return;
    this.work.writeGovernor.pause();
    this.work.readGovernor?.pause();
    this.pauseReason = reason;
    this.pausedBy = by;
    this.setState('paused');
    this.act('pause', by, reason ? `Paused: ${reason}` : 'Paused by the operator', reason && by !== 'window' ? 'warn' : 'info');
  }

  /** Lets requests flow again. */
  resume(by: 'operator' | 'window' = 'operator'): void {
    if (this.state !== 'paused') return;
    this.work.writeGovernor.resume();
    this.work.readGovernor?.resume();
    this.pauseReason = null;
    this.pausedBy = null;
    this.setState('running');
    this.act('resume', by, by === 'window' ? 'Resumed: the time window opened' : 'Resumed by the operator');
  }

  /** The operator's write rate; with a rate mode, the slider switches it to fixed. */
  setRate(wcuPerSecond: number): void {
    const mode = this.rateControl?.currentMode() ?? (this.spec.kind === 'load' ? this.spec.rate : null);
    if (mode) {
      this.setMode({ mode: 'fixed', wcuPerSecond, ...(mode.maxWcuPerSecond ? { maxWcuPerSecond: mode.maxWcuPerSecond } : {}) });
      return;
    }
    this.work.writeGovernor.setOperatorRate(wcuPerSecond);
    this.act('rate', 'operator', `Write rate set to ${wcuPerSecond.toLocaleString('en-US')} WCU/s`);
    this.context.onUpdate({ kind: 'state' });
  }

  /** The operator's read rate (jobs that scan). */
  setReadRate(rcuPerSecond: number): void {
    if (!this.work.readGovernor) return;
    this.work.readGovernor.setOperatorRate(rcuPerSecond);
    this.act('read-rate', 'operator', `Read rate set to ${rcuPerSecond.toLocaleString('en-US')} RCU/s`);
    this.context.onUpdate({ kind: 'state' });
  }

  /** Switches the rate mode while running. */
  setMode(mode: RateMode): void {
    this.rateControl?.setMode(mode);
    if (mode.mode === 'fixed' || !this.rateControl) this.work.writeGovernor.setOperatorRate(mode.mode === 'fixed' ? mode.wcuPerSecond : this.work.writeGovernor.requestedRate);
    this.act('mode', 'operator', `Rate mode: ${describeMode(mode)}`);
    this.applyRateStep();
    this.context.onUpdate({ kind: 'state' });
  }

  /** Sets or clears the cost ceiling while running. */
  setCostCeiling(maxCostUsd: number | null): void {
    this.spend.setCeiling(maxCostUsd);
    this.act('cost-ceiling', 'operator', maxCostUsd === null ? 'Cost ceiling removed' : `Cost ceiling set to $${maxCostUsd.toFixed(2)}`);
    this.updateCost();
    this.context.onUpdate({ kind: 'state' });
  }

  /** Cooperative stop: no new work, requests in flight finish; terminated after a grace period. */
  stop(): void {
    if (isFinalState(this.state) || this.stopRequested || this.ending) return;
    this.stopRequested = true;
    this.closeGovernors();
    this.setState('stopping');
    this.act('stop', 'operator', 'Stop requested: finishing requests in flight');
    this.work.executor.stop();
    this.wake();
  }

  /** Records the first failure and winds the job down; `run` ends it within seconds. */
  fail(error: ErrorInfo): void {
    if (this.error || this.ending || isFinalState(this.state)) return;
    this.error = error;
    this.log('error', error.message);
    this.stopRequested = true;
    this.closeGovernors();
    try {
      this.work.executor.stop();
    } catch {
      // The executor is already broken; `run` terminates it.
    }
    this.wake();
  }

  /** Runs the job to its end; never throws (a failure becomes the `failed` state). */
  async run(resume = false): Promise<void> {
    let execution: Promise<void> | null = null;
    try {
      const restored = resume ? await this.restore() : null;
      // A checkpoint saved before the plan was made (e.g. right after a safety action) holds no shards: plan anew.
      const restoredShards = restored && restored.shards.length > 0 ? restored.shards : null;
      const prepared = await this.work.prepare(restored?.work ?? null, restoredShards);
      if (!restoredShards) this.shards = new ShardTable(prepared.shards);
      if (prepared.billing) this.tableCapacity = tableCapacityOf(prepared.billing);
      if (prepared.billing) this.spend.setUp(this.spec.cost, { ...prepared.billing, region: this.context.target.region }, (m) => this.log('warn', m));
      if (prepared.rateControl) this.rateControl = new RateControl({ ...prepared.rateControl, now: this.now, log: (level, message) => this.log(level, message) });
      this.updateCost();
      if (!this.stopRequested) await this.work.setUp?.();
      if (!this.stopRequested) {
        this.startedAtMs = restored?.startedAtMs ?? this.now();
        const pending = this.shards.pending();
        this.log('info', this.work.startMessage(pending.length, this.shards.all().length));
        this.setState('running');
        this.applyRateStep();
        this.startTimers();
        execution = this.work.executor.run(pending, this.shardEvents());
        execution.catch((error: unknown) => this.fail(errorInfo(error)));
        await Promise.race([execution, this.woken]);
      }
    } catch (error) {
      this.fail(errorInfo(error));
    }
    if (execution && this.stopRequested) {
      const grace = this.error ? this.timing.failGraceMs : this.timing.gracefulStopMs;
      if (!(await within(execution, grace))) this.log('warn', 'Requests in flight did not finish in time; stopping the workers');
    }
    await this.end();
  }

  private hooks(): LifecycleHooks<C> {
    return {
      totals: this.totals,
      aggregator: this.aggregator,
      throttlesByReason: this.throttlesByReason,
      shardEvents: this.shardEvents(),
      notes: this.notes,
      log: (level, message) => this.log(level, message),
      fail: (error) => this.fail(error),
      checkpointSoon: () => void (this.state !== 'validating' && this.cadence.saveSoon()),
      checkpointNow: () => this.cadence.saveNow(),
      meterBilling: () => this.spend.meterBilling(),
      stopping: () => this.stopRequested,
      now: () => this.now(),
    };
  }

  /** Executors' reports go to the shard table of the moment (a resume replaces it); a failed shard or a fatal error fails the job. */
  private shardEvents(): ShardEvents<C> {
    return shardTableEvents(() => this.shards, (error) => this.fail(error));
  }

  private async restore(): Promise<JobCheckpoint<C, K> | null> {
    const checkpoint = await this.persistence.loadCheckpoint();
    if (!checkpoint) return null;
    this.shards = ShardTable.resumed(checkpoint.shards);
    Object.assign(this.totals, totalsFromStored(this.spec.kind, checkpoint.totals));
    this.notes.splice(0, this.notes.length, ...checkpoint.notes);
    this.actions.restore(checkpoint.actions);
    this.ticks = await this.persistence.loadTicks();
    return checkpoint;
  }

  private startTimers(): void {
    const tick = setInterval(() => this.tick(), this.timing.tickMs);
    const govern = setInterval(() => [this.work.writeGovernor, this.work.readGovernor].forEach((g) => g?.update()), 250);
    const checkpoint = setInterval(() => this.cadence.saveInBackground(), this.timing.checkpointEveryMs);
    this.timers.push(tick, govern, checkpoint);
  }

  private tick(): void {
    const t = this.aggregator.take(this.now(), this.ticks.length + 1, this.work.inFlight(), this.work.writeGovernor.targetRate);
    this.ticks.push(t);
    this.rateControl?.observe(t);
    this.applyRateStep();
    this.updateCost();
    this.context.onUpdate({ kind: 'tick', tick: t });
  }

  /** Applies the rate mode's step: a rate, or a pause while its window is closed. */
  private applyRateStep(): void {
    if (!this.rateControl || isFinalState(this.state) || this.state === 'stopping' || this.state === 'validating') return;
    const step = this.rateControl.step(this.now());
    if (step.kind === 'hold') {
      if (this.state === 'running') this.pause(step.reason, 'window');
      return;
    }
    if (this.state === 'paused' && this.pausedBy === 'window') this.resume('window');
    this.work.writeGovernor.setOperatorRate(step.rateWcuPerSecond);
  }

  private updateCost(): void {
    const elapsedSeconds = this.startedAtMs ? (this.now() - this.startedAtMs) / 1000 : 0;
    const pauseFor = this.spend.update(spendInputsOf(this.work.liveTotals(), this.work.remainingUnits(), this.ticks, this.state === 'running', elapsedSeconds));
    if (pauseFor && this.state === 'running') this.pause(pauseFor, 'cost');
  }

  /** Writes one checkpoint: the kind's state and totals, the shard table, the notes. */
  private async writeCheckpoint(): Promise<void> {
    const saving = this.work.saveState();
    const shards = this.shards.toJSON();
    const notes = [...this.notes];
    const saved = await saving;
    await this.persistence.saveCheckpoint(this.ticks, () => ({
      jobId: this.id, spec: this.spec, totals: saved.totals, shards, work: saved.state,
      notes, actions: this.actions.all(), startedAtMs: this.startedAtMs, savedAtMs: this.now(),
    }));
    saved.afterSave?.();
  }

  private async end(): Promise<void> {
    if (this.ending || isFinalState(this.state)) return;
    this.ending = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.cadence.close();
    this.rateControl?.stop();
    if (!(await within(this.work.executor.terminate(), this.timing.failGraceMs))) this.log('error', 'The workers did not stop when told to; ending the job without them');
    // Close the last partial second so the series adds up to the totals.
    const last = this.aggregator.take(this.now(), this.ticks.length + 1, 0, 0);
    if (last.read || last.written || last.rejected || last.consumedWcu || last.consumedRcu) {
      this.ticks.push(last);
      this.context.onUpdate({ kind: 'tick', tick: last }); // every face appends it, as any tick
    }
    this.endedAtMs = this.now();
    // A stop that came after the last shard finished still leaves a completed job (decided below).
    let state: JobState = this.error ? 'failed' : this.shards.allDone() && !this.work.hasPendingWork() ? 'completed' : 'stopped';
    // Every durable file is whole on disk, or the job fails saying which folder could not be written.
    try {
      if (this.startedAtMs !== null) await this.cadence.saveNow();
    } catch (error) {
      state = this.failAtEnd(error, 'Could not save the final checkpoint');
    }
    let extras = { rejectReasons: {}, rejectSamples: [] } as Awaited<ReturnType<JobWork['close']>>;
    try {
      extras = await this.work.close(state, this.error);
    } catch (error) {
      state = this.failAtEnd(error, "Could not close the job's files");
    }
    this.state = state;
    this.updateCost();
    const report = () => buildJobReport({
      snapshot: this.snapshot(), ticks: this.ticks, throttlesByReason: this.throttlesByReason,
      rejectReasons: extras.rejectReasons, rejectSamples: extras.rejectSamples, notes: this.notes,
      actions: this.actions.all(), table: this.tableCapacity, meterBilling: this.spend.meterBilling(),
      ...(extras.objects ? { objects: extras.objects } : {}),
    });
    this.report = report();
    try {
      await this.persistence.writeReport(this.report);
    } catch (error) {
      // The run did not end as it would say: it is failed, and says why (a report on disk, if one can be written, says so too).
      this.state = this.failAtEnd(error, 'Could not write the report');
      this.report = report();
      await this.persistence.writeReport(this.report).catch(() => undefined);
    }
    this.context.onUpdate({ kind: 'state' });
  }

  /** A durable write failed while the job ended: it ends failed, in words. */
  private failAtEnd(error: unknown, what: string): JobState {
    const info = durableWriteError(error, this.context.directory);
    this.log('error', `${what}: ${info.message}`);
    if (!this.error) this.error = info;
    return 'failed';
  }

  private closeGovernors(): void {
    this.work.writeGovernor.close();
    this.work.readGovernor?.close();
  }

  private setState(state: JobState): void {
    if (isFinalState(this.state) || this.state === state) return;
    if (this.stopRequested && state === 'running') state = 'stopping';
    this.state = state;
    this.context.onUpdate({ kind: 'state' });
  }

  /** Logs an action and records it for the report, at the moment the engine applied it. */
  private act(kind: OperatorActionKind, by: ActionActor, words: string, level: 'info' | 'warn' = 'info'): void {
    this.actions.record(kind, by, words);
    this.log(level, words);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.context.onUpdate({ kind: 'log', level, message });
  }
}
