import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createDynamoClient, targetOfConnection } from '../engine/dynamo/client-target';
import { describeTable } from '../engine/tables/table-description';
import { exportQuery } from '../engine/backfill/query-export/parallel-query-export';
import { dayBoundaries, monthBoundaries, type QuerySplit } from '../engine/backfill/query-export/query-split';
import { placeholdersToWire, placeholderToWire } from '../engine/backfill/wire-item';
import { createS3Client } from '../engine/s3/s3-client';
import { createS3UploadStream } from '../engine/s3/s3-upload-stream';
import { isS3Url } from '../engine/s3/s3-url';
import { connectionFromFlags, withConnectionOptions, type ConnectionFlags } from './connection-options';
import { collect } from './repeatable-option';

interface QueryExportFlags extends ConnectionFlags {
  table: string;
  index?: string;
  pkName: string;
  pkValue: string;
  skName?: string;
  months?: string;
  days?: string;
  boundaries?: string;
  prefixes?: string;
  slots?: string;
  slotSeparator: string;
  filter?: string;
  name: string[];
  value: string[];
  concurrency: string;
  format: 'jsonl' | 'csv';
  columns?: string;
  out?: string;
  region: string;
}

/** Adds `capstan query-export`. */
export function registerQueryExportCommand(program: Command): void {
  withConnectionOptions(
    program
      .command('query-export')
      .description('export one Query (table or GSI) fast: split by sort-key range or slot, run the parts in parallel, merge in order')
      .requiredOption('--table <name>', 'the table')
      .option('--index <name>', 'a GSI or LSI to query')
      .requiredOption('--pk-name <attr>', 'the partition key attribute (of the index when --index)')
      .requiredOption('--pk-value <value>', 'the partition key value (JSON for a number, e.g. 42, else text)')
      .option('--sk-name <attr>', 'the sort key attribute (needed by the sort-key splits)')
      .option('--months <from..to>', 'one sub-query per month of an ISO-date sort key, e.g. 2024-01..2024-12')
      .option('--days <from..to>', 'one sub-query per day, e.g. 2024-01-01..2024-01-31')
      .option('--boundaries <list>', 'comma-separated sort-key boundaries (sub-queries below, between and above them)')
      .option('--prefixes <list>', 'comma-separated sort-key prefixes (every sort key must start with one)')
      .option('--slots <n>', 'write-sharded partition keys: query <pk-value><separator>0..n-1')
      .option('--slot-separator <text>', 'separator before the slot number', '#')
      .option('--filter <expression>', 'a FilterExpression')
      .option('--name <#n=attr>', 'a name placeholder of the filter (repeatable)', collect, [])
      .option('--value <:v=value>', 'a value placeholder of the filter, JSON or text (repeatable)', collect, [])
      .option('--concurrency <n>', 'sub-queries at once', '8')
      .option('--format <jsonl|csv>', 'DynamoDB JSON lines, or CSV', 'jsonl')
      .option('--columns <list>', 'CSV columns (default: from the first items)')
      .option('--out <file>', 'output file or S3 object (s3://bucket/key, a multipart upload; default: standard output)'),
  )
    .action(async (flags: QueryExportFlags) => {
      const target = targetOfConnection(connectionFromFlags(flags));
      const control = createDynamoClient(target, { maxSockets: 2 });
      const keyNames = await describeTable(control, flags.table).then((f) => f.keyNames).finally(() => control.destroy());
      const s3 = flags.out && isS3Url(flags.out) ? createS3Client(target) : undefined;
      const out: Writable = flags.out ? (s3 ? createS3UploadStream(s3, flags.out, { contentType: flags.format === 'csv' ? 'text/csv' : 'application/x-ndjson' }) : createWriteStream(flags.out)) : process.stdout;
      // A failed write (a refused upload) ends the command with its words.
      const outFailed = new Promise<never>((_resolve, reject) => out.once('error', reject));
      outFailed.catch(() => undefined);
      const names = Object.fromEntries(flags.name.map((p) => p.split('=', 2) as [string, string]));
      const values = Object.fromEntries(flags.value.map((p) => [p.slice(0, p.indexOf('=')), parseJsonOrText(p.slice(p.indexOf('=') + 1))]));
      const result = await exportQuery({
        target,
        shape: {
          table: flags.table,
          ...(flags.index ? { index: flags.index } : {}),
          partitionKeyName: flags.pkName,
          partitionKeyValue: placeholderToWire('--pk-value', parseJsonOrText(flags.pkValue)),
          ...(flags.skName ? { sortKeyName: flags.skName } : {}),
          ...(flags.filter ? { filter: { expression: flags.filter, names, values: placeholdersToWire(values) } } : {}),
        },
        split: splitFromFlags(flags),
        concurrency: Number(flags.concurrency),
        format: flags.format,
        ...(flags.columns ? { columns: flags.columns.split(',') } : {}),
        keyNames,
        write: (line) => {
          if (!out.write(`${line}\n`)) return Promise.race([outFailed, new Promise<void>((resolve) => out.once('drain', () => resolve()))]);
        },
      });
      if (out !== process.stdout) await Promise.race([outFailed, new Promise<void>((resolve) => out.end(() => resolve()))]);
      s3?.destroy();
      console.error(`Exported ${result.items.toLocaleString('en-US')} items with ${result.subQueries} sub-queries (${result.pages} pages, ${result.consumedRcu} RCU) in ${result.seconds.toFixed(1)} s${result.droppedColumns.length ? `; attributes not in the CSV columns: ${result.droppedColumns.join(', ')}` : ''}`);
    });
}

/** The split the flags ask for. */
export function splitFromFlags(flags: Pick<QueryExportFlags, 'months' | 'days' | 'boundaries' | 'prefixes' | 'slots' | 'slotSeparator'>): QuerySplit {
  const range = (text: string) => {
    const [from, to] = text.split('..');
    if (!from || !to) throw new Error(`A range must look like from..to (got "${text}")`);
    return [from, to] as const;
  };
  if (flags.months) return { kind: 'boundaries', boundaries: monthBoundaries(...range(flags.months)) };
  if (flags.days) return { kind: 'boundaries', boundaries: dayBoundaries(...range(flags.days)) };
  if (flags.boundaries) return { kind: 'boundaries', boundaries: flags.boundaries.split(',') };
  if (flags.prefixes) return { kind: 'prefixes', prefixes: flags.prefixes.split(',') };
  if (flags.slots) return { kind: 'slots', slots: Number(flags.slots), separator: flags.slotSeparator };
  return { kind: 'none' };
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
