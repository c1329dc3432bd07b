import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget } from '../../../electron/engine/fleet/fleet-budget';
import { LeasePump } from '../../../electron/engine/fleet/lease-pump';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { SharedTokenBucket } from '../../../electron/engine/governor/token-bucket';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/table-reader';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';

// Worker ends of the fleet budget in real time: each "worker" is a lease pump with its own
// Redis connections feeding a local bucket, and a sender loop taking 25-unit batches from
// that bucket the way the batch writer does.
describe('lease pumps (worker side of the fleet budget)', () => {
  let server: TestRedisServer;
  let coordinatorRedis: Redis;
  const cleanups: (() => Promise<void> | void)[] = [];
  let jobs = 0;

  beforeAll(async () => {
    server = await startRedisServer();
    coordinatorRedis = await openRedis(parseRedisUrl(server.url), 'budget');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    coordinatorRedis?.disconnect();
    await server?.stop();
  });

  async function newJob(rate: number): Promise<FleetBudget> {
    const budget = new FleetBudget(coordinatorRedis, `pump-test-${++jobs}`);
    await budget.create({ capstanVersion: '9.9.9', mode: 'fixed', rates: { write: rate } });
    return budget;
  }

  /** A worker: own connections (through `port`), a pump, and a sender loop counting units sent. */
  async function startWorker(jobId: string, options: { port?: number; subscribe?: boolean } = {}) {
    const target = parseRedisUrl(`redis://127.0.0.1:${options.port ?? server.port}`);
    const redis = await openRedis(target, 'budget');
    const subscriber = options.subscribe === false ? null : await openRedis(target, 'queue');
    const bucket = SharedTokenBucket.create(0);
    const workerId = `worker-${Math.random().toString(36).slice(2, 8)}`;
    const pump = new LeasePump({ budget: new FleetBudget(redis, jobId), resource: 'write', bucket, workerId, subscriber });
    await pump.start();
    const sent = { units: 0 };
    let running = true;
    const sender = (async () => {
      while (running) {
        const take = bucket.tryTake(25);
        if (take.kind === 'granted') sent.units += 25;
        else await new Promise((r) => setTimeout(r, take.kind === 'wait' ? take.waitMs : 10));
      }
    })();
    cleanups.push(async () => {
      running = false;
      await sender;
      await pump.close();
      redis.disconnect();
      subscriber?.disconnect();
    });
    return { pump, bucket, sent, workerId };
  }

  it.each([true, false])('a pause reaches three workers within 1 s, and a resume starts them again (pub/sub: %s)', async (subscribe) => {
    const budget = await newJob(2000);
    const workers = await Promise.all([1, 2, 3].map(() => startWorker(budget.jobId, { subscribe })));
    await waitFor(() => workers.every((w) => w.sent.units >= 500), 20_000, 'every worker to send 500 units');
    const pausedAt = Date.now();
    await budget.pause();
    const latencies = await Promise.all(workers.map(async (w) => {
      await waitFor(() => w.bucket.paused, 5000, 'the worker to pause');
      return Date.now() - pausedAt;
    }));
    expect(Math.max(...latencies)).toBeLessThan(1000);
    // Nothing leaves a paused worker: what each has sent stays put while Redis grants nothing.
    const frozen = workers.map((w) => w.sent.units);
    expect(await budget.take('write', 'probe')).toMatchObject({ state: 'paused', grantedUnits: 0 });
    expect(workers.map((w) => w.sent.units)).toEqual(frozen);
    // What a worker sends is what it leased: at most the tokens on hand at the pause (up to 5 leases of 40) were dropped, and one batch of debt.
    for (const w of workers) {
      expect(w.sent.units).toBeGreaterThanOrEqual(w.pump.stats.leasedUnits - 200);
      expect(w.sent.units).toBeLessThanOrEqual(w.pump.stats.leasedUnits + 25);
    }
    await budget.resume();
    await waitFor(() => workers.every((w, i) => w.sent.units > frozen[i]!), 20_000, 'every worker to send again');
  });

  it('a lost Redis connection pauses the worker; its return resumes it', async () => {
    const budget = await newJob(2000);
    const proxy: TcpProxy = await startTcpProxy(server.port);
    cleanups.push(() => proxy.close());
    const worker = await startWorker(budget.jobId, { port: proxy.port });
    await waitFor(() => worker.sent.units > 0, 20_000, 'the worker to send');
    proxy.cut();
    await waitFor(() => worker.pump.state === 'disconnected' && worker.bucket.paused, 10_000, 'the worker to notice the lost connection');
    const during = worker.sent.units;
    proxy.restore();
    await waitFor(() => worker.pump.state === 'running' && worker.sent.units > during, 20_000, 'the worker to resume');
  });

  it('a throttle seen while workers run halves the rate and the lease size they get', async () => {
    const budget = await newJob(4000);
    const worker = await startWorker(budget.jobId);
    await waitFor(() => worker.sent.units > 0, 20_000, 'the worker to send');
    await budget.throttled('write');
    const control = await budget.read();
    expect(control!.rates.write.backoff.allowedRate).toBe(2000);
    const lease = await waitFor(async () => {
      const seen = await budget.take('write', 'probe');
      return seen.allowedRate === 2000 ? seen : null;
    }, 5000, 'the cut rate');
    expect(lease.leaseUnits).toBe(40);
  });
});
