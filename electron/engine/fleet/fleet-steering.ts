import type { JobCapacityView } from '../../../shared/capacity-view';
import type { JobSpec } from '../../../shared/job-spec';
import type { ActionActor, OperatorActionKind } from '../../../shared/report/run-facts';
import { consumedRcuOf, type ErrorInfo, type JobCost, type JobTick, type JobTotals } from '../../../shared/job-status';
import { writeModeOfSpec } from '../../../shared/resume-changes';
import { rateModeSchema, startingRate, type RateMode } from '../../../shared/rate-modes';
import { createDynamoClient, type ClientTarget } from '../dynamo/client-target';
import { describeMode, RateControl } from '../lifecycle/rate-control';
import { rejectLimitError } from '../lifecycle/reject-limit';
import { SpendControl } from '../lifecycle/spend-control';
import { describeTable } from '../tables/table-description';
import type { FleetBudget, FleetControl } from './fleet-budget';

/**
 * What a fleet job's coordinator decides once for the whole fleet, every second, with the
 * same code a local job's lifecycle uses: the rate mode (RateControl: the table's CloudWatch
 * poller and the rate controller, fed with the fleet's ticks), the cost ceiling
 * (SpendControl on the fleet's summed totals) and the reject limit (rejectLimitError). What
 * it decides goes into the fleet budget in Redis: a rate, or a pause (by the window or the
 * ceiling), so every worker follows within a second. Throttles any worker sees already cut
 * the budget's shared rate (the governor's backoff); the mode's rate is the operator rate
 * that backoff climbs back to.
 */

/** What the steering needs. */
export interface FleetSteeringOptions {
  spec: JobSpec;
  clientTarget: ClientTarget;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Records an action for the report's list (the coordinator's ActionLog). */
  record?(kind: OperatorActionKind, by: ActionActor, words: string): void;
  now?: () => number;
}

/** The rate mode, cost ceiling and reject limit of one fleet job. */
export class FleetSteering {
  private readonly spend: SpendControl;
  private rateControl: RateControl | null = null;
  private stepping: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private budgetHandle: FleetBudget | null = null;

  private constructor(private readonly options: FleetSteeringOptions, private mode: RateMode) {
    this.now = options.now ?? Date.now;
    this.spend = new SpendControl(options.spec.limits.maxCostUsd ?? null);
  }

  /**
   * Where a new fleet job's budget starts: the mode's first decision (its rate, or held while
   * its window is closed), under the spec's ceiling; a kind without modes at its fixed rate.
   */
  firstStep(): { writeRate: number; paused: { by: 'window'; reason: string } | null } {
    const { spec } = this.options;
    const mode = writeModeOfSpec(spec);
    if (!this.rateControl) return { writeRate: this.capped(startingRate(mode)), paused: null };
    const step = this.rateControl.step(this.now());
    if (step.kind === 'hold') return { writeRate: this.capped(startingRate(mode)), paused: { by: 'window', reason: step.reason } };
    return { writeRate: this.capped(step.rateWcuPerSecond), paused: null };
  }

