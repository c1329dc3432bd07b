/**
 * What the engine knows of the table's capacity while a job runs — CloudWatch minutes,
 * the organic-traffic estimate, the rate decision and the throttle diagnosis — as plain
 * data, so the dashboard and the report can show it.
 */

/** One resource (table or GSI) over one minute. */
export interface ResourceMinute {
  /** ConsumedWriteCapacityUnits Sum / 60. */
  consumedWcuPerSecond: number;
  /** ConsumedReadCapacityUnits Sum / 60. */
  consumedRcuPerSecond: number;
  /** ProvisionedWriteCapacityUnits (carried forward between AWS's 5-minute datapoints); null on on-demand. */
  provisionedWcu: number | null;
  provisionedRcu: number | null;
  /** OnDemandMaxWriteRequestUnits when a maximum is set. */
  maxOnDemandWcu: number | null;
  writeThrottleEvents: number;
  readThrottleEvents: number;
  /** Per-reason throttle events by CloudWatch metric name (`WriteKeyRangeThroughputThrottleEvents`, ...). */
  throttleEventsByMetric: Record<string, number>;
}

/**
 * One complete minute: the table's figures (named as the policies read them) plus each
 * GSI's. A minute is complete once CloudWatch published it; absent consumption in a
 * complete minute means none.
 */
export interface CloudWatchMinute {
  minuteStartMs: number;
  /** The table's consumption: organic traffic and this job together. */
  totalConsumedWcuPerSecond: number;
  totalConsumedRcuPerSecond: number;
  provisionedWcu: number | null;
  provisionedRcu: number | null;
  maxOnDemandWcu: number | null;
  /** Write throttle events of the table (all clients). */
  throttleEvents: number;
  readThrottleEvents: number;
  throttleEventsByMetric: Record<string, number>;
  /** Each GSI's minute, by index name. */
  indexes: Record<string, ResourceMinute>;
}

/** Organic traffic as estimated from CloudWatch minus the job's own consumption. */
export interface OrganicEstimate {
  /** Organic writes in the latest usable minute. */
  wcuPerSecond: number;
  /** Change per minute, from a fit over the last few minutes (0 with a single minute). */
  trendPerMinute: number;
  /** Start of the minute the estimate describes. */
  asOfMinuteMs: number;
}

/** A policy's answer for this second. */
export interface RateDecision {
  /** The rate in force: the mode's, lowered by throttle backoff. */
  rateWcuPerSecond: number;
  /**
   * The mode's own rate before throttle backoff: what the operator (or the mode for them)
   * asked for. The governor takes this as the operator's rate and backs off by itself, so
   * a backoff never rewrites the operator's figure. Absent: equal to `rateWcuPerSecond`.
   */
  askedWcuPerSecond?: number;
  /** False pauses the job (outside a window); the rate is then 0. */
  run: boolean;
  /** Words for the event log and the UI. */
  reason: string;
}

/** One reason the job was throttled for, in the job's own terms. */
export interface ThrottleDiagnosis {
  reason: string;
  count: number;
  /** Short headline with the job's context ("hot partition: the input looks sorted by key"). */
  title: string;
  /** What happened, in plain words. */
  meaning: string;
  /** What to do now. */
  action: string;
  /** The GSI concerned, when one is. */
  indexName: string | null;
}

/** The capacity side of a running job, as its dashboard draws it. */
export interface JobCapacityView {
  /** What the rate mode decided last, in numbers and words. */
  decision: RateDecision | null;
  organic: OrganicEstimate | null;
  /** The table's complete CloudWatch minutes, oldest first (the last hour at most). */
  minutes: CloudWatchMinute[];
  /** Why CloudWatch cannot be read, when it cannot. */
  cloudwatchProblem: string | null;
  /** Every throttle reason of the run so far, in the job's own terms. */
  diagnosis: ThrottleDiagnosis[];
}
