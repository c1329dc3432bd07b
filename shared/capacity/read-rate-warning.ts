import type { TableDetails } from '../contract';
import { formatCount } from '../format';

/**
 * A backfill's scan read rate against what the table can serve, before start: words when
 * a provisioned table will hold the scan back (its read capacity, or the ceiling its read
 * auto scaling may rise to) or when the scan waits minutes for auto scaling to rise.
 * Null when the rate fits, the table is on-demand, or its capacity is unknown. A scan's
 * reads come out of the same capacity as the application's.
 */
export function readRateWarning(details: Pick<TableDetails, 'name' | 'billingMode' | 'readCapacityUnits' | 'autoScaling'> | null, rcuPerSecond: number): string | null {
  if (!details || details.billingMode !== 'PROVISIONED' || details.readCapacityUnits === null || !(rcuPerSecond > 0)) return null;
  const provisioned = details.readCapacityUnits;
  if (rcuPerSecond <= provisioned) return null;
  const scaling = details.autoScaling?.find((a) => a.dimension === 'read') ?? null;
  const asked = `The scan asks ${formatCount(rcuPerSecond)} RCU/s of ${details.name}, which is provisioned for ${formatCount(provisioned)} RCU/s`;
  const shared = "and the application's reads share that capacity";
  if (scaling && rcuPerSecond <= scaling.maxCapacity) {
    return `${asked}: its read auto scaling may rise to ${formatCount(scaling.maxCapacity)}, but only over some minutes, so the scan is throttled until it does, ${shared}.`;
  }
  const ceiling = scaling ? scaling.maxCapacity : provisioned;
  const slower = Math.max(1, Math.round(rcuPerSecond / Math.max(1, ceiling)));
  const where = scaling ? `its read auto scaling stops at ${formatCount(ceiling)}` : 'it has no read auto scaling';
  return `${asked} and ${where}: once burst capacity is spent the scan is throttled to about ${formatCount(ceiling)} RCU/s, about ${slower}x slower than asked, ${shared}. Lower the read rate, or raise the table's read capacity for the job.`;
}