  /**
   * Reads the table once (billing, capacity, indexes) and starts the rate mode's CloudWatch
   * poller; refuses in words a table it cannot describe, before anything is queued.
   */
  static async open(options: FleetSteeringOptions): Promise<FleetSteering> {
    const { spec } = options;
    const mode = writeModeOfSpec(spec);
    const steering = new FleetSteering(options, mode);
    const client = createDynamoClient(options.clientTarget, { maxSockets: 2 });
    try {
      let table: Awaited<ReturnType<typeof describeTable>>;
      try {
        table = await describeTable(client, spec.table);
      } catch (error) {
        // Workers may reach what the coordinator cannot: a fixed rate without a ceiling needs nothing of the table here.
        const needs = mode && mode.mode !== 'fixed' ? `the ${mode.mode} rate mode` : spec.limits.maxCostUsd !== undefined ? 'the cost ceiling' : null;
        if (needs) throw new Error(`The coordinator cannot read table ${spec.table} (${(error as Error).message}), which ${needs} needs`, { cause: error });
        options.log('warn', `The coordinator cannot read table ${spec.table} (${(error as Error).message}): no spend meter or CloudWatch view here; workers try it themselves`);
        return steering;
      }
      steering.spend.setUp(spec.cost, { billingMode: table.billingMode, tableClass: table.tableClass, region: options.clientTarget.region }, (m) => options.log('warn', m));
      // A copy writes a table (perhaps in another region) the coordinator does not watch: it runs at a fixed rate (fleetProblem refuses any other mode).
      if (!(spec.kind === 'backfill' && spec.operation.kind === 'copy')) {
        steering.rateControl = new RateControl({
          target: options.clientTarget, tableName: spec.table, indexNames: table.indexes.map((i) => i.name), mode, spreading: spec.kind === 'load' ? spec.source.spread : spec.scan.shuffle,
          keysDistinct: table.keyNames.length === 1,
          facts: { billingMode: table.billingMode, provisionedWcu: table.provisionedWcu, maxOnDemandWcu: table.maxOnDemandWcu, recentPeakWcuPerSecond: null },
          log: (level, message) => options.log(level, message),
        });
      }
    } finally {
      client.destroy();
    }
    return steering;
  }

  /**
   * Steers this budget from now on. A control that holds a rate mode (a coordinator
   * attaching to a job whose mode was changed) wins over the spec's.
   */
  bind(budget: FleetBudget, control: FleetControl): void {
    this.budgetHandle = budget;
    if (control.costCeilingUsd !== undefined) this.spend.setCeiling(control.costCeilingUsd);
    const stored = rateModeSchema.safeParse(control.rateMode);
    if (control.rateMode !== null && stored.success) {
      this.mode = stored.data;
      this.rateControl?.setMode(stored.data);
    }
  }

  /** The rate mode in force (a load's, or a backfill's write side). */
  currentMode(): RateMode {
    return this.mode;
  }

  /** The spend meter's last reading. */
  cost(): JobCost | null {
    return this.spend.cost();
  }

  /** The cost ceiling in force. */
  ceiling(): number | null {
    return this.spend.ceiling();
  }

  /** The CloudWatch view, decision and throttle diagnosis for the dashboard's capacity card. */
  capacityView(throttlesByReason: Record<string, number>): JobCapacityView | null {
    return this.rateControl?.view(throttlesByReason, this.options.spec.kind) ?? null;
  }

  /**
   * One second of the fleet: feeds the tick to the rate mode, applies the mode's step and
   * reads the spend meter; returns the reject limit's error once the fleet passed it.
   * Steps run one at a time (a slow Redis never overlaps two).
   */
  step(input: { tick: JobTick | null; totals: JobTotals; control: FleetControl | null; elapsedSeconds: number; remaining: { wcu: number; rcu: number } }): Promise<ErrorInfo | null> {
    const done = this.stepping.then(() => this.stepNow(input));
    this.stepping = done.then(() => undefined, () => undefined);
    return done;
  }

  /** Switches the rate mode (the panel's mode picker, a CLI key, the slider's fixed rate); the next step applies it. */
  async setMode(mode: RateMode): Promise<void> {
    if (!this.rateControl) throw new Error('This fleet job runs at a fixed write rate (the coordinator cannot watch the table it writes); set its write rate instead');
    this.mode = mode;
    this.rateControl.setMode(mode);
    await this.budget.setRateMode(mode, describeMode(mode));
    this.act('mode', 'operator', `Rate mode: ${describeMode(mode)}`);
    const control = await this.budget.read();
    await this.stepping.then(() => this.applyMode(control));
  }

