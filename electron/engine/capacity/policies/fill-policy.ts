import { formatCount, formatPercent } from '../../../../shared/format';
import type { RateDecision, RateInputs } from '../rate-inputs';
import { conservativeRateWcuPerSecond } from './conservative-rate';
import { predictOrganicWcuPerSecond } from './organic-prediction';
import { applyCeiling } from './rate-ceiling';

/** The capacity fill mode fills: provisioned now, else the latest CloudWatch figure, else an on-demand maximum. */
function capacityToFill(inputs: RateInputs): { wcu: number; what: string } | null {
  const { table, cloudwatch } = inputs;
  if (table.billingMode === 'PROVISIONED') {
    const latest = cloudwatch.length ? cloudwatch[cloudwatch.length - 1]!.provisionedWcu : null;
    const wcu = table.provisionedWcu ?? latest;
    return wcu !== null && wcu > 0 ? { wcu, what: 'provisioned' } : null;
  }
  return table.maxOnDemandWcu !== null && table.maxOnDemandWcu > 0 ? { wcu: table.maxOnDemandWcu, what: 'on-demand maximum' } : null;
}

/**
 * Fill a share of capacity (technique 3): the job takes what organic traffic leaves of
 * `share` x provisioned, so it yields as the application rises. With no organic
 * estimate it runs at a conservative rate and says why.
 */
export function fillPolicy(inputs: RateInputs, share: number, label = 'fill'): RateDecision {
  const capacity = capacityToFill(inputs);
  if (!capacity) {
    const rate = conservativeRateWcuPerSecond(inputs.table);
    return applyCeiling(
      { rateWcuPerSecond: rate, run: true, reason: `${label}: the table has no provisioned capacity or on-demand maximum to fill; conservative ${formatCount(rate)} WCU/s` },
      inputs.mode,
    );
  }
  const organic = predictOrganicWcuPerSecond(inputs.organicEstimate, inputs.nowMs);
  if (organic === null) {
    const rate = conservativeRateWcuPerSecond(inputs.table);
    return applyCeiling(
      { rateWcuPerSecond: rate, run: true, reason: `${label}: no CloudWatch estimate of organic traffic yet; conservative ${formatCount(rate)} WCU/s` },
      inputs.mode,
    );
  }
  const rate = Math.max(0, capacity.wcu * share - organic);
  const reason = `${label}: ${formatCount(capacity.wcu)} ${capacity.what} x ${formatPercent(share)} - organic ${formatCount(organic)} ≈ ${formatCount(rate)} WCU/s`;
  return applyCeiling({ rateWcuPerSecond: rate, run: true, reason }, inputs.mode);
}
