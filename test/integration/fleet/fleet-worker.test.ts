import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetCoordinator } from '../../../electron/engine/fleet/fleet-coordinator';
import { FleetWorker } from '../../../electron/engine/fleet/fleet-worker';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { listWorkers } from '../../../electron/engine/fleet/worker-registry';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/table-reader';
import { countingPlan, planCountingJob, writesPerItem } from './counting-job';
import { CountingRunner } from './counting-runner';

// Fleet workers (in this process) consuming the BullMQ shard queue on a real Redis:
// shards end done with exact counts, the registry shows each worker, a worker of another
// version is refused in words, and a shard that fails goes back to the queue with the
// reason on the worker's entry.
describe('fleet workers on the shard queue', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let queueRedis: Redis;
  const workers: FleetWorker[] = [];
  let jobs = 0;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await openRedis(parseRedisUrl(server.url), 'budget');
    queueRedis = await openRedis(parseRedisUrl(server.url), 'queue');
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    redis?.disconnect();
    queueRedis?.disconnect();
    await server?.stop();
  });

  async function startWorker(version = '9.9.9', concurrency = 2): Promise<FleetWorker> {
    const worker = new FleetWorker({
      target: parseRedisUrl(server.url), concurrency, capstanVersion: version,
      runner: new CountingRunner(redis), log: () => {}, heartbeatMs: 200,
    });
    workers.push(worker);
    await worker.start();
    return worker;
  }

  it('two workers finish every shard of a job, each item written once, and show in the registry', async () => {
    const [a, b] = [await startWorker(), await startWorker()];
    const job = await planCountingJob(redis, queueRedis, { jobId: `job-${++jobs}`, shards: 8, itemsPerShard: 50, rate: 4000, capstanVersion: '9.9.9' });
    const shards = await waitFor(async () => {
      const all = await job.store.shards();
      return all.every((s) => s.state === 'done') ? all : null;
    }, 60_000, 'every shard done');
    expect(await writesPerItem(redis, job)).toEqual(new Array(job.items).fill(1));
    expect(shards.reduce((sum, s) => sum + s.outcome!.counts.written, 0)).toBe(400);
    const registry = await waitFor(async () => {
      const entries = await listWorkers(redis);
      const done = entries.reduce((sum, e) => sum + e.shardsDone, 0);
      return done === 8 ? entries : null;
    }, 10_000, 'the registry to count 8 shards');
    expect(registry.map((e) => e.id).sort()).toEqual([a!.id, b!.id].sort());
    for (const entry of registry) {
      expect(entry.capstanVersion).toBe('9.9.9');
      expect(Date.now() - entry.lastHeartbeatMs).toBeLessThan(5000);
    }
    expect(registry.reduce((sum, e) => sum + e.itemsWritten, 0)).toBe(400);
    const ranBy = new Set(Object.values(await job.store.shardWorkers()));
    expect([...ranBy].every((id) => id === a!.id || id === b!.id)).toBe(true);
  });

  it('a worker of another Capstan version is refused in words and the shard is run by a worker of the right one', async () => {
    const job = await planCountingJob(redis, queueRedis, { jobId: `job-${++jobs}`, shards: 1, itemsPerShard: 20, rate: 4000, capstanVersion: '9.9.9' });
    const old = await startWorker('1.0.0', 1);
    await expect(old.refused).resolves.toMatch(/planned by Capstan 9\.9\.9; this worker runs Capstan 1\.0\.0/);
    await startWorker('9.9.9', 1);
    await waitFor(async () => (await job.store.shards())[0]!.state === 'done', 60_000, 'the shard done by the right worker');
    expect(await writesPerItem(redis, job)).toEqual(new Array(20).fill(1));
  });

  it('a shard that fails goes back to the queue, and the worker entry says why', async () => {
    const worker = await startWorker('9.9.9', 1);
    const job = await planCountingJob(redis, queueRedis, { jobId: `job-${++jobs}`, shards: 1, itemsPerShard: 30, rate: 4000, capstanVersion: '9.9.9', failingItem: 25 });
    const entry = await waitFor(async () => (await listWorkers(redis)).find((e) => e.id === worker.id && e.lastError), 30_000, 'the error on the registry');
    expect(entry.lastError).toMatch(/cannot reach the table for item 25/);
    // Retried later from its checkpoint (item 20): the shard is still open, not lost.
    const shard = (await job.store.shards())[0]!;
    expect(shard.state).toBe('running');
    expect(shard.checkpoint).toEqual({ next: 20 });
    expect(shard.checkpointCounts.written).toBe(20);
  });

  it('a shard that fails on every attempt is failed with the reason; a restart queues it again and the job ends exact', async () => {
    await startWorker('9.9.9', 2);
    const plan = countingPlan({ jobId: `job-${++jobs}`, shards: 3, itemsPerShard: 30, rate: 4000, capstanVersion: '9.9.9', failingItem: 45 });
    const coordinator = await FleetCoordinator.open(parseRedisUrl(server.url), { ...plan, retry: { attempts: 2, backoffMs: 100 } });
    try {
      const failed = await coordinator.waitForEnd(undefined, 100);
      expect(failed.failure).toMatch(/^Shard s1 failed: cannot reach the table for item 45 \(on .+, after 2 attempts\)$/);
      expect(failed.shards.failed).toBe(1);
      // The table is reachable again: the operator restarts the job, and the failed shard runs from its checkpoint.
      await redis.set(coordinator.store.keys.spec, JSON.stringify({ ...plan.spec, failingItem: null }));
      await coordinator.restart();
      const end = await coordinator.waitForEnd(undefined, 100);
      expect(end.failure).toBeNull();
      expect(end.shards.done).toBe(3);
      expect(end.totals).toEqual({ read: 90, written: 90, rejected: 0 });
      expect((await writesPerItem(redis, plan)).every((n) => n >= 1)).toBe(true);
    } finally {
      await coordinator.close();
    }
  });
});
