import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import type { JobReport } from '../../../shared/job-report';
import { runCli, startCli } from '../../support/built-app';
import { localClient, waitFor } from '../../support/table-reader';
import { startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const ITEMS = 3000;
const DAY_S = 86_400;

// A backfill run by three `capstan worker` processes from `capstan backfill --fleet`: add-ttl
// over a 3,000-item table ends exact (every item gets its TTL once, the report reconciles
// scanned = changed). A job whose table workers cannot reach sends its shards back to the
// queue and each worker's registry entry says why.
describe('capstan backfill --fleet with three workers', () => {
  let world: FleetWorld;
  let redis: Redis;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10 });
    await Promise.all([world.startWorker(), world.startWorker(), world.startWorker()]);
    redis = await openRedis(parseRedisUrl(world.redis.url), 'budget');
    await world.makeTable('ttl_fleet');
    const client = localClient(world.sandbox.url);
    for (let start = 0; start < ITEMS; start += 25) {
      const items = Array.from({ length: Math.min(25, ITEMS - start) }, (_, k) => ({
        PutRequest: { Item: { pk: { S: `item-${start + k}` }, created: { S: new Date(Date.UTC(2026, 0, 1) + (start + k) * 60_000).toISOString() } } },
      }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { ttl_fleet: items } }));
    }
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  it('adds a TTL to every item exactly once, and the report reconciles', async () => {
    const reportPath = join(world.dir, 'ttl.json');
    const run = await runCli([
      'backfill', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'ttl_fleet', '--op', 'add-ttl', '--from', 'created', '--days', '30',
      '--segments', '32', '--rate', '3000', '--read-rate', '3000', '--data-dir', join(world.dir, 'data'), '--report', reportPath,
    ]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, skipped: 0, rejected: 0, pending: 0, balanced: true });
    const items = await world.tableItems('ttl_fleet');
    expect(items).toHaveLength(ITEMS);
    for (const item of items) {
      const expected = Math.floor(Date.parse(item.created!.S!) / 1000) + 30 * DAY_S;
      expect(Number(item.ttl?.N), item.pk!.S).toBe(expected);
    }
  }, 240_000);

  it('a job whose table the workers cannot reach: shards go back to the queue and the registry says why', async () => {
    const coordinator = startCli([
      'load', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'no_such_table', '--source', 's3://warehouse/unload/',
      '--key', 'pk=CUST#{customer_id}', '--data-dir', join(world.dir, 'data'),
    ]);
    try {
      const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
      const probe = new FleetProbe(redis, jobId);
      const entry = await waitFor(async () => (await probe.workers()).find((w) => w.lastError?.includes(jobId)), 60_000, 'a worker entry with the error', 100);
      expect(entry.lastError).toMatch(/no_such_table/);
      // Nothing is done or failed for good: the shard waits in the queue for its next attempt.
      const shards = await probe.shards();
      expect(shards.map((s) => s.state)).toEqual(['pending']);
      await waitFor(() => coordinator.output.some((l) => /last error .*no_such_table/.test(l)), 30_000, 'the coordinator showing the error');
    } finally {
      coordinator.child.kill('SIGINT');
      await coordinator.exited;
    }
  }, 180_000);
});
