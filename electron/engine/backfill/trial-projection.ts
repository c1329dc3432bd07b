import type { BackfillChangeExample, BackfillTrialResult } from '../../../shared/backfill-spec';
import { readSpendMeter, type MeterBilling } from '../../../shared/cost';

/** What a trial measured on its sample. */
export interface TrialSample {
  sampledSegments: number;
  totalSegments: number;
  scanned: number;
  wouldChange: number;
  wouldWcu: number;
  unchanged: number;
  failed: number;
  consumedRcu: number;
  examples: BackfillChangeExample[];
}

/**
 * Scales a trial's sample to the whole table and prices it: segments hold about equal
 * shares of the key space, so the sample's counts over the sampled fraction estimate the
 * table's. Duration is whichever of reading and writing takes longer at the chosen rates.
 */
export function projectTrial(
  sample: TrialSample,
  rates: { wcuPerSecond: number; rcuPerSecond: number },
  billing: MeterBilling | null,
  safety: BackfillTrialResult['safety'],
): BackfillTrialResult {
  const scale = sample.totalSegments / Math.max(1, sample.sampledSegments);
  const wcu = sample.wouldWcu * scale;
  const rcu = sample.consumedRcu * scale;
  const durationSeconds = Math.max(wcu / rates.wcuPerSecond, rcu / rates.rcuPerSecond);
  let costUsd: number | null = null;
  if (billing) {
    costUsd = readSpendMeter({
      billing, consumedWriteUnits: 0, consumedReadUnits: 0, elapsedSeconds: 0,
      remainingWriteUnits: wcu, remainingReadUnits: rcu,
      currentWriteUnitsPerSecond: wcu > 0 ? rates.wcuPerSecond : 0,
    }).projectedTotalUsd;
  }
  return {
    sampledSegments: sample.sampledSegments,
    totalSegments: sample.totalSegments,
    scanned: sample.scanned,
    wouldChange: sample.wouldChange,
    unchanged: sample.unchanged,
    failed: sample.failed,
    projected: {
      items: Math.round(sample.scanned * scale),
      changes: Math.round(sample.wouldChange * scale),
      wcu: Math.round(wcu),
      rcu: Math.round(rcu),
      durationSeconds,
      costUsd,
      wcuPerSecond: rates.wcuPerSecond,
      rcuPerSecond: rates.rcuPerSecond,
    },
    examples: sample.examples,
    safety,
  };
}
