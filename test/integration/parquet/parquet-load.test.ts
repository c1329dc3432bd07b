import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import type { SandboxHandle } from '../../../electron/sandbox/server';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { RejectLine } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../../electron/engine/s3/s3-client';
import { localClient, scanAll } from '../../support/table-reader';
import { arrow, decimalVector, field, int64Vector, parquetBytesOf, tableOf, timestampVector, vectorOf, writeParquetFixture } from '../../unit/parquet/parquet-fixture';

/** Rows of the test file: ids past 2^53, so a double anywhere on the way would show. */
const ROWS = 3_000;
const idOf = (i: number): bigint => 2n ** 60n + BigInt(i) * 7919n;

function ordersTable(): arrow.Table {
  const index = Array.from({ length: ROWS }, (_, i) => i);
  return tableOf({
    id: int64Vector(index.map(idOf)),
    customer: vectorOf(new arrow.Utf8(), index.map((i) => `customer ${i % 101}`)),
    amount: decimalVector(index.map((i) => BigInt(i * 37 - 50_000)), 12, 3),
    placed: timestampVector(index.map((i) => 1_709_294_400_000_000n + BigInt(i) * 1_000_001n), 'us', 'UTC'),
    express: vectorOf(new arrow.Bool(), index.map((i) => i % 3 === 0)),
    note: vectorOf(new arrow.Utf8(), index.map((i) => (i % 5 === 0 ? null : `note ${i}`))),
    tags: vectorOf(new arrow.List(field('element', new arrow.Utf8())), index.map((i) => (i % 7 === 0 ? [] : ['a', `t${i % 4}`]))),
    address: vectorOf(new arrow.Struct([field('city', new arrow.Utf8()), field('zip', new arrow.Int32())]), index.map((i) => ({ city: `city ${i % 9}`, zip: 1000 + i }))),
    blob: vectorOf(new arrow.Binary(), index.map((i) => Uint8Array.from([i & 255, 0, 255]))),
  });
}

/** The item each row must become, as DynamoDB gives it back (numbers in its canonical form). */
function expectedItem(i: number): Record<string, AttributeValue> {
  const amount = i * 37 - 50_000;
  const ticks = 1_709_294_400_000_000n + BigInt(i) * 1_000_001n;
  const seconds = Number(ticks / 1_000_000n);
  const item: Record<string, AttributeValue> = {
    id: { N: idOf(i).toString() },
    customer: { S: `customer ${i % 101}` },
    amount: { N: String(amount / 1000) },
    placed: { S: `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${(ticks % 1_000_000n).toString().padStart(6, '0')}Z` },
    express: { BOOL: i % 3 === 0 },
    tags: { L: i % 7 === 0 ? [] : [{ S: 'a' }, { S: `t${i % 4}` }] },
    address: { M: { city: { S: `city ${i % 9}` }, zip: { N: String(1000 + i) } } },
    blob: { B: Uint8Array.from([i & 255, 0, 255]) },
  };
  if (i % 5 !== 0) item.note = { S: `note ${i}` };
  return item;
}

