import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { listWorkers } from '../../../electron/engine/fleet/worker-registry';
import { ROOT, startNode, type CliProcess } from '../../support/built-app';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/table-reader';
import { planCountingJob, writesPerItem } from './counting-job';

const JITI = resolve(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs');
const WORKER = resolve(import.meta.dirname, 'counting-worker-process.ts');

// Three worker processes on one queue; one is SIGKILLed in the middle of a shard. BullMQ's
// stalled check hands the shard to another worker, which continues from the checkpoint in
// Redis: every item is written, the only repeats are those after the dead worker's last
// checkpoint, and the shards' counts add up exactly.
describe('a fleet worker killed mid-shard', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let queueRedis: Redis;
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await openRedis(parseRedisUrl(server.url), 'budget');
    queueRedis = await openRedis(parseRedisUrl(server.url), 'queue');
  });
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    redis?.disconnect();
    queueRedis?.disconnect();
    await server?.stop();
  });

  it('loses at most the items after its last checkpoint; another worker finishes its shard and the counts are exact', async () => {
    const workers = [1, 2, 3].map(() => startNode([JITI, WORKER, server.url, '9.9.9']));
    processes.push(...workers);
    const ids = await Promise.all(workers.map(async (w) => (await w.waitForLine(/^ready (\S+)/, 60_000))[1]!));
    const job = await planCountingJob(redis, queueRedis, { jobId: 'crash-job', shards: 9, itemsPerShard: 60, rate: 150, capstanVersion: '9.9.9', checkpointEvery: 10 });

    // A shard with a checkpoint, still running: kill its worker.
    const victim = await waitFor(async () => {
      const owners = await job.store.shardWorkers();
      const midway = (s: { checkpoint: unknown; input: { kind: string; endByte?: number } }) => s.checkpoint !== null && (s.checkpoint as { next: number }).next <= (s.input.endByte ?? 0) - 20;
      const shard = (await job.store.shards()).find((s) => s.state === 'running' && midway(s));
      return shard ? { shard, workerId: owners[shard.id]! } : null;
    }, 60_000, 'a running shard with a checkpoint');
    const index = ids.indexOf(victim.workerId);
    expect(index).toBeGreaterThanOrEqual(0);
    workers[index]!.child.kill('SIGKILL');
    await workers[index]!.exited;

    const shards = await waitFor(async () => {
      const all = await job.store.shards();
      return all.every((s) => s.state === 'done') ? all : null;
    }, 90_000, 'every shard done after the kill');
    const owners = await job.store.shardWorkers();
    expect(owners[victim.shard.id]).not.toBe(victim.workerId);

    const writes = await writesPerItem(redis, job);
    expect(writes.every((n) => n >= 1)).toBe(true);
    const repeats = writes.reduce((sum, n) => sum + n - 1, 0);
    // Only the dead worker's items after its last checkpoint (every 10 items) can be written twice.
    expect(repeats).toBeLessThanOrEqual(10);
    expect(shards.reduce((sum, s) => sum + s.outcome!.counts.written, 0)).toBe(job.items);
    expect(shards.reduce((sum, s) => sum + s.outcome!.counts.read, 0)).toBe(job.items);

    const registry = await listWorkers(redis);
    const dead = registry.find((e) => e.id === victim.workerId);
    expect(dead).toBeDefined();
    expect(Date.now() - dead!.lastHeartbeatMs).toBeGreaterThan(1000);
  });
});
