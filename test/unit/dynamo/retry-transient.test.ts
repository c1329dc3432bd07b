import { describe, expect, it } from 'vitest';
import { retryTransient } from '../../../electron/engine/dynamo/retry-transient';

const serverError = () => Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const noTable = () => Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });

/** A call that fails with the given errors in turn, then answers. */
function flaky(errors: Error[], answer = 'ok') {
  let calls = 0;
  return {
    call: async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return answer;
    },
    calls: () => calls,
  };
}

describe('retryTransient', () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };

  it('tries again after 5xx answers and dropped connections, and returns the answer', async () => {
    const f = flaky([serverError(), reset(), serverError()]);
    await expect(retryTransient(f.call, { sleep })).resolves.toBe('ok');
    expect(f.calls()).toBe(4);
    expect(sleeps.length).toBeGreaterThanOrEqual(3);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(2_000);
  });

  it('throws an error that is not transient at once', async () => {
    const f = flaky([noTable()]);
    await expect(retryTransient(f.call, { sleep })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(f.calls()).toBe(1);
  });

  it('gives up after its attempts with the last error', async () => {
    const f = flaky([serverError(), serverError(), reset()]);
    await expect(retryTransient(f.call, { attempts: 3, sleep })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(f.calls()).toBe(3);
  });
});
