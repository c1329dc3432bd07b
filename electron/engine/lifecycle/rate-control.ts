import type { JobCapacityView } from '../../../shared/capacity-view';
import type { JobTick } from '../../../shared/job-status';
import type { RateMode } from '../../../shared/rate-modes';
import { CloudWatchPoller } from '../capacity/cloudwatch-poller';
import { RateController } from '../capacity/rate-controller';
import type { TableFacts } from '../capacity/rate-inputs';
import { diagnoseThrottles } from '../capacity/throttle-diagnosis';
import type { ClientTarget } from '../dynamo/client-target';

/** What a job's rate control is started with. */
export interface RateControlSetup {
  target: ClientTarget;
  tableName: string;
  indexNames: string[];
  facts: TableFacts;
  mode: RateMode;
  /** For the throttle diagnosis: whether the input is spread (loads). */
  spreading: boolean;
  /** For the throttle diagnosis: the key is a single attribute (its values spread over partitions). */
  keysDistinct: boolean;
  log(level: 'info' | 'warn', message: string): void;
  /** The job's clock (a test's manual one), for which CloudWatch minutes are old enough to read. */
  now?: () => number;
}

/** What the rate mode wants this second. */
export type RateStep = { kind: 'hold'; reason: string } | { kind: 'run'; rateWcuPerSecond: number; reason: string };

/**
 * The wiring between a job and its rate mode: the table's CloudWatch poller, the rate
 * controller fed with the job's ticks, and the capacity view the dashboard draws. The
 * lifecycle asks it for a step every second and applies it (a rate, or a pause while a
 * window is closed).
 */
export class RateControl {
  private readonly poller: CloudWatchPoller;
  private readonly controller: RateController;
  private cloudwatchProblem: string | null = null;
  private mode: RateMode;
  private lastLog: { rate: number; atMs: number } | null = null;

  constructor(private readonly setup: RateControlSetup) {
    this.mode = setup.mode;
    this.poller = new CloudWatchPoller({
      target: setup.target,
      tableName: setup.tableName,
      indexNames: setup.indexNames,
      // AWS publishes a minute a minute; a local sandbox answers for free, so its charts fill in sooner.
      intervalMs: setup.target.auth.kind === 'local' ? 15_000 : 60_000,
      ...(setup.now ? { now: setup.now } : {}),
      onError: (error) => {
        if (this.cloudwatchProblem === null) setup.log('warn', `CloudWatch cannot be read (${error.message}); modes that need it run at a conservative rate`);
        this.cloudwatchProblem = error.message;
      },
      onMinutes: () => {
        this.cloudwatchProblem = null;
      },
    });
    this.poller.start();
    this.controller = new RateController({ mode: setup.mode, table: setup.facts, cloudwatch: this.poller });
  }

  /** The mode in force. */
  currentMode(): RateMode {
    return this.mode;
  }

  setMode(mode: RateMode): void {
    this.mode = mode;
    this.controller.setMode(mode);
  }

  /** Feeds one second of the job. */
  observe(tick: JobTick): void {
    this.controller.observe(tick);
  }

  /** What to do now; a changed rate of a non-fixed mode is logged at most every 10 s. */
  step(nowMs: number): RateStep {
    const decision = this.controller.decide(nowMs);
    if (!decision.run) return { kind: 'hold', reason: decision.reason };
    const last = this.lastLog;
    const changed = !last || Math.abs(decision.rateWcuPerSecond - last.rate) > Math.max(1, last.rate * 0.1);
    if (this.mode.mode !== 'fixed' && changed && (!last || nowMs - last.atMs >= 10_000)) {
      this.lastLog = { rate: decision.rateWcuPerSecond, atMs: nowMs };
      this.setup.log('info', decision.reason);
    }
    // The governor backs off by itself: it takes the mode's asked rate, so a backoff never rewrites the operator's rate.
    return { kind: 'run', rateWcuPerSecond: decision.askedWcuPerSecond ?? decision.rateWcuPerSecond, reason: decision.reason };
  }

  /** CloudWatch minutes, organic estimate, decision and throttle diagnosis for the dashboard. */
  view(throttlesByReason: Record<string, number>, jobKind: 'load' | 'backfill'): JobCapacityView {
    const status = this.controller.status();
    const minutes = [...this.poller.minutes()].slice(-60);
    const { facts } = this.setup;
    return {
      decision: status.decision,
      organic: status.organicEstimate,
      minutes,
      cloudwatchProblem: this.cloudwatchProblem,
      diagnosis: diagnoseThrottles(throttlesByReason, {
        jobKind,
        spreading: this.setup.spreading,
        billingMode: facts.billingMode,
        indexNames: this.setup.indexNames,
        rateMode: this.mode.mode,
        provisionedWcu: facts.provisionedWcu,
        maxOnDemandWcu: facts.maxOnDemandWcu,
        requestedWcuPerSecond: status.decision ? (status.decision.askedWcuPerSecond ?? status.decision.rateWcuPerSecond) : null,
        peakWcuPerSecond: status.peakOwnWcuPerSecond,
        keysDistinct: this.setup.keysDistinct,
        cloudwatch: minutes,
      }),
    };
  }

  stop(): void {
    this.poller.stop();
  }
}

/** A rate mode in words, for the event log. */
export function describeMode(mode: RateMode): string {
  switch (mode.mode) {
    case 'fixed':
      return `fixed at ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s`;
    case 'fill':
      return `fill the table to ${Math.round(mode.share * 100)}% of provisioned capacity`;
    case 'share-of-organic':
      return `${(mode.share * 100).toFixed(1)}% of the application's traffic`;
    case 'windows':
      return `only inside ${mode.windows.map((w) => `${w.start}-${w.end}`).join(', ')} (${mode.timeZone})`;
    case 'on-demand-aware':
      return `on-demand aware, up to ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s`;
  }
}
