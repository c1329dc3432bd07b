import type { JobSpec } from '../../../shared/job-spec';
import type { ErrorInfo } from '../../../shared/job-status';

/**
 * The spec's limit on rejected records (a load's `maxRejects`, a backfill's `maxFailures`)
 * against a count: the error that ends the job once the count passes it, else null. One
 * rule for a local job's executors and a fleet's coordinator (which sums every shard).
 */
export function rejectLimitError(spec: JobSpec, rejected: number): ErrorInfo | null {
  if (spec.kind === 'load') {
    const max = spec.limits.maxRejects;
    if (max === undefined || rejected <= max) return null;
    return { name: 'TooManyRejects', message: `More than ${max.toLocaleString('en-US')} records were rejected; the job stops so the input can be checked (see the rejects file).` };
  }
  const max = spec.limits.maxFailures;
  if (max === undefined || rejected <= max) return null;
  return { name: 'TooManyFailures', message: `More than ${max.toLocaleString('en-US')} items failed; the job stops so they can be checked (see the rejects file).` };
}
