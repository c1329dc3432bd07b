import { formatCount, formatPercent } from '../../../../shared/format';
import type { RateDecision, RateInputs } from '../rate-inputs';
import { conservativeRateWcuPerSecond } from './conservative-rate';
import { predictOrganicWcuPerSecond } from './organic-prediction';
import { applyCeiling } from './rate-ceiling';

/**
 * Share of organic traffic (technique 2): after the auto-scaling target was raised by
 * the same factor, writing `share` x organic keeps provisioned capacity where it was.
 * Without an estimate the share of nothing would stall the job, so it runs at the
 * conservative rate and says so.
 */
export function shareOfOrganicPolicy(inputs: RateInputs): RateDecision {
  const mode = inputs.mode;
  if (mode.mode !== 'share-of-organic') throw new Error(`shareOfOrganicPolicy got mode ${mode.mode}`);
  const organic = predictOrganicWcuPerSecond(inputs.organicEstimate, inputs.nowMs);
  if (organic === null) {
    const rate = conservativeRateWcuPerSecond(inputs.table);
    return applyCeiling(
      { rateWcuPerSecond: rate, run: true, reason: `share of organic: no CloudWatch estimate of organic traffic yet; conservative ${formatCount(rate)} WCU/s` },
      mode,
    );
  }
  const rate = organic * mode.share;
  return applyCeiling(
    { rateWcuPerSecond: rate, run: true, reason: `share of organic: ${formatPercent(mode.share)} x organic ${formatCount(organic)} ≈ ${formatCount(rate)} WCU/s` },
    mode,
  );
}
