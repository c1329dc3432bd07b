import { jobProgress, type JobSnapshot } from '../../../shared/job-status';

/**
 * Seconds left for a running job, from its progress so far over its running time; NaN
 * when it cannot be told yet (under 1% done, or not running).
 */
export function etaSeconds(job: JobSnapshot, nowMs: number): number {
  if (job.state !== 'running' || !job.startedAtMs) return NaN;
  const fraction = jobProgress(job.totals);
  if (fraction < 0.01) return NaN;
  const elapsed = (nowMs - job.startedAtMs) / 1000;
  return (elapsed / fraction) * (1 - fraction);
}
