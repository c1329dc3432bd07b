import { describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../../electron/host/command-handlers';
import { dispatchCommand } from '../../../electron/host/command-dispatcher';

const calls: unknown[] = [];
const handlers = {
  setJobRate: async (request: unknown) => {
    calls.push(request);
    return { ok: 'yes' };
  },
  listJobs: async () => {
    throw Object.assign(new Error('engine is tired'), { name: 'TiredError' });
  },
} as unknown as CommandHandlers;

describe('dispatchCommand', () => {
  it('passes a valid request to its handler', async () => {
    const result = await dispatchCommand(handlers, 'setJobRate', { jobId: 'load-20261202-081445-a1b2c3', wcuPerSecond: 500 });
    expect(result).toEqual({ ok: true, value: { ok: 'yes' } });
    expect(calls.at(-1)).toEqual({ jobId: 'load-20261202-081445-a1b2c3', wcuPerSecond: 500 });
  });

  it('refuses an invalid payload in words and never calls the handler', async () => {
    const before = calls.length;
    const result = await dispatchCommand(handlers, 'setJobRate', { jobId: 'load-20261202-081445-a1b2c3', wcuPerSecond: -3 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.name).toBe('InvalidRequest');
    expect(!result.ok && result.error.message).toMatch(/wcuPerSecond/);
    expect(calls.length).toBe(before);
  });

  it('refuses unknown commands, including prototype names', async () => {
    for (const name of ['rm -rf', 'constructor', '__proto__']) {
      const result = await dispatchCommand(handlers, name, {});
      expect(result).toMatchObject({ ok: false, error: { name: 'UnknownCommand' } });
    }
  });

  it('turns a thrown error into name and message, without a stack', async () => {
    const result = await dispatchCommand(handlers, 'listJobs', {});
    expect(result).toEqual({ ok: false, error: { name: 'TiredError', message: 'engine is tired' } });
  });
});
