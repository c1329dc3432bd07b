import { readSpendMeter, type MeterBilling } from '../cost';
import { forecastWrites, type ForecastLimit } from '../capacity/write-forecast';
import { startingRate } from '../rate-modes';
import type { JobSpec } from '../job-spec';
import type { JobTotals } from '../job-status';
import type { TableCapacityAtStart } from './run-facts';

/**
 * What the run was expected to take, for the report's "estimate against actual": the
 * wizard's capacity forecast (shared/capacity/write-forecast.ts, the same function and
 * rules) applied to the table's capacity at start, the rate asked at start, the input's
 * record count and the item size the run measured, priced with the job's own billing.
 */
export interface RunEstimate {
  /** How the estimate was made, in words (what it assumed). */
  basis: string;
  items: number;
  wcuPerItem: number;
  requestedWcuPerSecond: number;
  seconds: number;
  /** Null when the job had no spend meter (no price known). */
  costUsd: number | null;
  limitedBy: ForecastLimit;
}

/** The estimate of a load; null for other kinds, or before anything was written (no item size to go on). */
export function estimateRun(input: {
  spec: JobSpec;
  totals: JobTotals;
  table: TableCapacityAtStart | null;
  billing: MeterBilling | null;
}): RunEstimate | null {
  const { spec, totals, table } = input;
  if (spec.kind !== 'load' || !table || totals.written === 0 || totals.consumedWcu === 0) return null;
  const items = totals.recordsTotal ?? totals.read;
  const wcuPerItem = totals.consumedWcu / totals.written;
  const requested = startingRate(spec.rate);
  const forecast = forecastWrites({
    table: {
      name: spec.table, billingMode: table.billingMode, writeCapacityUnits: table.provisionedWcu, readCapacityUnits: table.provisionedRcu,
      autoScaling: null, onDemandMaxWcu: table.maxOnDemandWcu, gsis: [],
    },
    items, wcuPerItem, gsiWcuPerItem: 0, requestedWcuPerSecond: requested, spread: spec.source.spread,
  });
  const costUsd = input.billing
    ? readSpendMeter({
        billing: input.billing, consumedWriteUnits: items * wcuPerItem, consumedReadUnits: 0, elapsedSeconds: forecast.seconds,
        remainingWriteUnits: 0, remainingReadUnits: 0, currentWriteUnitsPerSecond: 0,
      }).spentUsd
    : null;
  const perItem = Number.isInteger(wcuPerItem) ? String(wcuPerItem) : wcuPerItem.toFixed(2);
  return {
    basis: `the capacity forecast the wizard shows, for ${items.toLocaleString('en-US')} records at ${perItem} WCU each (measured), ${requested.toLocaleString('en-US')} WCU/s asked at start, and the table's capacity at start`,
    items, wcuPerItem, requestedWcuPerSecond: requested, seconds: forecast.seconds, costUsd, limitedBy: forecast.limitedBy,
  };
}
