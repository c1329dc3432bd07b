import type { Command } from 'commander';
import { writeCustomerSample } from '../engine/sample/customer-sample';

/** Adds `capstan sample`: a synthetic customer CSV to try a load with. */
export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('write a CSV of synthetic customer records (customer_id, acquisition_date, created_timestamp, last_updated_timestamp)')
    .requiredOption('--rows <n>', 'number of rows', parseWholeNumber)
    .requiredOption('--out <file>', 'file to write')
    .action(async (opts: { rows: number; out: string }) => {
      const { rows, bytes } = await writeCustomerSample({ rows: opts.rows, out: opts.out });
      console.log(`Wrote ${rows.toLocaleString('en-US')} rows (${bytes.toLocaleString('en-US')} bytes) to ${opts.out}`);
    });
}

/** Parses a flag that must be a whole, non-negative number. */
export function parseWholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${value}"`);
  return n;
}