describe('loading Parquet into the sandbox', () => {
  let fixture: SandboxEngine;
  let dir: string;
  let sandbox: SandboxHandle;
  let engine: Engine;

  beforeAll(async () => {
    fixture = await startSandboxEngine('parquet-load');
    ({ dir, sandbox, engine } = fixture);
  });

  afterAll(() => fixture?.close());

  const connection = () => fixture.connection();

  it('writes every row exactly (INT64 key past 2^53, DECIMAL, timestamps, nested, binary); a truncated file beside it is rejected in words', async () => {
    const client = localClient(sandbox.url);
    await createTable(client, { tableName: 'orders', partitionKey: { name: 'id', type: 'N' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const folder = join(dir, 'unload');
    await mkdir(folder);
    // Three row groups in zstd, as a warehouse unload might write them, and a file cut short.
    await writeParquetFixture(join(folder, 'part-0.parquet'), ordersTable(), { codec: 'ZSTD', rowGroupRows: 1_000 });
    const whole = parquetBytesOf(ordersTable(), { codec: 'SNAPPY' });
    await writeFile(join(folder, 'part-1.parquet'), whole.subarray(0, whole.length - 100));

    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: connection(), table: 'orders', source: { path: folder },
      rate: { mode: 'fixed', wcuPerSecond: 20_000 },
      options: { workers: 2 },
    }));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.error).toBeNull();
    expect(report?.reconciliation).toMatchObject({ read: ROWS + 1, written: ROWS, rejected: 1, pending: 0, balanced: true });

    const items = await scanAll(client, 'orders');
    const byId = new Map(items.map((item) => [item.id!.N!, item]));
    expect(byId.size).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) expect(byId.get(idOf(i).toString()), `row ${i}`).toEqual(expectedItem(i));

    const rejects = (await readFile(report!.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    expect(rejects).toHaveLength(1);
    // The per-object audit: the whole file done, the truncated one failed with its reason.
    expect(report!.objects?.map((o) => [o.name, o.records, o.written, o.rejected, o.state])).toEqual([
      [join(folder, 'part-0.parquet'), ROWS, ROWS, 0, 'done'],
      [join(folder, 'part-1.parquet'), 1, 0, 1, 'failed'],
    ]);
    expect(rejects[0]!.reason).toBe(`${join(folder, 'part-1.parquet')} is a truncated Parquet file: it starts as Parquet but its footer (ending with "PAR1") is missing; was it cut short while copying?; the rest of the file cannot be read`);
  });

  it('`capstan load --source data.parquet` loads a Parquet file from the command line (known by its name), keys from a template over its INT64 column', async () => {
    const client = localClient(sandbox.url);
    await createTable(client, { tableName: 'cli_orders', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'data.parquet');
    await writeParquetFixture(file, tableOf({
      order_id: int64Vector([9007199254740993n, 2n, 3n]),
      total: decimalVector([1999n, -1n, 0n], 10, 2),
    }));
    const { code, output } = await runCli(['load', '--source', file, '--table', 'cli_orders', '--key', 'pk=ORDER#{order_id}', '--endpoint', sandbox.url, '--data-dir', join(dir, 'cli-data')]);
    expect(code, output).toBe(0);
    const items = (await scanAll(client, 'cli_orders')).sort((a, b) => a.pk!.S!.localeCompare(b.pk!.S!));
    expect(items).toEqual([
      { pk: { S: 'ORDER#2' }, order_id: { N: '2' }, total: { N: '-0.01' } },
      { pk: { S: 'ORDER#3' }, order_id: { N: '3' }, total: { N: '0' } },
      { pk: { S: 'ORDER#9007199254740993' }, order_id: { N: '9007199254740993' }, total: { N: '19.99' } },
    ]);
  });

  it('loads Parquet objects from the sandbox S3 exactly (ranged reads of row groups), beside a CSV object', async () => {
    const client = localClient(sandbox.url);
    await createTable(client, { tableName: 's3_orders', partitionKey: { name: 'id', type: 'N' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const s3 = createS3Client({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
      // Four row groups in SNAPPY and ZSTD objects, as a warehouse unload splits a table.
      await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'orders/part-0.parquet', Body: parquetBytesOf(ordersTable(), { codec: 'ZSTD', rowGroupRows: 750 }) }));
      await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'orders/part-1.csv', Body: 'id,customer\n1,plain csv\n' }));
      const job = await engine.jobs.start(jobSpecSchema.parse({
        kind: 'load', connection: connection(), table: 's3_orders', source: { path: 's3://lake/orders/' },
        rate: { mode: 'fixed', wcuPerSecond: 20_000 }, options: { workers: 2 },
      }));
      const report = await engine.jobs.waitForEnd(job.id);
      expect(report?.error).toBeNull();
      expect(report?.rejects.sample.map((r) => r.reason)).toEqual([]);
      expect(report?.reconciliation).toMatchObject({ read: ROWS + 1, written: ROWS + 1, rejected: 0, pending: 0, balanced: true });
      const items = await scanAll(client, 's3_orders');
      const byId = new Map(items.map((item) => [item.id!.N!, item]));
      expect(byId.size).toBe(ROWS + 1);
      for (let i = 0; i < ROWS; i++) expect(byId.get(idOf(i).toString()), `row ${i}`).toEqual(expectedItem(i));
      expect(byId.get('1')).toEqual({ id: { N: '1' }, customer: { S: 'plain csv' } });
      expect(report!.objects?.map((o) => [o.name, o.records, o.written, o.state])).toEqual([
        ['s3://lake/orders/part-0.parquet', ROWS, ROWS, 'done'],
        ['s3://lake/orders/part-1.csv', 1, 1, 'done'],
      ]);
    } finally {
      s3.destroy();
    }
  });
});
