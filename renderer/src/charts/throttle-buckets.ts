import type { JobTick } from '../../../shared/job-status';
import { compareThrottleReasons } from '../../../shared/report/throttle-reasons';
import { addInto, throttleSum } from './throttle-sums';

/** Throttle events of one time bucket, summed per reason. */
export type ThrottleBucket = { atMs: number } & Record<string, number>;

/**
 * Sums throttle events per reason into at most `maxBuckets` equal time buckets (counts
 * add up; a maximum would hide a storm's size). Returns the buckets, the reasons seen in
 * diagnostic order, each reason's total, and the bucket length in seconds.
 */
export function bucketThrottles(ticks: readonly JobTick[], maxBuckets: number): { buckets: ThrottleBucket[]; reasons: string[]; totals: Record<string, number>; secondsPerBucket: number } {
  const totals: Record<string, number> = {};
  if (ticks.length === 0) return { buckets: [], reasons: [], totals, secondsPerBucket: 1 };
  const perBucket = Math.max(1, Math.ceil(ticks.length / Math.max(1, maxBuckets)));
  const buckets: ThrottleBucket[] = [];
  for (let start = 0; start < ticks.length; start += perBucket) {
    const sum = throttleSum(ticks, start, perBucket);
    buckets.push({ ...sum, atMs: ticks[start]!.atMs } as ThrottleBucket);
    addInto(totals, sum);
  }
  return { buckets, reasons: Object.keys(totals).sort(compareThrottleReasons), totals, secondsPerBucket: perBucket };
}
