import type { TableFacts } from '../rate-inputs';

/** Share of the table's known capacity a job takes when it cannot see organic traffic. */
export const CONSERVATIVE_SHARE = 0.05;

/** The rate used when nothing at all is known about the table's capacity. */
export const CONSERVATIVE_FLOOR_WCU_PER_SECOND = 10;

/**
 * The rate for modes that steer by CloudWatch when CloudWatch is unavailable or silent:
 * 5% of what the table can take (provisioned, else its on-demand maximum, else its
 * recent peak), so the job makes progress without risking the application's capacity.
 */
export function conservativeRateWcuPerSecond(table: TableFacts): number {
  const capacity = table.provisionedWcu ?? table.maxOnDemandWcu ?? table.recentPeakWcuPerSecond;
  if (capacity === null || capacity <= 0) return CONSERVATIVE_FLOOR_WCU_PER_SECOND;
  return Math.max(1, Math.round(capacity * CONSERVATIVE_SHARE));
}
