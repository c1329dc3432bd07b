import type { CloudWatchMinute } from '../../../electron/engine/capacity/cloudwatch-minute';
import type { RateInputs, TableFacts } from '../../../electron/engine/capacity/rate-inputs';
import type { JobTick } from '../../../shared/job-status';
import { rateModeSchema, type RateModeInput } from '../../../shared/rate-modes';

/** 2025-01-06 00:00 UTC, a Monday. */
export const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);
export const MINUTE = 60_000;

/** A provisioned table of `wcu`. */
export function provisioned(wcu: number): TableFacts {
  return { billingMode: 'PROVISIONED', provisionedWcu: wcu, maxOnDemandWcu: null, recentPeakWcuPerSecond: null };
}

/** An on-demand table. */
export function onDemand(peak: number | null, max: number | null = null): TableFacts {
  return { billingMode: 'PAY_PER_REQUEST', provisionedWcu: null, maxOnDemandWcu: max, recentPeakWcuPerSecond: peak };
}

/** A complete CloudWatch minute with the table's total write rate. */
export function cwMinute(minuteStartMs: number, totalWcuPerSecond: number, provisionedWcu: number | null = 1000): CloudWatchMinute {
  return {
    minuteStartMs,
    totalConsumedWcuPerSecond: totalWcuPerSecond,
    totalConsumedRcuPerSecond: 0,
    provisionedWcu,
    provisionedRcu: null,
    maxOnDemandWcu: null,
    throttleEvents: 0,
    readThrottleEvents: 0,
    throttleEventsByMetric: {},
    indexes: {},
  };
}

/** Rate inputs with defaults: the mode parsed by the real schema. */
export function inputs(mode: RateModeInput, over: Partial<Omit<RateInputs, 'mode'>> = {}): RateInputs {
  return {
    nowMs: T0,
    mode: rateModeSchema.parse(mode),
    ownWcuPerSecond: 0,
    table: provisioned(1000),
    cloudwatch: [],
    organicEstimate: null,
    ...over,
  };
}

/** A job tick with only what the capacity code reads filled in. */
export function tick(atMs: number, consumedWcu: number, throttled = 0, throttlesByReason: Record<string, number> = {}): JobTick {
  return {
    atMs, second: 0, read: 0, written: 0, rejected: 0, retried: 0, throttled, consumedWcu, consumedRcu: 0,
    throttlesByReason, latencyP50Ms: null, latencyP99Ms: null, inFlight: 0, targetWcuPerSecond: 0,
  };
}
