import { formatCount } from '../../../../shared/format';
import type { RateDecision, RateInputs } from '../rate-inputs';
import { applyCeiling } from './rate-ceiling';

/** Fixed mode: the operator's slider rate, whatever the table does (throttles still cut it in the governor). */
export function fixedPolicy(inputs: RateInputs): RateDecision {
  const mode = inputs.mode;
  if (mode.mode !== 'fixed') throw new Error(`fixedPolicy got mode ${mode.mode}`);
  return applyCeiling({ rateWcuPerSecond: mode.wcuPerSecond, run: true, reason: `fixed: ${formatCount(mode.wcuPerSecond)} WCU/s` }, mode);
}
