import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetCoordinator, type FleetProgress } from '../../../electron/engine/fleet/fleet-coordinator';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { ROOT, startNode, type CliProcess } from '../../support/built-app';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { countingPlan, writesPerItem } from './counting-job';

const JITI = resolve(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs');
const WORKER = resolve(import.meta.dirname, 'counting-worker-process.ts');
const COORDINATOR = resolve(import.meta.dirname, 'coordinator-process.ts');

// A coordinator and three worker processes on a real Redis: the job ends with exact counts
// and a per-worker table, a pause reaches every worker process within 1 s, and a
// coordinator killed mid-job and started again attaches to the job (whose state lives in
// Redis) and reports the same exact end.
describe('fleet coordinator with three worker processes', () => {
  let server: TestRedisServer;
  let redis: Redis;
  const processes: CliProcess[] = [];
  let workers: CliProcess[] = [];
  let workerIds: string[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await openRedis(parseRedisUrl(server.url), 'budget');
    workers = [1, 2, 3].map(() => startNode([JITI, WORKER, server.url, '9.9.9']));
    processes.push(...workers);
    workerIds = await Promise.all(workers.map(async (w) => (await w.waitForLine(/^ready (\S+)/, 60_000))[1]!));
  });
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    redis?.disconnect();
    await server?.stop();
  });

  function expectExact(end: FleetProgress, items: number, shards: number): void {
    expect(end.failure).toBeNull();
    expect(end.shards).toEqual({ pending: 0, running: 0, done: shards, failed: 0 });
    expect(end.totals).toEqual({ read: items, written: items, rejected: 0 });
    expect(end.workers.reduce((sum, w) => sum + w.shardsDone, 0)).toBe(shards);
    expect(end.workers.reduce((sum, w) => sum + w.itemsWritten, 0)).toBe(items);
    for (const row of end.workers) expect(workerIds).toContain(row.id);
  }

  it('ends exact with a per-worker table, and a pause reaches every worker within 1 s', async () => {
    const plan = countingPlan({ jobId: 'steered', shards: 6, itemsPerShard: 200, rate: 400, capstanVersion: '9.9.9' });
    const coordinator = await FleetCoordinator.open(parseRedisUrl(server.url), plan);
    try {
      expect(coordinator.attached).toBe(false);
      const running = new RegExp(`^info: Job steered running at (\\d+)`);
      await Promise.all(workers.map((w) => w.waitForLine(running, 60_000)));
      const pausedAt = Date.now();
      await coordinator.pause();
      const paused = new RegExp(`^info: Job steered paused at (\\d+)`);
      const seenAt = await Promise.all(workers.map(async (w) => Number((await w.waitForLine(paused, 10_000))[1])));
      expect(Math.max(...seenAt) - pausedAt).toBeLessThan(1000);
      expect((await coordinator.budget.take('write', 'probe'))).toMatchObject({ state: 'paused', grantedUnits: 0 });
      await coordinator.resume();
      const end = await coordinator.waitForEnd(undefined, 200);
      expectExact(end, plan.items, 6);
      expect(await writesPerItem(redis, plan)).toEqual(new Array(plan.items).fill(1));
      expect(end.workers.length).toBeGreaterThanOrEqual(2);
    } finally {
      await coordinator.close();
    }
  });

  it('a coordinator SIGKILLed mid-job and started again attaches to the job and reports the same exact end', async () => {
    const args = [JITI, COORDINATOR, server.url, 'reattached', '6', '150', '300'];
    const first = startNode(args);
    processes.push(first);
    await first.waitForLine(/^attached false/, 60_000);
    await first.waitForLine(/^progress [1-5]\/6/, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startNode(args);
    processes.push(second);
    await second.waitForLine(/^attached true/, 60_000);
    const endLine = await second.waitForLine(/^end (.*)$/, 90_000);
    const end = JSON.parse(endLine[1]!) as FleetProgress;
    const plan = countingPlan({ jobId: 'reattached', shards: 6, itemsPerShard: 150, rate: 300, capstanVersion: '9.9.9' });
    expectExact(end, plan.items, 6);
    expect(await writesPerItem(redis, plan)).toEqual(new Array(plan.items).fill(1));
    expect(await second.exited).toBe(0);
  });
});
