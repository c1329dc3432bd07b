import { backoffMs } from './backoff';
import { classifyError } from './classify-error';

/** Options of `retryTransient`. */
export interface RetryTransientOptions {
  /** Tries in all, the first included (default 6). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs one control-plane call (DescribeTable and the like), trying again after a jittered,
 * bounded backoff when it fails with what the data path also retries: a 5xx, a reset or
 * dropped connection, a timeout, a throttle. Any other error, or the last one, is thrown
 * as it is. The SDK clients here have their retries off, so without this one 500 at the
 * start of a job would fail it.
 */
export async function retryTransient<T>(call: () => Promise<T>, options: RetryTransientOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const kind = classifyError(error).kind;
      if ((kind !== 'transient' && kind !== 'throttle') || attempt >= attempts) throw error;
      await sleep(backoffMs(attempt, base, max));
    }
  }
}
