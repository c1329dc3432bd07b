import type { ErrorInfo } from '../../../shared/job-status';

/** How long the lifecycle waits at each step; tests shorten them. */
export interface LifecycleTiming {
  checkpointEveryMs: number;
  /** A stop waits this long for requests in flight, then terminates the executors. */
  gracefulStopMs: number;
  /** A failure waits this long for requests in flight (a failing job must end within seconds). */
  failGraceMs: number;
  /** A checkpoint asked for "soon" is saved at most this long after the last one. */
  checkpointMinGapMs: number;
  tickMs: number;
}

/** The cadence of a real job. */
export const DEFAULT_TIMING: LifecycleTiming = { checkpointEveryMs: 2_000, gracefulStopMs: 10_000, failGraceMs: 2_000, checkpointMinGapMs: 150, tickMs: 1_000 };

/** Bounds a promise: resolves to false when it has not settled after `ms`. */
export function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}

/** Any thrown value as an error that crosses boundaries. */
export function errorInfo(error: unknown): ErrorInfo {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}
