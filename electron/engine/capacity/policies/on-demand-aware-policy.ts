import { formatCount } from '../../../../shared/format';
import type { RateDecision, RateInputs } from '../rate-inputs';
import { predictOrganicWcuPerSecond } from './organic-prediction';
import { applyCeiling } from './rate-ceiling';

/** DynamoDB counts a minute as the previous peak only after this long (the doubling rule's window). */
export const PEAK_SETTLE_MS = 30 * 60_000;

/** Every on-demand table serves 4,000 writes/s at once: as if its previous peak were 2,000. */
export const NEW_TABLE_PEAK_WCU_PER_SECOND = 2_000;

/** Share of a hard limit (2x peak, the maximum throughput) the table's total is kept under. */
export const ON_DEMAND_HEADROOM = 0.9;

/**
 * The previous peak DynamoDB has already accepted: the caller's figure, raised by any
 * complete CloudWatch minute that ended more than 30 minutes ago.
 */
export function settledPeakWcuPerSecond(inputs: RateInputs): number {
  let peak = Math.max(NEW_TABLE_PEAK_WCU_PER_SECOND, inputs.table.recentPeakWcuPerSecond ?? 0);
  for (const m of inputs.cloudwatch) {
    if (m.minuteStartMs + 60_000 + PEAK_SETTLE_MS <= inputs.nowMs) peak = Math.max(peak, m.totalConsumedWcuPerSecond);
  }
  return peak;
}

/**
 * On-demand aware: the operator's rate, held so that the table's total (organic plus
 * job) stays under twice its previous peak, where on-demand starts throttling, and
 * under its maximum throughput if one is set. Both with 10% headroom, because a
 * minute's average hides faster seconds.
 */
export function onDemandAwarePolicy(inputs: RateInputs): RateDecision {
  const mode = inputs.mode;
  if (mode.mode !== 'on-demand-aware') throw new Error(`onDemandAwarePolicy got mode ${mode.mode}`);
  if (inputs.table.billingMode === 'PROVISIONED') {
    return applyCeiling(
      { rateWcuPerSecond: mode.wcuPerSecond, run: true, reason: `on-demand aware: the table is provisioned, so the doubling rule does not apply: ${formatCount(mode.wcuPerSecond)} WCU/s` },
      mode,
    );
  }
  const organicKnown = predictOrganicWcuPerSecond(inputs.organicEstimate, inputs.nowMs);
  // Unknown organic traffic: assume it takes half of what the doubling rule allows.
  const peak = settledPeakWcuPerSecond(inputs);
  const organic = organicKnown ?? peak;
  const limits: { wcu: number; words: string }[] = [{ wcu: mode.wcuPerSecond, words: `operator ${formatCount(mode.wcuPerSecond)}` }];
  const organicWords = organicKnown === null ? `organic unknown, assumed ${formatCount(organic)}` : `organic ${formatCount(organic)}`;
  limits.push({ wcu: 2 * peak * ON_DEMAND_HEADROOM - organic, words: `2x peak ${formatCount(peak)} x 90% - ${organicWords}` });
  const max = inputs.table.maxOnDemandWcu;
  if (max !== null && max > 0) limits.push({ wcu: max * ON_DEMAND_HEADROOM - organic, words: `maximum ${formatCount(max)} x 90% - ${organicWords}` });
  let tightest = limits[0]!;
  for (const l of limits) if (l.wcu < tightest.wcu) tightest = l;
  const rate = Math.max(0, tightest.wcu);
  return applyCeiling({ rateWcuPerSecond: rate, run: true, reason: `on-demand aware: ${tightest.words} ≈ ${formatCount(rate)} WCU/s` }, mode);
}
