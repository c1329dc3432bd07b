import { formatCount } from '../../../shared/format';
import type { JobTick } from '../../../shared/job-status';
import type { RateMode } from '../../../shared/rate-modes';
import { DEFAULT_BACKOFF, initialBackoff, onThrottle, recover, type BackoffState, type BackoffTuning } from '../governor/throttle-backoff';
import type { CloudWatchView } from './cloudwatch-minute';
import { OrganicEstimator } from './organic-estimator';
import { decideRate } from './policies/decide-rate';
import type { OrganicEstimate, RateDecision, RateInputs, TableFacts } from './rate-inputs';

/** Options of a job's rate controller. */
export interface RateControllerOptions {
  mode: RateMode;
  table: TableFacts;
  /** The table's CloudWatch view (the poller); null when CloudWatch cannot be read. */
  cloudwatch: CloudWatchView | null;
  /** Seconds of ticks averaged into the job's own rate (default 10). */
  ownWindowSeconds?: number;
  /** The governor's backoff tuning, so the controller never climbs faster than the governor. */
  tuning?: BackoffTuning;
  estimator?: OrganicEstimator;
}

/** What the controller last saw and decided, for the dashboard and the report. */
export interface RateControllerStatus {
  mode: RateMode;
  decision: RateDecision | null;
  organicEstimate: OrganicEstimate | null;
  ownWcuPerSecond: number;
  /** The job's highest consumption in one second so far, WCU (above provisioned: burst served it). */
  peakOwnWcuPerSecond: number;
  /** Start of the newest complete CloudWatch minute, null before the first. */
  cloudwatchAsOfMinuteMs: number | null;
}

/**
 * Decides a job's rate each second from its mode, its own ticks and the table's
 * CloudWatch view. Throttles are answered by the governor's backoff; the controller
 * follows the same backoff so that a mode whose target jumps (organic traffic fell,
 * a window opened) never pushes the rate up faster than the governor would let it.
 */
export class RateController {
  private currentMode: RateMode;
  private table: TableFacts;
  private readonly cloudwatch: CloudWatchView | null;
  private readonly estimator: OrganicEstimator;
  private readonly tuning: BackoffTuning;
  private readonly ownWindow: number;
  private readonly recentOwn: number[] = [];
  private peakOwn = 0;
  private backoff: BackoffState | null = null;
  private pendingThrottleAtMs: number | null = null;
  private last: RateDecision | null = null;
  private lastEstimate: OrganicEstimate | null = null;

  constructor(options: RateControllerOptions) {
    this.currentMode = options.mode;
    this.table = options.table;
    this.cloudwatch = options.cloudwatch;
    this.estimator = options.estimator ?? new OrganicEstimator();
    this.tuning = options.tuning ?? DEFAULT_BACKOFF;
    this.ownWindow = Math.max(1, options.ownWindowSeconds ?? 10);
  }

  /** The mode in force. */
  get mode(): RateMode {
    return this.currentMode;
  }

  /** Switches mode while the job runs; the next `decide` uses it, throttle memory is kept. */
  setMode(mode: RateMode): void {
    this.currentMode = mode;
  }

  /** New table facts (capacity changed, DescribeTable re-read). */
  setTable(table: TableFacts): void {
    this.table = table;
  }

  /** One second of the job: its own consumption (for the organic estimate) and its throttles. */
  observe(tick: JobTick): void {
    this.estimator.observeOwn(tick.atMs, tick.consumedWcu);
    this.recentOwn.push(tick.consumedWcu);
    this.peakOwn = Math.max(this.peakOwn, tick.consumedWcu);
    if (this.recentOwn.length > this.ownWindow) this.recentOwn.shift();
    if (tick.throttled > 0) this.pendingThrottleAtMs = tick.atMs;
  }

  /** The rate for the coming second, with words saying why. */
  decide(nowMs: number): RateDecision {
    const minutes = this.cloudwatch?.minutes() ?? [];
    this.lastEstimate = this.estimator.estimate(minutes);
    const inputs: RateInputs = {
      nowMs,
      mode: this.currentMode,
      ownWcuPerSecond: this.ownWcuPerSecond(),
      table: this.table,
      cloudwatch: minutes,
      organicEstimate: this.lastEstimate,
    };
    let decision = decideRate(inputs);
    if (this.cloudwatch === null && this.lastEstimate === null && /no CloudWatch estimate/.test(decision.reason)) {
      decision = { ...decision, reason: `${decision.reason} (CloudWatch is not available for this connection)` };
    }
    if (decision.run) decision = this.limitClimb(decision, nowMs);
    this.last = decision;
    return decision;
  }

  /** What the controller last saw and decided. */
  status(): RateControllerStatus {
    const minutes = this.cloudwatch?.minutes() ?? [];
    return {
      mode: this.currentMode,
      decision: this.last,
      organicEstimate: this.lastEstimate,
      ownWcuPerSecond: this.ownWcuPerSecond(),
      peakOwnWcuPerSecond: this.peakOwn,
      cloudwatchAsOfMinuteMs: minutes.length ? minutes[minutes.length - 1]!.minuteStartMs : null,
    };
  }

  /** The job's own recent average, WCU/s. */
  ownWcuPerSecond(): number {
    return this.recentOwn.length ? this.recentOwn.reduce((a, b) => a + b, 0) / this.recentOwn.length : 0;
  }

  /** Mirrors the governor: cut on a throttle, follow a lower target at once, climb back at the governor's pace. */
  private limitClimb(decision: RateDecision, nowMs: number): RateDecision {
    const target = decision.rateWcuPerSecond;
    let state = this.backoff ?? initialBackoff(target, nowMs);
    if (this.pendingThrottleAtMs !== null) {
      state = onThrottle(state, target, this.pendingThrottleAtMs, this.tuning);
      this.pendingThrottleAtMs = null;
    }
    if (state.lastCutAtMs === null || target < state.allowedRate) state = { ...state, allowedRate: target, lastUpdateAtMs: nowMs };
    else state = recover(state, target, nowMs, this.tuning);
    this.backoff = state;
    if (state.allowedRate >= target - 1e-9) return decision;
    return {
      ...decision,
      askedWcuPerSecond: target,
      rateWcuPerSecond: state.allowedRate,
      reason: `${decision.reason}; backing off after throttles: ${formatCount(state.allowedRate)} WCU/s for now`,
    };
  }
}
