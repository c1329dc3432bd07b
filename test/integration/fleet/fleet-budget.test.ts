import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget } from '../../../electron/engine/fleet/fleet-budget';
import { seededRandom, shuffleInPlace } from '../../../electron/engine/source/seeded-random';
import { compareVersions, MIN_REDIS_VERSION, openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { freePort, startRedisServer, type TestRedisServer } from '../../support/redis-server';

// The fleet budget's scripts against a real Redis. Time is a test clock handed to the
// scripts, so the arithmetic (refill, lease, pause, rate change, backoff) is checked exactly;
// the real-time rate of live workers is the fleet bench's job.
describe('fleet budget in Redis', () => {
  let server: TestRedisServer;
  let redis: Redis;
  let other: Redis;
  let jobs = 0;
  let clockMs = 1_000_000;
  const now = () => clockMs;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await openRedis(parseRedisUrl(server.url), 'budget');
    other = await openRedis(parseRedisUrl(server.url), 'budget');
  });
  afterAll(async () => {
    redis?.disconnect();
    other?.disconnect();
    await server?.stop();
  });

  async function newJob(rate: number): Promise<FleetBudget> {
    const budget = new FleetBudget(redis, `budget-test-${++jobs}`, { now });
    await budget.create({ capstanVersion: '9.9.9', mode: 'fixed', rates: { write: rate } });
    return budget;
  }

  /** Workers (asking in random order) that each lease when they hold under half a lease and spend everything they hold, in steps of `stepMs`. */
  async function runWorkers(budget: FleetBudget, workers: number, seconds: number, stepMs = 10): Promise<{ spent: number; perWorker: number[] }> {
    const held = new Array<number>(workers).fill(0);
    const perWorker = new Array<number>(workers).fill(0);
    let lease = 0;
    const order = [...held.keys()];
    const random = seededRandom(workers);
    for (let t = 0; t < seconds * 1000; t += stepMs) {
      clockMs += stepMs;
      // Real workers ask in no fixed order: a new (seeded) order each step.
      shuffleInPlace(order, random);
      for (const w of order) {
        for (let asks = 0; asks < 4 && held[w]! <= lease / 2; asks++) {
          const result = await budget.take('write', `w${w}`);
          lease = result.leaseUnits;
          if (result.grantedUnits === 0) break;
          held[w]! += result.grantedUnits;
        }
        perWorker[w]! += held[w]!;
        held[w] = 0;
      }
    }
    return { spent: perWorker.reduce((a, b) => a + b, 0), perWorker };
  }

  it.each([1, 3, 8])('%i workers together spend the job rate within 2%', async (workers) => {
    const budget = await newJob(2000);
    const { spent, perWorker } = await runWorkers(budget, workers, 5);
    expect(spent).toBeGreaterThanOrEqual(10_000 * 0.98);
    expect(spent).toBeLessThanOrEqual(10_000 * 1.02);
    if (workers > 1) expect(perWorker.every((units) => units > 0)).toBe(true);
    const leased = await budget.leasedByWorker('write');
    expect(Object.values(leased).reduce((a, b) => a + b, 0)).toBeCloseTo(spent, 6);
  });

  it('a rate change prices only the time after it', async () => {
    const budget = await newJob(1000);
    const first = await runWorkers(budget, 2, 2);
    await budget.setOperatorRate('write', 3000, 'fixed at 3,000');
    const second = await runWorkers(budget, 2, 2);
    expect(first.spent).toBeGreaterThanOrEqual(2000 * 0.98);
    expect(first.spent).toBeLessThanOrEqual(2000 * 1.02);
    expect(second.spent).toBeGreaterThanOrEqual(6000 * 0.98);
    expect(second.spent).toBeLessThanOrEqual(6000 * 1.02);
    expect((await budget.read())!.mode).toBe('fixed at 3,000');
  });

  it('a paused job grants nothing, and resuming earns from then on', async () => {
    const budget = await newJob(1000);
    await runWorkers(budget, 2, 1);
    await budget.pause();
    const paused = await budget.take('write', 'w0');
    expect(paused).toMatchObject({ state: 'paused', grantedUnits: 0 });
    expect((await runWorkers(budget, 2, 5)).spent).toBe(0);
    await budget.resume();
    const after = await runWorkers(budget, 2, 1);
    expect(after.spent).toBeGreaterThanOrEqual(1000 * 0.98);
    expect(after.spent).toBeLessThanOrEqual(1000 * 1.02);
    await budget.stop();
    expect(await budget.take('write', 'w0')).toMatchObject({ state: 'stopped', grantedUnits: 0 });
  });

  it('a throttle seen by one worker cuts the rate every worker leases at; the coordinator lets it climb back', async () => {
    const budget = await newJob(2000);
    const onOtherConnection = new FleetBudget(other, budget.jobId, { now });
    await onOtherConnection.throttled('write');
    const cut = await budget.take('write', 'w0');
    expect(cut.allowedRate).toBe(1000);
    // A second throttle within the cooldown does not cut again (the governor's backoff).
    await budget.throttled('write');
    expect((await budget.read())!.rates.write.backoff.allowedRate).toBe(1000);
    clockMs += 5000;
    await budget.update('write');
    // Regains 5% of 2,000/s per second over the 5 s since the cut.
    expect((await budget.take('write', 'w0')).allowedRate).toBe(1500);
    await budget.setOperatorRate('write', 600);
    expect((await budget.take('write', 'w0')).allowedRate).toBe(600);
  });

  it('refuses a worker of another Capstan version in words', async () => {
    const budget = await newJob(100);
    await expect(budget.attach('9.9.9')).resolves.toMatchObject({ capstanVersion: '9.9.9', state: 'running' });
    await expect(budget.attach('1.0.0')).rejects.toThrow(/planned by Capstan 9\.9\.9; this worker runs Capstan 1\.0\.0/);
    await expect(new FleetBudget(redis, 'no-such-job').attach('9.9.9')).rejects.toThrow(/No fleet job no-such-job on this Redis/);
  });

  it('a restarted coordinator keeps the state it finds', async () => {
    const budget = await newJob(100);
    await budget.pause();
    const again = await budget.create({ capstanVersion: '9.9.9', mode: 'fixed', rates: { write: 5000 } });
    expect(again.state).toBe('paused');
    expect(again.rates.write.operatorRate).toBe(100);
  });

  it('says in words when the Redis user may not run scripts, or the credentials are wrong', async () => {
    await redis.call('ACL', 'SETUSER', 'no-scripts', 'on', '>pw-no-scripts', '~*', '+@all', '-eval', '-evalsha');
    await expect(openRedis(parseRedisUrl(`redis://no-scripts:pw-no-scripts@127.0.0.1:${server.port}`), 'budget'))
      .rejects.toThrow(/may not run a command the fleet needs .*Grant it \+@all on keys capstan:\* and bull:\*/);
    await expect(openRedis(parseRedisUrl(`redis://no-scripts:wrong@127.0.0.1:${server.port}`), 'budget'))
      .rejects.toThrow(/refused the credentials/);
    expect(compareVersions('6.0.16', MIN_REDIS_VERSION)).toBeLessThan(0);
    expect(compareVersions('7.0.15', MIN_REDIS_VERSION)).toBeGreaterThan(0);
  });

  it('says in words when Redis cannot be reached or the URL is wrong', async () => {
    const port = await freePort();
    await expect(openRedis(parseRedisUrl(`redis://127.0.0.1:${port}`), 'budget')).rejects.toThrow(new RegExp(`Cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('127.0.0.1:6379')).toThrow(/redis:\/\/ or rediss:\/\/|URL like/);
    expect(parseRedisUrl('redis://user:secret@cache.example:6380/2').display).toBe('redis://cache.example:6380/2');
  });
});
