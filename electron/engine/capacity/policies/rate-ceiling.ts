import { formatCount } from '../../../../shared/format';
import type { RateMode } from '../../../../shared/rate-modes';
import type { RateDecision } from '../rate-inputs';

/**
 * Applies the mode's hard ceiling (`maxWcuPerSecond`) to a decision, saying so in the
 * reason, so no mode and no estimate error can run the job past what the operator allowed.
 */
export function applyCeiling(decision: RateDecision, mode: RateMode): RateDecision {
  const rate = Math.max(0, Number.isFinite(decision.rateWcuPerSecond) ? decision.rateWcuPerSecond : 0);
  const max = mode.maxWcuPerSecond;
  if (max === undefined || rate <= max) return { ...decision, rateWcuPerSecond: rate };
  return { ...decision, rateWcuPerSecond: max, reason: `${decision.reason}; held at the ${formatCount(max)} WCU/s ceiling` };
}
