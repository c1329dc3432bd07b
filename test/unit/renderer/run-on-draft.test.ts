import { describe, expect, it } from 'vitest';
import { fleetBlocker, fleetSourceBlocker, fleetSpecOf, queueCredentialsOf, queueUrlProblem, runOnBlocker, splitPassword } from '../../../renderer/src/components/wizard/run-on-draft';

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
    const draft = { target: 'fleet' as const, queueUrl: good.queueUrl, password: good.password! };
    // The spec never holds a user or password; they travel beside it.
    expect(fleetSpecOf(draft)).toEqual({ queue: 'rediss://cache:6379' });
    expect(queueCredentialsOf(draft)).toEqual({ username: 'capstan', password: 'p@ss' });
    expect(queueCredentialsOf({ target: 'fleet', queueUrl: 'redis://cache:6379', password: 'x/y' })).toEqual({ username: null, password: 'x/y' });
    expect(queueCredentialsOf({ target: 'fleet', queueUrl: 'redis://cache:6379', password: '' })).toBeUndefined();
    expect(fleetSpecOf({ target: 'local', queueUrl: 'redis://cache:6379', password: '' })).toBeUndefined();
    expect(splitPassword('redis://cache:6379')).toEqual({ queueUrl: 'redis://cache:6379', password: null });
  });

  it('refuses a fleet for a source on this machine, and says to use S3', () => {
    expect(fleetSourceBlocker('/data/customers.csv')).toMatch(/cannot read this machine's files.*s3:\/\//);
    expect(fleetSourceBlocker('s3://bucket/unload/')).toBeNull();
    expect(fleetSourceBlocker(null)).toBeNull();
    expect(runOnBlocker({ target: 'fleet', queueUrl: 'redis://h:1', password: '' }, '/tmp/x.csv', 'endpoint')).toMatch(/cannot read/);
    expect(runOnBlocker({ target: 'local', queueUrl: '', password: '' }, '/tmp/x.csv', 'sandbox')).toBeNull();
    expect(runOnBlocker({ target: 'fleet', queueUrl: '', password: '' }, 's3://b/p/', 'aws')).toMatch(/Give the queue URL/);
    expect(runOnBlocker({ target: 'fleet', queueUrl: 'redis://h:1', password: '' }, 's3://b/p/', 'aws')).toBeNull();
  });

  it('refuses a fleet on the built-in sandbox, which workers cannot reach', () => {
    expect(fleetBlocker(null, 'sandbox')).toMatch(/built-in sandbox.*capstan sandbox/);
    expect(fleetBlocker(null, 'endpoint')).toBeNull();
    expect(fleetBlocker('s3://b/p/', 'aws')).toBeNull();
  });
});
