import type { CloudWatchMinute, JobCapacityView } from '../../../shared/capacity-view';
import { loadJobSpecSchema } from '../../../shared/job-spec';
import { emptyTotals, type JobTick, type LoadJobSnapshot } from '../../../shared/job-status';

const PROVISIONED_WCU = 1000;
const FILL_SHARE = 0.95;

/** Organic writes (WCU/s) at `ms`: a sine between 300 and 700 with a 40-minute period. */
function organicAt(ms: number): number {
  return 500 + 200 * Math.sin((ms / 2_400_000) * 2 * Math.PI);
}

/**
 * A made-up hour of a load in fill mode on a provisioned 1,000 WCU table with organic
 * traffic: per-second ticks that fill the gap to 95%, CloudWatch minutes (table total,
 * provisioned), the rate decision and an engine diagnosis, so the dashboard can be seen
 * and checked with every capacity series without waiting an hour for CloudWatch.
 */
export function syntheticFillRun(jobId: string, tableName: string, endMs: number): { job: LoadJobSnapshot; ticks: JobTick[] } {
  const seconds = 3600;
  const startMs = Math.floor((endMs - seconds * 1000) / 60_000) * 60_000;
  const ticks: JobTick[] = [];
  const totals = emptyTotals('load');
  for (let s = 0; s < seconds; s++) {
    const atMs = startMs + (s + 1) * 1000;
    const target = Math.max(0, PROVISIONED_WCU * FILL_SHARE - organicAt(atMs));
    const throttled = s % 900 < 4 ? 2 : 0;
    const written = Math.round(target * (throttled ? 0.5 : 1) + ((s * 7919) % 23) - 11);
    ticks.push({
      atMs, second: s + 1, read: written, written, rejected: 0, retried: throttled, throttled, consumedWcu: written, consumedRcu: 0,
      throttlesByReason: throttled ? { TableWriteProvisionedThroughputExceeded: throttled } : {},
      latencyP50Ms: 7, latencyP99Ms: 28, inFlight: 10, targetWcuPerSecond: Math.round(target),
    });
    totals.read += written;
    totals.written += written;
    totals.consumedWcu += written;
    totals.throttled += throttled;
    totals.retried += throttled;
  }
  totals.recordsTotal = Math.round(totals.written * 1.6);
  totals.bytesTotal = totals.recordsTotal * 210;
  totals.bytesRead = totals.written * 210;
  const spec = loadJobSpecSchema.parse({
    kind: 'load', name: 'Orders backfill load (fill mode, synthetic)', connection: { kind: 'aws', region: 'us-east-1' }, table: tableName,
    source: { path: 's3-export/orders-*.csv.gz' }, mapping: { templates: [{ attribute: 'pk', template: 'ORDER#{order_id}' }] },
    rate: { mode: 'fill', share: FILL_SHARE },
  });
  const last = ticks[ticks.length - 1]!;
  const organicNow = organicAt(last.atMs);
  const job: LoadJobSnapshot = {
    kind: 'load', id: jobId, spec, state: 'running', createdAtMs: startMs, startedAtMs: startMs, endedAtMs: null, totals,
    rateWcuPerSecond: last.targetWcuPerSecond, error: null, rejectsFile: null,
    cost: { billing: 'already-paid', spentUsd: 0, projectedTotalUsd: 0, projectionKnown: true, ceilingUsd: null },
    pauseReason: null, pausedBy: null, rateMode: { mode: 'fill', share: FILL_SHARE }, capacity: capacityView(ticks, startMs, organicNow, last.targetWcuPerSecond),
  };
  return { job, ticks };
}

function capacityView(ticks: JobTick[], startMs: number, organicNow: number, rate: number): JobCapacityView {
  const minutes: CloudWatchMinute[] = [];
  // CloudWatch publishes a minute a minute or two after it ends: the last two are missing.
  for (let m = 0; m < 58; m++) {
    const minuteStartMs = startMs + m * 60_000;
    const own = ticks.slice(m * 60, m * 60 + 60).reduce((sum, t) => sum + t.consumedWcu, 0) / 60;
    const organic = organicAt(minuteStartMs + 30_000);
    minutes.push({
      minuteStartMs, totalConsumedWcuPerSecond: Math.round((own + organic) * 10) / 10, totalConsumedRcuPerSecond: 120,
      provisionedWcu: PROVISIONED_WCU, provisionedRcu: 500, maxOnDemandWcu: null, throttleEvents: m % 15 === 0 ? 2 : 0, readThrottleEvents: 0,
      throttleEventsByMetric: {}, indexes: {},
    });
  }
  return {
    decision: { rateWcuPerSecond: rate, run: true, reason: `fill: 95% of ${PROVISIONED_WCU.toLocaleString('en-US')} provisioned − organic ${Math.round(organicNow)} ≈ ${rate} WCU/s` },
    organic: { wcuPerSecond: organicNow, trendPerMinute: 4.2, asOfMinuteMs: minutes[minutes.length - 1]!.minuteStartMs },
    minutes,
    cloudwatchProblem: null,
    diagnosis: [{
      reason: 'TableWriteProvisionedThroughputExceeded', count: ticks.reduce((s, t) => s + t.throttled, 0),
      title: 'table capacity: organic traffic rose faster than the fill mode yielded',
      meaning: 'The table used all 1,000 provisioned WCU for a moment: the job and the application together asked for more than the table has.',
      action: 'Nothing to do if it stays rare (the job backs off at once); lower the fill share to 90% to leave more headroom.',
      indexName: null,
    }],
  };
}
