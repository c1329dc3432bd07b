/**
 * How long to wait before trying a request again. One function for every retry of the
 * engine (the batch writer's throttles and transient errors, control-plane calls), so
 * they all back off alike.
 */

/** Full-jitter exponential backoff, bounded. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.random() * ceiling;
}
