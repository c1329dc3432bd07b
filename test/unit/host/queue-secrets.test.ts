import { describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../../electron/host/command-handlers';
import { dispatchCommand } from '../../../electron/host/command-dispatcher';
import { maskQueuePasswords, withoutQueuePasswords } from '../../../electron/host/queue-secrets';

describe('queue passwords stop at the host', () => {
  it('masks the password of redis:// and rediss:// URLs, keeping user, host, port and db', () => {
    expect(maskQueuePasswords('rediss://capstan:s3cr%40t@cache.example.com:6379/2')).toBe('rediss://capstan:***@cache.example.com:6379/2');
    expect(maskQueuePasswords('redis://:hunter2@10.0.0.5:6380')).toBe('redis://:***@10.0.0.5:6380');
    expect(maskQueuePasswords('queue REDIS://u:p@h:1 and redis://v:q@k:2.')).toBe('queue REDIS://u:***@h:1 and redis://v:***@k:2.');
  });

  it('leaves URLs without a password and other text alone', () => {
    for (const text of ['redis://127.0.0.1:6379', 'rediss://user@host:6379', 'https://a:b@example.com/', 'no url here']) {
      expect(maskQueuePasswords(text)).toBe(text);
    }
  });

  it('masks deep inside a snapshot and copies only what changed', () => {
    const totals = { read: 1, written: 1 };
    const event = { kind: 'job.tick', job: { spec: { kind: 'load', fleet: { queue: 'redis://u:pw@h:1' } }, totals }, ticks: [{ note: 'redis://u:pw@h:1' }] };
    const masked = withoutQueuePasswords(event);
    expect(JSON.stringify(masked)).not.toContain('pw');
    expect(masked.job.spec.fleet.queue).toBe('redis://u:***@h:1');
    expect(masked.ticks[0]!.note).toBe('redis://u:***@h:1');
    expect(masked.job.totals).toBe(totals);
    expect(event.job.spec.fleet.queue).toBe('redis://u:pw@h:1');
    const plain = { kind: 'job.state', job: { totals } };
    expect(withoutQueuePasswords(plain)).toBe(plain);
  });

  it('masks command answers and error words on their way out', async () => {
    const handlers = {
      listJobs: async () => [{ spec: { fleet: { queue: 'rediss://w:topsecret@cache:6379' } } }],
      listRuns: async () => {
        throw new Error('could not reach redis://w:topsecret@cache:6379');
      },
    } as unknown as CommandHandlers;
    const answer = await dispatchCommand(handlers, 'listJobs', {});
    expect(JSON.stringify(answer)).not.toContain('topsecret');
    expect(JSON.stringify(answer)).toContain('rediss://w:***@cache:6379');
    const failure = await dispatchCommand(handlers, 'listRuns', {});
    expect(JSON.stringify(failure)).not.toContain('topsecret');
  });
});
