import { jobProgress, type JobSnapshot } from '../../../shared/job-status';

/**
 * How much recent progress the ETA follows. A run's average since its start lies after a
 * change of pace: a load into a 100 WCU table spends burst capacity at 1,000 WCU/s for
 * half a minute, then goes on at a tenth of that; the average then promised 3 minutes
 * left when 37 were. Thirty seconds smooth a slow second and still follow a rate change.
 */
const WINDOW_MS = 30_000;
/** Recent progress shorter than this is too little to measure: the run's average stands in. */
const MIN_WINDOW_MS = 5_000;

/** A job's progress (0..1) at a moment. */
export interface ProgressSample {
  atMs: number;
  fraction: number;
}

const samplesByJob = new Map<string, ProgressSample[]>();

/**
 * Seconds left for a running job, from its progress over the last half minute (its
 * average since the start until it has run that long); NaN when it cannot be told yet
 * (under 1% done, not running, or no progress lately).
 */
export function etaSeconds(job: JobSnapshot, nowMs: number): number {
  if (job.state !== 'running' || !job.startedAtMs) {
    samplesByJob.delete(job.id);
    return NaN;
  }
  const fraction = jobProgress(job.totals);
  if (fraction < 0.01) return NaN;
  const samples = remember(job.id, { atMs: nowMs, fraction });
  const recent = etaFromSamples(samples);
  if (recent !== null) return recent;
  const elapsed = (nowMs - job.startedAtMs) / 1000;
  return (elapsed / fraction) * (1 - fraction);
}

/**
 * Seconds left at the pace between the oldest and newest samples (oldest first), or null
 * when they span under five seconds. No progress in that span gives NaN (unknown), never
 * Infinity.
 */
export function etaFromSamples(samples: readonly ProgressSample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.atMs - first.atMs < MIN_WINDOW_MS) return null;
  const perMs = (last.fraction - first.fraction) / (last.atMs - first.atMs);
  if (!(perMs > 0)) return NaN;
  return (1 - last.fraction) / perMs / 1000;
}

/**
 * Adds a sample (at most one a second) and keeps the window plus the sample just before it.
 * Progress that went back means its measure changed (a load's share of bytes read times
 * records settled, until the record count is known): the samples start again from it.
 */
function remember(jobId: string, sample: ProgressSample): ProgressSample[] {
  let samples = samplesByJob.get(jobId) ?? [];
  if (samples.some((s) => s.fraction > sample.fraction)) samples = [];
  const last = samples[samples.length - 1];
  if (!last || sample.atMs - last.atMs >= 1000) samples.push(sample);
  while (samples.length > 2 && samples[1]!.atMs <= sample.atMs - WINDOW_MS) samples.shift();
  samplesByJob.set(jobId, samples);
  return samples;
}
