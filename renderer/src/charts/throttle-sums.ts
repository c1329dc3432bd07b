import type { JobTick } from '../../../shared/job-status';

/**
 * Throttle events per reason over a range of ticks, with full ranges remembered: ticks
 * never change once recorded, so a range that starts at the same tick object and has
 * the same length always sums the same. A day of history is then summed once, and each
 * later call only adds the ticks that are new (summing 86,400 ticks afresh takes longer
 * than a frame).
 */
const cache = new WeakMap<JobTick, Map<number, Record<string, number>>>();

/** Sums `ticks[start, start + size)` (not past `limit`) per reason; cached when the range is complete. */
export function throttleSum(ticks: readonly JobTick[], start: number, size: number, limit = ticks.length): Record<string, number> {
  const first = ticks[start];
  const end = Math.min(limit, ticks.length, start + size);
  const complete = first !== undefined && end - start === size;
  if (complete) {
    const hit = cache.get(first)?.get(size);
    if (hit) return hit;
  }
  const sum: Record<string, number> = {};
  for (let i = start; i < end; i++) {
    const byReason = ticks[i]!.throttlesByReason;
    for (const r in byReason) sum[r] = (sum[r] ?? 0) + byReason[r]!;
  }
  if (complete) {
    let bySize = cache.get(first);
    if (!bySize) cache.set(first, (bySize = new Map()));
    bySize.set(size, sum);
  }
  return sum;
}

/** Adds one per-reason record into another. */
export function addInto(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const r in from) into[r] = (into[r] ?? 0) + from[r]!;
  return into;
}
