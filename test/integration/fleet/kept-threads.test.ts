import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetWorker } from '../../../electron/engine/fleet/fleet-worker';
import { parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { ShardJobsRunner } from '../../../electron/engine/fleet-shard-jobs';
import type { JobReport } from '../../../shared/job-report';
import { runCli, WORKER_SCRIPTS } from '../../support/built-app';
import { localClient } from '../../support/table-reader';
import { startFleetWorld, type FleetWorld } from './fleet-harness';

const ITEMS = 400;
const DAY_S = 86_400;

// One fleet worker (in this process: the real shard runner on the built worker entries) at
// concurrency 1 runs every shard of two backfills started by `capstan backfill --fleet`. The
// scan thread started for the first shard serves every later shard of both jobs (starting a
// thread is most of what a small shard costs), and each job still ends exact: every item
// of each table carries its job's TTL, and each report reconciles.
// A load's four object shards then run on one sender thread, and the table holds every key.
describe('a fleet worker keeps its worker threads between shards', () => {
  let world: FleetWorld;
  let runner: ShardJobsRunner;
  let worker: FleetWorker;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 4, rowsPerObject: 50 });
    const client = localClient(world.sandbox.url);
    for (const table of ['kept_a', 'kept_b']) {
      await world.makeTable(table);
      for (let first = 0; first < ITEMS; first += 25) {
        const items = Array.from({ length: 25 }, (_, k) => ({
          PutRequest: { Item: { pk: { S: `item-${first + k}` }, created: { S: new Date(Date.UTC(2026, 0, 1) + (first + k) * 60_000).toISOString() } } },
        }));
        await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items } }));
      }
    }
    runner = new ShardJobsRunner({ workerScripts: WORKER_SCRIPTS, workDir: join(world.dir, 'work') });
    worker = new FleetWorker({ target: parseRedisUrl(world.redis.url), concurrency: 1, capstanVersion: '0.1.0', runner, log: () => {} });
    await worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  async function addTtl(table: string, days: number): Promise<JobReport> {
    const reportPath = join(world.dir, `${table}.json`);
    const run = await runCli([
      'backfill', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', table, '--op', 'add-ttl', '--from', 'created',
      '--days', String(days), '--segments', '32', '--rate', '4000', '--read-rate', '4000', '--data-dir', join(world.dir, 'data'), '--report', reportPath,
    ]);
    expect(run.code, run.output).toBe(0);
    return JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
  }

  it('one scan thread serves all 32 shards of two jobs, and both end exact', async () => {
    const first = await addTtl('kept_a', 30);
    expect(first.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, rejected: 0, pending: 0, balanced: true });
    const second = await addTtl('kept_b', 60);
    expect(second.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, rejected: 0, pending: 0, balanced: true });
    // 16 shards per job (32 segments dealt into 16), one at a time: one thread, handed on 31 times.
    expect(runner.threadCounts).toEqual({ started: 1, handedOn: 31 });
    for (const [table, days] of [['kept_a', 30], ['kept_b', 60]] as const) {
      const items = await world.tableItems(table);
      expect(items).toHaveLength(ITEMS);
      for (const item of items) expect(Number(item.ttl?.N), item.pk!.S).toBe(Math.floor(Date.parse(item.created!.S!) / 1000) + days * DAY_S);
    }
  }, 240_000);

  it('one sender thread serves the 4 object shards of a load, and the load ends exact', async () => {
    const before = runner.threadCounts;
    await world.makeTable('kept_load');
    const reportPath = join(world.dir, 'kept_load.json');
    const run = await runCli([
      'load', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'kept_load', '--source', 's3://warehouse/unload/',
      '--key', 'pk=CUST#{customer_id}', '--rate', '4000', '--data-dir', join(world.dir, 'data'), '--report', reportPath,
    ]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: 200, written: 200, rejected: 0, pending: 0, balanced: true });
    expect((await world.tableItems('kept_load')).map((i) => i.pk!.S!).sort()).toEqual(world.keys);
    // The scan thread stays kept for scans; loads get a sender thread of their own, started once.
    expect(runner.threadCounts).toEqual({ started: before.started + 1, handedOn: before.handedOn + 3 });
  }, 240_000);
});
