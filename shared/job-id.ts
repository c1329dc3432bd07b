import { z } from 'zod';

/**
 * The shape of every job id the engine makes: the job's kind, its UTC start date and
 * time, six hex digits (`load-20261202-081445-a1b2c3`). An id names a folder under the
 * data folder, so one that is anything else (`../x`, a slash, a dot) never reaches a path.
 */
export const JOB_ID_PATTERN = /^[a-z][a-z-]{0,39}-\d{8}-\d{6}-[0-9a-f]{6}$/;

/** True when `value` has the shape of an engine-made job id. */
export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB_ID_PATTERN.test(value);
}

const EXPECTED = 'a job id as the engine makes them, such as load-20261202-081445-a1b2c3';

/** A job id in a request: refused with its reason unless it has the engine's shape. */
export const jobIdSchema = z.string().regex(JOB_ID_PATTERN, EXPECTED);

/** Returns the id, or throws in words when it is not an engine-made job id. */
export function assertJobId(value: string): string {
  if (!isJobId(value)) throw new Error(`${JSON.stringify(String(value).slice(0, 80))} is not ${EXPECTED}`);
  return value;
}

/** When the job of an engine-made id started (its UTC date and time, to the second), epoch ms; null for any other text. */
export function jobIdStartMs(id: string): number | null {
  const m = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[0-9a-f]{6}$/.exec(id);
  return isJobId(id) && m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}
