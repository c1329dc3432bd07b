import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SampleSetup } from '../../../shared/contract';
import { writeCustomerSample } from '../sample/customer-sample';
import { createTable, listTables } from './table-catalog';

/** The sandbox table names "Try it with sample data" uses: customers_sample, then _2, _3… */
const TABLE_BASE = 'customers_sample';

/**
 * "Try it with sample data" in one step: a synthetic customer file in
 * `<dataDir>/samples/` (a folder web mode lets its clients read) and a new, empty
 * on-demand table on the sandbox keyed by `pk`, with the key template that fills it from
 * the file. A name already taken gets the next free suffix, so nothing is overwritten.
 */
export async function makeSampleSetup(options: { dataDir: string; sandbox: DynamoDBClient; rows: number }): Promise<SampleSetup> {
  const taken = new Set((await listTables(options.sandbox)).map((t) => t.name));
  let n = 1;
  while (taken.has(n === 1 ? TABLE_BASE : `${TABLE_BASE}_${n}`)) n++;
  const tableName = n === 1 ? TABLE_BASE : `${TABLE_BASE}_${n}`;
  const folder = join(options.dataDir, 'samples');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${tableName}.csv`);
  await writeCustomerSample({ rows: options.rows, out: path });
  await createTable(options.sandbox, { tableName, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
  return { path, rows: options.rows, connectionId: 'sandbox', tableName, templates: { pk: 'CUST#{customer_id}' } };
}
