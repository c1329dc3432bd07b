import { describe, expect, it } from 'vitest';
import { fleetSpecSchema, fleetStatusSchema, queueUrlWithoutCredentials } from '../../../shared/fleet-status';
import { jobSpecSchema } from '../../../shared/job-spec';

describe('a job spec that names a fleet', () => {
  it('keeps the queue URL, on loads and backfills', () => {
    const load = jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'tbl', source: { path: 's3://b/p/' }, fleet: { queue: 'redis://10.0.0.5:6379' } });
    expect(load.fleet).toEqual({ queue: 'redis://10.0.0.5:6379' });
    const backfill = jobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'tbl', operation: { kind: 'count' }, fleet: { queue: 'rediss://cache.example.com:6380/2' } });
    expect(backfill.fleet?.queue).toBe('rediss://cache.example.com:6380/2');
  });

  it('refuses a queue URL with a user or password, in words, and anything not redis', () => {
    const withPassword = fleetSpecSchema.safeParse({ queue: 'redis://capstan:s3cret@10.0.0.5:6379' });
    expect(withPassword.success).toBe(false);
    expect(withPassword.error?.issues[0]?.message).toMatch(/must not hold a user or password/);
    expect(fleetSpecSchema.safeParse({ queue: 'http://10.0.0.5:6379' }).error?.issues[0]?.message).toMatch(/redis:\/\/HOST:PORT/);
  });

  it('strips credentials for display', () => {
    expect(queueUrlWithoutCredentials('redis://user:pa@ss@h:1')).toBe('redis://h:1');
    expect(queueUrlWithoutCredentials('rediss://:pw@h:6380/1')).toBe('rediss://h:6380/1');
    expect(queueUrlWithoutCredentials('redis://h:6379')).toBe('redis://h:6379');
  });
});

describe('the fleet status', () => {
  it('validates what the coordinator sends', () => {
    const status = {
      queue: 'redis://127.0.0.1:6379', state: 'running', write: { operatorRatePerSecond: 1000, sharedRatePerSecond: 500 }, read: null,
      shards: { pending: 1, running: 2, done: 3, failed: 0 }, atMs: 1,
      workers: [{ id: 'w1', host: 'h', pid: 1, version: '0.1.0', shardsDone: 3, shardsRunning: 2, itemsWritten: 30, itemsPerSecond: 10, share: 1, errors: 0, lastError: null, lastHeartbeatMs: 1, silent: false }],
    };
    expect(fleetStatusSchema.parse(status)).toEqual(status);
    expect(fleetStatusSchema.safeParse({ ...status, state: 'lost' }).success).toBe(false);
  });
});
