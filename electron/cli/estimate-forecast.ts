import type { TableDetails } from '../../shared/contract';
import { writeUnitsForSize } from '../../shared/capacity/capacity-units';
import { forecastTableOf } from '../../shared/capacity/forecast-table';
import { forecastWrites, type WriteForecast } from '../../shared/capacity/write-forecast';
import { formatCount, formatDuration } from '../../shared/format';
import { createAutoScalingClient } from '../engine/capacity/auto-scaling';
import { createDynamoClient } from '../engine/dynamo/client-target';
import { Engine } from '../engine/engine';
import { describeTableDetails } from '../engine/tables/table-details';
import type { EntryPaths } from './entry-paths';
import { connectionFromFlags, type ConnectionFlags } from './connection-options';

/**
 * `capstan estimate --table`: the duration from what the table can take, by the capacity
 * forecast the wizard shows (shared/capacity/write-forecast.ts), read through the same
 * table details (DescribeTable plus auto scaling) — so the terminal and the wizard give
 * the same number for the same table, items, item size and rate.
 */

/** The forecast part of the estimate's output (JSON: exactly this). */
export interface EstimateForecast extends WriteForecast {
  table: string;
  billingMode: TableDetails['billingMode'];
  requestedWcuPerSecond: number;
  wcuPerItem: number;
  /** What rows / rate would say, for comparison. */
  naiveSeconds: number;
}

/** The forecast of `items` items of `itemBytes` at `rateWcuPerSecond` into the described table. */
export function forecastForTable(details: TableDetails, job: { items: number; itemBytes: number; gsiWcuPerItem?: number }, rateWcuPerSecond: number, spread: boolean): EstimateForecast {
  const wcuPerItem = writeUnitsForSize(job.itemBytes);
  const gsiWcuPerItem = job.gsiWcuPerItem ?? 0;
  const forecast = forecastWrites({ table: forecastTableOf(details), items: job.items, wcuPerItem, gsiWcuPerItem, requestedWcuPerSecond: rateWcuPerSecond, spread });
  return {
    ...forecast, table: details.name, billingMode: details.billingMode, requestedWcuPerSecond: rateWcuPerSecond, wcuPerItem,
    naiveSeconds: (job.items * (wcuPerItem + gsiWcuPerItem)) / rateWcuPerSecond,
  };
}

/** Describes the table on the connection the flags name (as `capstan table describe` does). */
export async function readTableDetails(paths: EntryPaths, flags: ConnectionFlags & { dataDir: string }, table: string): Promise<TableDetails> {
  const engine = await Engine.start({ dataDir: flags.dataDir, workerScripts: paths.workerScripts, sandbox: false });
  const target = engine.targetFor(connectionFromFlags(flags));
  const client = createDynamoClient(target, { maxSockets: 2, requestTimeoutMs: 15_000 });
  const scaling = createAutoScalingClient(target);
  try {
    return await describeTableDetails(client, scaling, table);
  } finally {
    client.destroy();
    scaling.destroy();
    await engine.close();
  }
}

/** The forecast in lines for the terminal. */
export function formatForecastLines(f: EstimateForecast): string[] {
  const capacity = f.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned';
  const differs = Math.abs(f.seconds - f.naiveSeconds) > Math.max(1, f.naiveSeconds * 0.05);
  const lines = [
    `Forecast against ${f.table} (${capacity}), at ${formatCount(f.requestedWcuPerSecond)} WCU/s asked, ${formatCount(f.wcuPerItem)} WCU per item:`,
    `  expected duration from the table's capacity: ${formatDuration(f.seconds)}${differs ? ` (at ${formatCount(f.requestedWcuPerSecond)} WCU/s throughout it would be ${formatDuration(f.naiveSeconds)})` : ''}`,
    `  settles at ${formatCount(f.sustainedWcuPerSecond)} WCU/s, limited by: ${f.limitedBy}${f.burstSeconds !== null ? `; burst keeps the asked rate for about ${formatCount(Math.round(f.burstSeconds))} s` : ''}`,
  ];
  lines.push(...f.warnings.map((w) => `  warning: ${w}`), ...f.assumptions.map((a) => `  assumed: ${a}`));
  return lines;
}
