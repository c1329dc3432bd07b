import type { TableSummary } from '../../../shared/contract';
import { formatCount } from '../../../shared/format';

/** A table's billing in words: "On-demand" or "Provisioned". */
export function billingWords(mode: TableSummary['billingMode']): string {
  return mode === 'PAY_PER_REQUEST' ? 'On-demand' : 'Provisioned';
}

/** Read and write capacity as "1,000 RCU · 500 WCU", or "pay per request". */
export function capacityWords(table: Pick<TableSummary, 'billingMode' | 'readCapacityUnits' | 'writeCapacityUnits'>): string {
  if (table.billingMode === 'PAY_PER_REQUEST') return 'pay per request';
  return `${formatCount(table.readCapacityUnits ?? 0)} RCU · ${formatCount(table.writeCapacityUnits ?? 0)} WCU`;
}

/** A key schema as "pk (partition, S), sk (sort, N)". */
export function keySchemaWords(keys: { name: string; role: 'HASH' | 'RANGE'; type?: string }[]): string {
  return keys.map((k) => `${k.name} (${k.role === 'HASH' ? 'partition' : 'sort'}${k.type ? `, ${k.type}` : ''})`).join(', ');
}
