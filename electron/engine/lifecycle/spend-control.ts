import { readSpendMeter, type MeterBilling } from '../../../shared/cost';
import type { JobSpec } from '../../../shared/job-spec';
import { consumedRcuOf, type JobCost, type JobTick, type JobTotals } from '../../../shared/job-status';
import { meterBillingFor } from './job-cost';

/** What the spend meter reads each second, from the job's own counts. */
export interface SpendInputs {
  consumedWcu: number;
  consumedRcu: number;
  /** What the rest of the job is expected to consume. */
  remainingWcu: number;
  remainingRcu: number;
  /** The job's recent write rate (0 while paused), for the projection. */
  currentWcuPerSecond: number;
  elapsedSeconds: number;
}

/** Ticks the recent write rate is averaged over. */
const RECENT_TICKS = 10;

/**
 * The spend meter's inputs from a job's live totals, the units its rest is expected to
 * consume, and its ticks: the recent write rate is the mean of the last ten seconds
 * while it runs, and 0 otherwise (a paused job projects no spend).
 */
export function spendInputsOf(live: JobTotals, remaining: { wcu: number; rcu: number }, ticks: readonly JobTick[], running: boolean, elapsedSeconds: number): SpendInputs {
  const recent = ticks.slice(-RECENT_TICKS);
  const rate = running && recent.length ? recent.reduce((sum, tick) => sum + tick.consumedWcu, 0) / recent.length : 0;
  return {
    consumedWcu: live.consumedWcu, consumedRcu: consumedRcuOf(live),
    remainingWcu: remaining.wcu, remainingRcu: remaining.rcu,
    currentWcuPerSecond: rate,
    elapsedSeconds,
  };
}

/**
 * A job's spend meter and cost ceiling, for every job kind: the billing is worked out
 * once from the table's facts, the meter is read every second, and the ceiling says
 * when the job must pause.
 */
export class SpendControl {
  private billing: MeterBilling | null = null;
  private current: JobCost | null = null;

  constructor(private ceilingUsd: number | null) {}

  /**
   * Works out the billing from the spec and the table. With a ceiling set, a billing that
   * cannot be priced is an error (the ceiling could not be kept); without one, a warning.
   */
  setUp(cost: JobSpec['cost'], facts: { billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'; tableClass: 'standard' | 'standard-ia'; region: string }, warn: (message: string) => void): void {
    try {
      this.billing = meterBillingFor(cost, facts);
    } catch (error) {
      if (this.ceilingUsd !== null) throw new Error(`The cost ceiling cannot be enforced: ${(error as Error).message}`, { cause: error });
      warn(`No spend meter: ${(error as Error).message}`);
    }
  }

  /** The billing in force, once set up (a trial projects its cost with it). */
  meterBilling(): MeterBilling | null {
    return this.billing;
  }

  setCeiling(ceilingUsd: number | null): void {
    this.ceilingUsd = ceilingUsd;
  }

  ceiling(): number | null {
    return this.ceilingUsd;
  }

  /** The last reading, null without a billing. */
  cost(): JobCost | null {
    return this.current;
  }

  /** Reads the meter; returns the ceiling's words when the job must pause, else null. */
  update(inputs: SpendInputs): string | null {
    if (!this.billing) return null;
    const reading = readSpendMeter({
      billing: this.billing,
      consumedWriteUnits: inputs.consumedWcu,
      consumedReadUnits: inputs.consumedRcu,
      elapsedSeconds: inputs.elapsedSeconds,
      remainingWriteUnits: inputs.remainingWcu,
      remainingReadUnits: inputs.remainingRcu,
      currentWriteUnitsPerSecond: inputs.currentWcuPerSecond,
      ...(this.ceilingUsd !== null ? { ceilingUsd: this.ceilingUsd } : {}),
    });
    this.current = {
      billing: this.billing.mode,
      spentUsd: reading.spentUsd,
      projectedTotalUsd: reading.projectedTotalUsd,
      projectionKnown: reading.projectionKnown,
      ceilingUsd: this.ceilingUsd,
    };
    return reading.ceiling.kind === 'pause' ? reading.ceiling.message : null;
  }
}
