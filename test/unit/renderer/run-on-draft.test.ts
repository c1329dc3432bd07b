import { describe, expect, it } from 'vitest';
import { fleetBlocker, fleetSourceBlocker, fleetSpecOf, queueCredentialsOf, queueUrlProblem, rangeMbProblem, runOnBlocker, splitPassword } from '../../../renderer/src/components/wizard/run-on-draft';
import { fleetRangeBytes } from '../../../shared/fleet-status';
import { loadJobSpecSchema } from '../../../shared/job-spec';

describe('the wizard\'s Run-on choice', () => {
  it('accepts redis:// and rediss:// queue URLs with host, port and db', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://capstan@cache.abc.use1.cache.amazonaws.com:6379', 'redis://valkey:6380/3', 'redis://[::1]:6379']) {
      expect(queueUrlProblem(url)).toBeNull();
    }
  });

  it('says in words what is wrong with a queue URL', () => {
    expect(queueUrlProblem('')).toMatch(/Give the queue URL/);
    expect(queueUrlProblem('cache:6379')).toMatch(/must start with redis:\/\/ or rediss:\/\//);
    expect(queueUrlProblem('not a url')).toMatch(/is not a URL/);
    expect(queueUrlProblem('http://cache:6379')).toMatch(/not http:\/\//);
    expect(queueUrlProblem('redis://cache:6379/jobs')).toMatch(/database number/);
    expect(queueUrlProblem('redis://cache:99999')).toMatch(/not a URL|TCP port/);
  });

  it('moves a password typed into the URL to the masked field, and puts it back for the spec', () => {
    expect(splitPassword('rediss://capstan:p%40ss w@cache:6379')).toEqual({ queueUrl: 'rediss://capstan@cache:6379', password: 'p@ss w' });
    const good = splitPassword('rediss://capstan:p%40ss@cache:6379');
    expect(good).toEqual({ queueUrl: 'rediss://capstan@cache:6379', password: 'p@ss' });
    const draft = { target: 'fleet' as const, queueUrl: good.queueUrl, password: good.password!, rangeMb: '64' };
    // The spec never holds a user or password; they travel beside it.
    expect(fleetSpecOf(draft)).toEqual({ queue: 'rediss://cache:6379' });
    expect(queueCredentialsOf(draft)).toEqual({ username: 'capstan', password: 'p@ss' });
    expect(queueCredentialsOf({ target: 'fleet', queueUrl: 'redis://cache:6379', password: 'x/y', rangeMb: '64' })).toEqual({ username: null, password: 'x/y' });
    expect(queueCredentialsOf({ target: 'fleet', queueUrl: 'redis://cache:6379', password: '', rangeMb: '64' })).toBeUndefined();
    expect(fleetSpecOf({ target: 'local', queueUrl: 'redis://cache:6379', password: '', rangeMb: '64' })).toBeUndefined();
    expect(splitPassword('redis://cache:6379')).toEqual({ queueUrl: 'redis://cache:6379', password: null });
  });

  it('refuses a fleet for a source on this machine, and says to use S3', () => {
    expect(fleetSourceBlocker('/data/customers.csv')).toMatch(/cannot read this machine's files.*s3:\/\//);
    expect(fleetSourceBlocker('s3://bucket/unload/')).toBeNull();
    expect(fleetSourceBlocker(null)).toBeNull();
    expect(runOnBlocker({ target: 'fleet', queueUrl: 'redis://h:1', password: '', rangeMb: '64' }, '/tmp/x.csv', 'endpoint')).toMatch(/cannot read/);
    expect(runOnBlocker({ target: 'local', queueUrl: '', password: '', rangeMb: '64' }, '/tmp/x.csv', 'sandbox')).toBeNull();
    expect(runOnBlocker({ target: 'fleet', queueUrl: '', password: '', rangeMb: '64' }, 's3://b/p/', 'aws')).toMatch(/Give the queue URL/);
    expect(runOnBlocker({ target: 'fleet', queueUrl: 'redis://h:1', password: '', rangeMb: '64' }, 's3://b/p/', 'aws')).toBeNull();
  });

  it('refuses a fleet on the built-in sandbox, which workers cannot reach', () => {
    expect(fleetBlocker(null, 'sandbox')).toMatch(/built-in sandbox.*capstan sandbox/);
    expect(fleetBlocker(null, 'endpoint')).toBeNull();
    expect(fleetBlocker('s3://b/p/', 'aws')).toBeNull();
  });
});

describe("a fleet load's range shard size", () => {
  it('goes into the spec as fleet.rangeMb, and a backfill has none', () => {
    const draft = { target: 'fleet' as const, queueUrl: 'redis://cache:6379', password: '', rangeMb: '0.5' };
    expect(fleetSpecOf(draft, 'load')).toEqual({ queue: 'redis://cache:6379', rangeMb: 0.5 });
    expect(fleetSpecOf(draft)).toEqual({ queue: 'redis://cache:6379' });
    expect(loadJobSpecSchema.shape.fleet.parse(fleetSpecOf(draft, 'load'))).toEqual({ queue: 'redis://cache:6379', rangeMb: 0.5 });
  });

  it('says in words what is wrong with a size, and holds Start for a load only', () => {
    expect(rangeMbProblem('64')).toBeNull();
    expect(rangeMbProblem('0')).toBe('The range shard size cannot be used: the range shard size is a number of megabytes above 0 (default 64), not "0".');
    expect(rangeMbProblem('')).toMatch(/above 0 \(default 64\), not ""/);
    expect(rangeMbProblem('lots')).toMatch(/not "lots"/);
    expect(rangeMbProblem('-3')).toMatch(/not "-3"/);
    expect(rangeMbProblem('2000000')).toMatch(/at most 1,048,576 MB/);
    const bad = { target: 'fleet' as const, queueUrl: 'redis://h:1', password: '', rangeMb: 'x' };
    expect(runOnBlocker(bad, 's3://b/p/', 'aws')).toMatch(/range shard size/);
    expect(runOnBlocker(bad, null, 'aws')).toBeNull();
  });

  it('is refused by the spec itself with the same words (a hand-written spec for capstan run)', () => {
    const parsed = loadJobSpecSchema.shape.fleet.safeParse({ queue: 'redis://h:1', rangeMb: 0 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('the range shard size is a number of megabytes above 0 (default 64), not 0');
    expect(fleetRangeBytes({ rangeMb: 0.15 })).toBe(157_286);
    expect(fleetRangeBytes(undefined)).toBe(64 * 1024 * 1024);
  });
});
