import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import type { FleetStatus } from '../../../shared/fleet-status';
import type { JobReport } from '../../../shared/job-report';
import { arrow, int64Vector, parquetBytesOf, tableOf, vectorOf } from '../../unit/parquet/parquet-fixture';
import { killWorkerOfRunningShard, startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const PARQUET_ROWS = 24_000;
const GROUP_ROWS = 3_000;
const GROUPS = PARQUET_ROWS / GROUP_ROWS;
const GZIP_ROWS = 2_000;
/** --fleet-range-mb of the test: 10 KB, below one row group's column chunks (so a shard per group) and below the gzip object. */
const RANGE_MB = 0.01;
const customerId = (i: number): number => 1_000_000 + i;

// A Parquet object of 8 row groups and a gzip CSV object under one prefix, loaded by three
// `capstan worker` processes: the coordinator plans a shard per row group from the footer
// (each worker decodes only its groups, with ranged reads) and keeps the gzip object whole,
// saying why in words; a worker SIGKILLed in the middle of a row-group shard hands it, from
// its checkpoint, to another; the table, the reconciliation and the per-object audit are exact.
describe('capstan load --fleet of a multi-row-group Parquet object', () => {
  let world: FleetWorld;
  let redis: Redis;
  let keys: string[];
  let gzipBytes: number;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10 });
    const index = Array.from({ length: PARQUET_ROWS }, (_, i) => i);
    const table = tableOf({
      customer_id: int64Vector(index.map((i) => BigInt(customerId(i)))),
      name: vectorOf(new arrow.Utf8(), index.map((i) => `Parquet customer ${i}`)),
    });
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'mixed/orders.parquet', Body: parquetBytesOf(table, { codec: 'SNAPPY', rowGroupRows: GROUP_ROWS }) }));
    const csvRows = Array.from({ length: GZIP_ROWS }, (_, i) => `${i},Name ${i},note ${i % 13}`);
    const gzip = gzipSync(`customer_id,name,note\n${csvRows.join('\n')}\n`);
    gzipBytes = gzip.length;
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'mixed/customers.csv.gz', Body: gzip }));
    keys = [...index.map((i) => `CUST#${customerId(i)}`), ...csvRows.map((_, i) => `CUST#${i}`)].sort();
    await Promise.all([world.startWorker(), world.startWorker(), world.startWorker()]);
    redis = await openRedis(parseRedisUrl(world.redis.url), 'budget');
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  it('queues a shard per row group, survives a worker SIGKILLed mid-shard, and the table equals the source exactly', async () => {
    expect(gzipBytes).toBeGreaterThan(RANGE_MB * 1024 * 1024);
    await world.makeTable('fleet_parquet');
    const report = join(world.dir, 'fleet_parquet.json');
    const coordinator = world.coordinate([
      ...world.loadArgs('fleet_parquet', 1500, { source: 's3://warehouse/mixed/' }), '--fleet-range-mb', String(RANGE_MB), '--report', report,
    ]);
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const said = coordinator.output.join('\n');
    expect(said).toMatch(new RegExp(`s3://warehouse/mixed/orders\\.parquet: ${GROUPS} shard\\(s\\) of 1 row group\\(s\\) each \\(${GROUPS} row groups, 24,000 rows; the largest shard [\\d.]+ KB for a range size of 10\\.2 KB\\)`));
    const gzipWords = /s3:\/\/warehouse\/mixed\/customers\.csv\.gz is gzip \([\d.,]+ KB\): one shard, read by one worker from start to end, because a gzip stream cannot be entered in the middle/;
    expect(said).toMatch(gzipWords);

    const probe = new FleetProbe(redis, jobId);
    const planned = await probe.shards();
    expect(planned.map((s) => s.id).sort()).toEqual([...Array.from({ length: GROUPS }, (_, g) => `object-1-groups-${g}`), 'object-0'].sort());
    // A row-group shard past the first group, running, with writes in its checkpoint.
    await killWorkerOfRunningShard(world, probe, 'a running row-group shard with a checkpoint', (s) => /-groups-[1-9]/.test(s.id));
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);

    const items = await world.tableItems('fleet_parquet');
    expect(items.map((i) => i.pk!.S!).sort()).toEqual(keys);
    expect(items.find((i) => i.pk!.S === `CUST#${customerId(12_345)}`)?.name?.S).toBe('Parquet customer 12345');
    const r = JSON.parse(await readFile(report, 'utf8')) as JobReport & { fleet: FleetStatus };
    expect(r.job.state).toBe('completed');
    const total = PARQUET_ROWS + GZIP_ROWS;
    expect(r.reconciliation).toMatchObject({ read: total, written: total, rejected: 0, pending: 0, balanced: true });
    expect(r.fleet.shards).toEqual({ pending: 0, running: 0, done: GROUPS + 1, failed: 0 });
    expect(r.objects?.map(({ name, records, written, rejected, state }) => ({ name, records, written, rejected, state })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 's3://warehouse/mixed/customers.csv.gz', records: GZIP_ROWS, written: GZIP_ROWS, rejected: 0, state: 'done' },
      { name: 's3://warehouse/mixed/orders.parquet', records: PARQUET_ROWS, written: PARQUET_ROWS, rejected: 0, state: 'done' },
    ]);
    expect(r.notes).toEqual(expect.arrayContaining([expect.stringMatching(gzipWords)]));
  }, 300_000);
});
