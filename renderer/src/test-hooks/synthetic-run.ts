import { loadJobSpecSchema } from '../../../shared/job-spec';
import { emptyTotals, type JobTick, type LoadJobSnapshot } from '../../../shared/job-status';

/**
 * A made-up long run for the end-to-end test's performance check: a day of per-second
 * ticks with a daily wave, a few throttle storms and a pause, so every chart has work.
 */
export function syntheticRun(jobId: string, tableName: string, seconds: number, endMs: number): { job: LoadJobSnapshot; ticks: JobTick[] } {
  const startMs = endMs - seconds * 1000;
  const ticks: JobTick[] = new Array<JobTick>(seconds);
  for (let s = 0; s < seconds; s++) ticks[s] = syntheticTick(s, startMs);
  const totals = emptyTotals('load');
  for (const t of ticks) {
    totals.read += t.read;
    totals.written += t.written;
    totals.throttled += t.throttled;
    totals.retried += t.retried;
    totals.consumedWcu += t.consumedWcu;
  }
  totals.recordsTotal = Math.round(totals.written * 1.25);
  totals.bytesTotal = totals.recordsTotal * 180;
  totals.bytesRead = totals.written * 180;
  const spec = loadJobSpecSchema.parse({
    kind: 'load',
    name: 'Synthetic 24-hour load (test)',
    connection: { kind: 'sandbox' },
    table: tableName,
    source: { path: '/synthetic/day.csv' },
    mapping: { templates: [{ attribute: 'pk', template: '{id}' }] },
    rate: { mode: 'fixed', wcuPerSecond: 800 },
  });
  const job: LoadJobSnapshot = {
    kind: 'load', id: jobId, spec, state: 'running', createdAtMs: startMs, startedAtMs: startMs, endedAtMs: null, totals,
    rateWcuPerSecond: 800, error: null, rejectsFile: null,
    cost: { billing: 'on-demand', spentUsd: (totals.consumedWcu / 1e6) * 0.625, projectedTotalUsd: (totals.consumedWcu * 1.25 / 1e6) * 0.625, projectionKnown: true, ceilingUsd: null },
    pauseReason: null, pausedBy: null, rateMode: spec.rate, capacity: null,
  };
  return { job, ticks };
}

/** The tick of second `s` of the synthetic run. */
export function syntheticTick(s: number, startMs: number): JobTick {
  const wave = 0.75 + 0.25 * Math.sin((s / 86_400) * 2 * Math.PI);
  const paused = s % 20_000 > 19_400;
  const storm = s % 7_200 < 90;
  const written = paused ? 0 : Math.round(700 * wave * (storm ? 0.5 : 1) + ((s * 7919) % 37));
  const throttlesByReason: Record<string, number> = {};
  if (storm) throttlesByReason.TableWriteKeyRangeThroughputExceeded = 3 + (s % 5);
  if (s % 3_600 < 30) throttlesByReason.TableWriteProvisionedThroughputExceeded = 2 + (s % 3);
  const throttled = Object.values(throttlesByReason).reduce((a, b) => a + b, 0);
  return {
    atMs: startMs + (s + 1) * 1000, second: s + 1, read: written, written, rejected: 0, retried: throttled, throttled,
    consumedWcu: written, consumedRcu: 0, throttlesByReason,
    latencyP50Ms: paused ? null : 8 + (s % 4), latencyP99Ms: paused ? null : 30 + (s % 17), inFlight: paused ? 0 : 12,
    targetWcuPerSecond: paused ? 0 : 800,
  };
}