  /** The operator's write rate: with a rate mode it switches the fleet to fixed (as a local job's slider does). */
  async setRate(wcuPerSecond: number): Promise<void> {
    if (this.rateControl) {
      await this.setMode({ mode: 'fixed', wcuPerSecond, ...(this.mode.maxWcuPerSecond ? { maxWcuPerSecond: this.mode.maxWcuPerSecond } : {}) });
      return;
    }
    await this.budget.setOperatorRate('write', this.capped(wcuPerSecond));
    this.act('rate', 'operator', `Write rate set to ${wcuPerSecond.toLocaleString('en-US')} WCU/s`);
  }

  /** Sets or clears the cost ceiling (kept in Redis for a coordinator that attaches); the next step reads the meter against it. */
  async setCeiling(maxCostUsd: number | null): Promise<void> {
    this.spend.setCeiling(maxCostUsd);
    // Recorded when asked, as a local job records it: an operator's next step (a resume) may come before Redis answers.
    this.act('cost-ceiling', 'operator', maxCostUsd === null ? 'Cost ceiling removed' : `Cost ceiling set to $${maxCostUsd.toFixed(2)}`);
    await this.budget.setCostCeiling(maxCostUsd);
  }

  /** Stops the CloudWatch poller. */
  close(): void {
    this.rateControl?.stop();
  }

  private async stepNow(input: { tick: JobTick | null; totals: JobTotals; control: FleetControl | null; elapsedSeconds: number; remaining: { wcu: number; rcu: number } }): Promise<ErrorInfo | null> {
    const { control, totals } = input;
    if (!control || control.state === 'stopped') return null;
    if (input.tick) this.rateControl?.observe(input.tick);
    const state = await this.applyMode(control);
    const recent = input.tick ? input.tick.consumedWcu : 0;
    const pauseFor = this.spend.update({
      consumedWcu: totals.consumedWcu, consumedRcu: consumedRcuOf(totals), remainingWcu: input.remaining.wcu, remainingRcu: input.remaining.rcu,
      currentWcuPerSecond: state === 'running' ? recent : 0, elapsedSeconds: input.elapsedSeconds,
    });
    if (pauseFor && state === 'running') {
      await this.budget.pause('cost', pauseFor);
      this.act('pause', 'cost', `Paused: ${pauseFor}`, 'warn');
    }
    return rejectLimitError(this.options.spec, totals.rejected);
  }

  /** The mode's decision now: a rate into the budget, a pause while its window is closed, a resume when it opens. */
  private async applyMode(control: FleetControl | null): Promise<FleetControl['state'] | null> {
    if (!control || control.state === 'stopped') return control?.state ?? null;
    if (!this.rateControl) return control.state;
    const step = this.rateControl.step(this.now());
    if (step.kind === 'hold') {
      if (control.state === 'running') {
        await this.budget.pause('window', step.reason);
        this.act('pause', 'window', `Paused: ${step.reason}`);
        return 'paused';
      }
      return control.state;
    }
    let state = control.state;
    if (state === 'paused' && control.pausedBy === 'window') {
      await this.budget.resume();
      this.act('resume', 'window', 'Resumed: the time window opened');
      state = 'running';
    }
    const rate = this.capped(step.rateWcuPerSecond);
    if (Math.abs(rate - control.rates.write.operatorRate) > 1e-6) await this.budget.setOperatorRate('write', rate, describeMode(this.mode));
    return state;
  }

  /** Logs an action and records it for the report, as a local lifecycle does. */
  private act(kind: OperatorActionKind, by: ActionActor, words: string, level: 'info' | 'warn' = 'info'): void {
    this.options.record?.(kind, by, words);
    this.options.log(level, words);
  }

  private get budget(): FleetBudget {
    if (!this.budgetHandle) throw new Error('The fleet steering has no budget yet');
    return this.budgetHandle;
  }

  private capped(rate: number): number {
    return Math.min(rate, this.options.spec.limits.maxWcuPerSecond ?? Infinity);
  }
}
