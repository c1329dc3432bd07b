/**
 * The table's view from CloudWatch, one complete minute at a time: what every resource
 * (the table and each GSI) consumed, what it had provisioned and what it throttled. The
 * poller produces these; the estimator and the policies read them.
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

/** Something that holds the latest complete minutes (the poller, or a fake in tests). */
export interface CloudWatchView {
  /** Complete minutes, oldest first; empty until the first poll answers. */
  minutes(): readonly CloudWatchMinute[];
}

/** Start of the minute holding `ms`. */
export function minuteStartOf(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
