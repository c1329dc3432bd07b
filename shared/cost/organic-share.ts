import { CostInputError, requireFraction } from './cost-input-error';

/**
 * Technique 2: raise the auto-scaling target (say 70% -> 80%) and run the job as a
 * share of organic traffic. Provisioned = consumed / target, so if consumption grows by
 * new/old while the target grows by the same factor, provisioned capacity stays where
 * it was and the job's writes cost about nothing.
 */

/** Lowest target-tracking utilization AWS accepts for DynamoDB (20%). */
export const MIN_TARGET_UTILIZATION = 0.2;

/** Highest target-tracking utilization AWS accepts (90%); it caps the share technique 2 can give. */
export const MAX_TARGET_UTILIZATION = 0.9;

/**
 * The share P of organic traffic the job may add: new/old - 1 (80/70 - 1 = 14.3%).
 * Targets are fractions (0.7, not 70) so a percentage typed by mistake is caught.
 */
export function organicShareForTargetChange(oldTarget: number, newTarget: number): number {
  requireFraction(oldTarget, 'Current target utilization', MIN_TARGET_UTILIZATION, MAX_TARGET_UTILIZATION);
  requireFraction(newTarget, 'New target utilization', MIN_TARGET_UTILIZATION, MAX_TARGET_UTILIZATION);
  if (newTarget <= oldTarget) {
    throw new CostInputError(
      `The new target (${newTarget}) must be above the current one (${oldTarget}); only raising the target ` +
        'frees capacity for the job.',
    );
  }
  return newTarget / oldTarget - 1;
}

/**
 * The target to set so the job can add `share` of organic traffic: old x (1 + share).
 * Throws when that would pass AWS's 90% ceiling, saying the largest share possible.
 */
export function targetForOrganicShare(oldTarget: number, share: number): number {
  requireFraction(oldTarget, 'Current target utilization', MIN_TARGET_UTILIZATION, MAX_TARGET_UTILIZATION);
  if (!Number.isFinite(share) || share <= 0) {
    throw new CostInputError(`The share of organic traffic must be above zero (e.g. 0.1 for 10%); got ${String(share)}.`);
  }
  const target = oldTarget * (1 + share);
  if (target > MAX_TARGET_UTILIZATION + 1e-12) {
    const most = MAX_TARGET_UTILIZATION / oldTarget - 1;
    throw new CostInputError(
      `A ${(share * 100).toFixed(1)}% share needs a ${(target * 100).toFixed(1)}% target, above AWS's 90% limit; ` +
        `from ${(oldTarget * 100).toFixed(0)}% the most is ${(most * 100).toFixed(1)}%.`,
    );
  }
  return target;
}
