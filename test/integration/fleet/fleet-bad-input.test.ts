import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { runCli } from '../../support/built-app';
import { freePort } from '../../support/redis-server';
import { waitFor } from '../../support/table-reader';
import { expectExactLoad, startFleetWorld, workerIdOf, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';
import { fleetLoadSpec, startPanelFleetJob } from './panel-fleet-job';

const OBJECTS = 2;
const ROWS = 400;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Seconds from `fromMs` to the UTC clock time `hhmmss` after it (across midnight too). */
function utcSecondsAfter(hhmmss: string, fromMs: number): number {
  const [h, m, s] = hhmmss.split(':').map(Number) as [number, number, number];
  return ((h * 3600 + m * 60 + s) - (Math.floor(fromMs / 1000) % 86_400) + 86_400) % 86_400;
}

// What a fleet says when it cannot work, with real `capstan worker` processes, real
// coordinators (`capstan load --fleet`), a real Redis and the sandbox: a worker of another
// Capstan version runs none of a job's shards and the coordinator names it and both
// versions; a Redis that goes away mid-job (SHUTDOWN SAVE, then the same server back on the
// same port with the same data) pauses the workers, the coordinator says it lost Redis and
// that it is back, and the job ends exact; an unreachable
// Redis and a Redis user without the fleet's commands, keys or channels stop a worker and a
// coordinator at start, in words.
describe('fleet bad input, end to end', () => {
  let world: FleetWorld;
  let redis: Redis;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS });
    redis = await openRedis(parseRedisUrl(world.redis.url), 'budget');
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  // A case that fails while Redis is away must not leave it away for the cases after it.
  let redisAway = false;
  const stopRedis = async () => {
    redisAway = true;
    await world.redis.shutdownSaving();
  };
  const startRedis = async () => {
    await world.redis.restart();
    redisAway = false;
  };
  afterEach(async () => {
    if (redisAway) await startRedis();
  });

  const loadArgs = (queue: string, table: string, rate: number) => world.loadArgs(table, rate, { queue });
  const coordinate = (args: string[]) => world.coordinate(args);

  const expectExact = (table: string, jobId: string) => expectExactLoad(world, table, jobId);

  it('a worker of another Capstan version runs no shard; the coordinator names the worker and both versions', async () => {
    await world.makeTable('versions');
    const old = await world.startWorker(1, { CAPSTAN_TEST_WORKER_VERSION: '0.0.9' });
    const oldId = await workerIdOf(old);
    const coordinator = coordinate(loadArgs(world.redis.url, 'versions', 2000));
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const words = `Worker ${escape(oldId)} on \\S+ refused job ${jobId}: Job ${jobId} was planned by Capstan 0\\.1\\.0; this worker runs Capstan 0\\.0\\.9`;
    expect(await old.exited).toBe(3);
    expect(old.output.join('\n')).toMatch(new RegExp(`capstan worker: ${words}`));
    // The coordinator's fleet line shows the refusal, from the worker's entry (kept, silent, with its version).
    await coordinator.waitForLine(new RegExp(`last error \\S+: ${words}`), 30_000);
    const probe = new FleetProbe(redis, jobId);
    expect((await probe.workers()).find((w) => w.id === oldId)).toMatchObject({ capstanVersion: '0.0.9', shardsDone: 0 });
    expect(Object.values(await probe.shardWorkers())).not.toContain(oldId);
    expect((await probe.shards()).map((s) => s.state)).toEqual(['pending', 'pending']);
    // A worker of the job's version takes the shards the old one left in the queue.
    await world.startWorker(2);
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);
    await expectExact('versions', jobId);
  }, 240_000);

  it('a Redis that goes away mid-job pauses the workers; back on the same port with its data, the job ends exact', async () => {
    await world.makeTable('lost_redis');
    const running = () => world.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    while (running().length < 2) await world.startWorker(2);
    const coordinator = coordinate(loadArgs(world.redis.url, 'lost_redis', 150));
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const probe = new FleetProbe(redis, jobId);
    await waitFor(async () => (await probe.shards()).some((s) => s.checkpointCounts.written > 0), 60_000, 'a checkpoint with writes', 100);
    // The workers running a shard of the job now (a worker of the first case may have none of its two shards).
    const all = running();
    const ids = await Promise.all(all.map(workerIdOf));
    const live = await waitFor(async () => {
      const entries = await probe.workers();
      const busy = all.filter((_, i) => entries.find((e) => e.id === ids[i])?.shardsRunning.some((s) => s.startsWith(`${jobId}/`)));
      return busy.length > 0 ? busy : null;
    }, 10_000, 'a worker entry running a shard of the job', 50);
    const before = live.map((w) => w.output.length);
    await stopRedis();
    // Every worker running a shard says it lost Redis (its lease pumps paused its buckets).
    await Promise.all(live.map((w, i) => waitFor(() => w.output.slice(before[i]).some((l) => /Lost Redis: job \S+ paused on this worker until it returns/.test(l)), 20_000, 'the worker to pause')));
    // A shard's next checkpoint waits for Redis instead of failing the shard.
    await waitFor(() => live.some((w) => w.output.some((l) => /Redis is away; the shard's checkpoint waits for it/.test(l))), 30_000, 'a checkpoint waiting for Redis');
    // The coordinator says so too, in words, once (it polls Redis every second).
    const lost = await coordinator.waitForLine(/Lost the queue's Redis at (\d\d:\d\d:\d\d) UTC; waiting for it$/, 20_000);
    await startRedis();
    const back = await coordinator.waitForLine(/Redis back at (\d\d:\d\d:\d\d) UTC \(away \d+ s\); resuming$/, 30_000);
    const lines = coordinator.output;
    expect(lines.findIndex((l) => l.includes(lost[0]))).toBeLessThan(lines.findIndex((l) => l.includes(back[0])));
    expect(lines.filter((l) => /Lost the queue's Redis/.test(l))).toHaveLength(1);
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);
    await expectExact('lost_redis', jobId);
    // A pause, not a failure: no shard failed.
    for (const w of all) expect(w.output.filter((l) => / error: /.test(l)), w.output.join('\n')).toEqual([]);
    expect(coordinator.output.join('\n')).not.toMatch(/ECONNREFUSED[\s\S]*errno/);
  }, 240_000);

  it("the panel's face of a fleet job logs the lost Redis and its return (the dashboard's event log) in UTC, whatever the host's zone, and ends exact", async () => {
    // The coordinator runs in this process: in a zone 5:30 off UTC, a time on the local clock would be far from UTC's.
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    await world.makeTable('lost_redis_panel');
    const running = () => world.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    while (running().length < 2) await world.startWorker(2);
    const { job, ended, lines } = await startPanelFleetJob(world, fleetLoadSpec(world, 'lost_redis_panel', { rate: { mode: 'fixed', wcuPerSecond: 150 } }));
    const probe = new FleetProbe(redis, job.id);
    await waitFor(async () => (await probe.shards()).some((s) => s.checkpointCounts.written > 0), 60_000, 'a checkpoint with writes', 100);
    const stoppedAtMs = Date.now();
    await stopRedis();
    const lost = await waitFor(() => lines.map((l) => /^Lost the queue's Redis at (\d\d:\d\d:\d\d) UTC; waiting for it$/.exec(l)).find((m) => m) ?? null, 20_000, "the panel's log line for the lost Redis");
    expect(utcSecondsAfter(lost[1]!, stoppedAtMs)).toBeLessThanOrEqual(30);
    await startRedis();
    await waitFor(() => lines.some((l) => /^Redis back at \d\d:\d\d:\d\d UTC \(away \d+ s\); resuming$/.test(l)), 30_000, "the panel's log line for Redis back");
    await ended;
    expect(job.snapshot().state, lines.join('\n')).toBe('completed');
    await expectExact('lost_redis_panel', job.id);
    // The next cases use this test's own connection: it reconnects on its own; wait for it.
    await waitFor(() => redis.status === 'ready', 10_000, "the test's Redis connection back");
  }, 240_000);

  it('an unreachable Redis stops a worker and a coordinator at start, in words', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const words = new RegExp(`Cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): is the server running`);
    const worker = await runCli(['worker', '--queue', url]);
    expect(worker.code).not.toBe(0);
    expect(worker.output).toMatch(words);
    const job = await runCli(loadArgs(url, 'versions', 100));
    expect(job.code).not.toBe(0);
    expect(job.output).toMatch(words);
  }, 120_000);

  it('a Redis user without the commands, keys or channels the fleet needs stops a worker and a coordinator at start, in words', async () => {
    const users: [string, string[]][] = [
      ['no-scripts', ['~*', '&*', '+@all', '-eval', '-evalsha']],
      ['no-queue-keys', ['~capstan:*', '&*', '+@all']],
      ['no-channels', ['~*', 'resetchannels', '+@all']],
    ];
    for (const [name, rules] of users) {
      await redis.call('ACL', 'SETUSER', name, 'reset', 'on', `>pw-${name}`, ...rules);
      const url = `redis://${name}:pw-${name}@127.0.0.1:${world.redis.port}`;
      const words = /The Redis user at redis:\/\/127\.0\.0\.1:\d+ may not run a command the fleet needs or use its keys or channels \(NOPERM.*\)\. Grant it \+@all on keys capstan:\* and bull:\* and channels capstan:\*/;
      const worker = await runCli(['worker', '--queue', url]);
      expect(worker.code, name).not.toBe(0);
      expect(worker.output, name).toMatch(words);
      expect(worker.output, name).not.toContain(`pw-${name}`);
      const job = await runCli(loadArgs(url, 'versions', 100));
      expect(job.code, name).not.toBe(0);
      expect(job.output, name).toMatch(words);
      expect(job.output, name).not.toContain(`pw-${name}`);
    }
  }, 180_000);
});
