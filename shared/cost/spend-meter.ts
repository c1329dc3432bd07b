import { requireFraction, requireNonNegative, requirePositive } from './cost-input-error';
import { formatUsd } from './money-format';

/**
 * The live spend meter: what the running job has cost from the units it actually
 * consumed, what it will cost at the current pace, and whether a cost ceiling says to
 * pause. The engine calls it once a second; it is a pure function so a replayed run
 * gives the same readings and tests need no clock.
 */

/** How the job's throughput is paid for, with the prices in effect. */
export type MeterBilling =
  | { mode: 'on-demand'; writePerMillionUsd: number; readPerMillionUsd: number }
  | { mode: 'autoscaling'; wcuHourUsd: number; rcuHourUsd: number; targetUtilization: number }
  | { mode: 'fixed'; wcuHourUsd: number; addedWcu: number; rcuHourUsd?: number; addedRcu?: number }
  /** Techniques 1 and 2: capacity the table pays for anyway, so the job adds nothing. */
  | { mode: 'already-paid' };

/** One second's view of the job, as the engine knows it. */
export interface SpendMeterInput {
  billing: MeterBilling;
  /** The job's own consumption so far (ReturnConsumedCapacity), not the table's. */
  consumedWriteUnits: number;
  consumedReadUnits: number;
  /** Wall time the job's capacity has been in place; fixed capacity costs while paused too. */
  elapsedSeconds: number;
  remainingWriteUnits: number;
  remainingReadUnits: number;
  /** Recent write rate, e.g. averaged over the last minute; 0 when paused. */
  currentWriteUnitsPerSecond: number;
  ceilingUsd?: number;
}

/** What the ceiling says this second. */
export type CeilingCheck =
  | { kind: 'no-ceiling' }
  | { kind: 'within'; ceilingUsd: number; headroomUsd: number }
  | { kind: 'pause'; ceilingUsd: number; cause: 'spent' | 'projected'; message: string };

/** The meter's reading for one second. */
export interface SpendMeterReading {
  spentUsd: number;
  projectedRemainingUsd: number;
  projectedTotalUsd: number;
  /** Time to completion at the current rate; null when the job is not moving. */
  remainingSeconds: number | null;
  /** False when the projection depends on time and the rate is zero. */
  projectionKnown: boolean;
  ceiling: CeilingCheck;
  action: 'continue' | 'pause';
}

/** Read the meter; throws in words on impossible input (negative units, bad prices). */
export function readSpendMeter(input: SpendMeterInput): SpendMeterReading {
  const consumedWrite = requireNonNegative(input.consumedWriteUnits, 'Consumed write units');
  const consumedRead = requireNonNegative(input.consumedReadUnits, 'Consumed read units');
  const elapsedSeconds = requireNonNegative(input.elapsedSeconds, 'Elapsed seconds');
  const remainingWrite = requireNonNegative(input.remainingWriteUnits, 'Remaining write units');
  const remainingRead = requireNonNegative(input.remainingReadUnits, 'Remaining read units');
  const rate = requireNonNegative(input.currentWriteUnitsPerSecond, 'Current write rate');

  const remainingSeconds = remainingWrite === 0 ? 0 : rate > 0 ? remainingWrite / rate : null;
  const { spentUsd, projectedRemainingUsd, projectionKnown } = price(input.billing, {
    consumedWrite,
    consumedRead,
    elapsedSeconds,
    remainingWrite,
    remainingRead,
    remainingSeconds,
  });
  const projectedTotalUsd = spentUsd + projectedRemainingUsd;
  const ceiling = checkCeiling(input.ceilingUsd, spentUsd, projectedTotalUsd, projectionKnown);
  return {
    spentUsd,
    projectedRemainingUsd,
    projectedTotalUsd,
    remainingSeconds,
    projectionKnown,
    ceiling,
    action: ceiling.kind === 'pause' ? 'pause' : 'continue',
  };
}

interface Quantities {
  consumedWrite: number;
  consumedRead: number;
  elapsedSeconds: number;
  remainingWrite: number;
  remainingRead: number;
  remainingSeconds: number | null;
}

function price(
  billing: MeterBilling,
  q: Quantities,
): { spentUsd: number; projectedRemainingUsd: number; projectionKnown: boolean } {
  switch (billing.mode) {
    case 'on-demand': {
      const write = requireNonNegative(billing.writePerMillionUsd, 'On-demand write price') / 1e6;
      const read = requireNonNegative(billing.readPerMillionUsd, 'On-demand read price') / 1e6;
      return {
        spentUsd: q.consumedWrite * write + q.consumedRead * read,
        projectedRemainingUsd: q.remainingWrite * write + q.remainingRead * read,
        projectionKnown: true,
      };
    }
    case 'autoscaling': {
      // Provisioned = rate / target, paid per hour: units / 3600 / target unit-hours,
      // whatever the pace, so the projection needs no rate.
      const target = requireFraction(billing.targetUtilization, 'Target utilization', 0.2, 0.9);
      const wcu = requireNonNegative(billing.wcuHourUsd, 'WCU-hour price') / 3600 / target;
      const rcu = requireNonNegative(billing.rcuHourUsd, 'RCU-hour price') / 3600 / target;
      return {
        spentUsd: q.consumedWrite * wcu + q.consumedRead * rcu,
        projectedRemainingUsd: q.remainingWrite * wcu + q.remainingRead * rcu,
        projectionKnown: true,
      };
    }
    case 'fixed': {
      const perHour =
        requireNonNegative(billing.addedWcu, 'Added WCU') * requireNonNegative(billing.wcuHourUsd, 'WCU-hour price') +
        requireNonNegative(billing.addedRcu ?? 0, 'Added RCU') * requireNonNegative(billing.rcuHourUsd ?? 0, 'RCU-hour price');
      const spentUsd = (q.elapsedSeconds / 3600) * perHour;
      if (q.remainingSeconds === null) return { spentUsd, projectedRemainingUsd: 0, projectionKnown: false };
      return { spentUsd, projectedRemainingUsd: (q.remainingSeconds / 3600) * perHour, projectionKnown: true };
    }
    case 'already-paid':
      return { spentUsd: 0, projectedRemainingUsd: 0, projectionKnown: true };
  }
}

function checkCeiling(
  ceilingUsd: number | undefined,
  spentUsd: number,
  projectedTotalUsd: number,
  projectionKnown: boolean,
): CeilingCheck {
  if (ceilingUsd === undefined) return { kind: 'no-ceiling' };
  requirePositive(ceilingUsd, 'Cost ceiling in USD');
  if (spentUsd >= ceilingUsd) {
    return {
      kind: 'pause',
      ceilingUsd,
      cause: 'spent',
      message: `Paused: ${formatUsd(spentUsd)} spent has reached the ${formatUsd(ceilingUsd)} cost ceiling.`,
    };
  }
  if (projectionKnown && projectedTotalUsd > ceilingUsd) {
    return {
      kind: 'pause',
      ceilingUsd,
      cause: 'projected',
      message:
        `Paused: at this pace the job would cost ${formatUsd(projectedTotalUsd)}, over the ` +
        `${formatUsd(ceilingUsd)} cost ceiling (${formatUsd(spentUsd)} spent so far).`,
    };
  }
  return { kind: 'within', ceilingUsd, headroomUsd: ceilingUsd - projectedTotalUsd };
}
