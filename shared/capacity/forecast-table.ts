import type { TableDetails } from '../contract';
import type { ForecastTable } from './write-forecast';

/**
 * A table's capacity facts as the write forecast takes them, from the table detail view
 * (DescribeTable plus auto scaling). The wizard and `capstan estimate --table` both read
 * the table through this, so they forecast the same duration from the same table.
 */
export function forecastTableOf(details: TableDetails): ForecastTable {
  const scaling = details.autoScaling?.find((a) => a.dimension === 'write') ?? null;
  const target = scaling?.targetUtilization ?? null;
  return {
    name: details.name,
    billingMode: details.billingMode,
    writeCapacityUnits: details.writeCapacityUnits,
    readCapacityUnits: details.readCapacityUnits,
    autoScaling: scaling ? { maxCapacity: scaling.maxCapacity, targetUtilization: target === null ? 0.7 : target > 1 ? target / 100 : target } : null,
    onDemandMaxWcu: details.onDemandMaxWriteRequestUnits,
    gsis: details.indexes.map((i) => ({ name: i.name, writeCapacityUnits: details.billingMode === 'PROVISIONED' ? i.writeCapacityUnits : null })),
  };
}
