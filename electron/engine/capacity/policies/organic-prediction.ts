import type { OrganicEstimate } from '../rate-inputs';

/** An estimate older than this (from the minute's start) is not used: CloudWatch has gone quiet. */
export const ORGANIC_ESTIMATE_STALE_MS = 10 * 60_000;

/**
 * Share of the fitted trend that is extrapolated: a trend fitted over the last minutes
 * overshoots at a cycle's turning points, and 0.75 gave the smallest error over a
 * compressed daily sine (bench/capacity-fill.ts; the simulation is in docs/capacity-modes.md).
 */
export const TREND_WEIGHT = 0.75;

/** The trend is extrapolated at most this far past the estimate's minute. */
export const MAX_PREDICTION_MS = 4 * 60_000;

/**
 * Organic traffic now, from an estimate that is one to three minutes late: the latest
 * minute's level moved along its trend to `nowMs`. CloudWatch publishes a minute a minute
 * or more after it ends, so without the trend a rising application would be met with
 * the job's rate of minutes ago. Null when there is no estimate or it is stale.
 */
export function predictOrganicWcuPerSecond(estimate: OrganicEstimate | null, nowMs: number): number | null {
  if (!estimate) return null;
  const midMs = estimate.asOfMinuteMs + 30_000;
  if (nowMs - estimate.asOfMinuteMs > ORGANIC_ESTIMATE_STALE_MS) return null;
  const aheadMs = Math.min(MAX_PREDICTION_MS, Math.max(0, nowMs - midMs));
  return Math.max(0, estimate.wcuPerSecond + (TREND_WEIGHT * estimate.trendPerMinute * aheadMs) / 60_000);
}
