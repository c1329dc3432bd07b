import type { JobReport, RejectLine } from '../../../shared/job-report';
import { reconcile } from '../../../shared/job-report';
import { emptyTotals, type JobState, type JobTick } from '../../../shared/job-status';
import { loadJobSpecSchema } from '../../../shared/job-spec';

/**
 * Realistic run reports for the report tests: a completed load with throttles of several
 * reasons and rejects, a failed load, and a 24-hour series. Deterministic (seeded).
 */

export const START_MS = Date.UTC(2025, 2, 4, 14, 3, 12);
export const MALICIOUS = '<img src=x onerror=alert(1)>';

/** A small seeded generator so fixtures are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface SeriesShape {
  seconds: number;
  targetAt: (second: number) => number;
  pausedAt?: (second: number) => boolean;
  throttlesAt?: (second: number, rnd: () => number) => Record<string, number>;
  rejectEvery?: number;
  seed?: number;
}

/** Per-second ticks of a load holding its target, with noise, pauses and throttles. */
export function buildSeries(shape: SeriesShape): JobTick[] {
  const rnd = random(shape.seed ?? 7);
  const ticks: JobTick[] = [];
  for (let second = 1; second <= shape.seconds; second++) {
    const target = shape.targetAt(second);
    const paused = shape.pausedAt?.(second) ?? false;
    const throttlesByReason = paused ? {} : (shape.throttlesAt?.(second, rnd) ?? {});
    const throttleEvents = Object.values(throttlesByReason).reduce((a, b) => a + b, 0);
    const written = paused ? 0 : Math.max(0, Math.round(target * (0.93 + rnd() * 0.06) - throttleEvents * 20));
    const rejected = !paused && shape.rejectEvery && second % shape.rejectEvery === 0 ? 1 : 0;
    ticks.push({
      atMs: START_MS + second * 1000,
      second,
      read: written + rejected,
      written,
      rejected,
      retried: throttleEvents * 25,
      throttled: throttleEvents * 25,
      consumedWcu: written,
      consumedRcu: 0,
      throttlesByReason,
      latencyP50Ms: paused ? null : Math.round((9 + rnd() * 6) * 10) / 10,
      latencyP99Ms: paused ? null : Math.round((40 + rnd() * 60 + throttleEvents * 15) * 10) / 10,
      inFlight: paused ? 0 : 24 + Math.round(rnd() * 8),
      targetWcuPerSecond: target,
    });
  }
  return ticks;
}

/** Builds a consistent report around a series: totals, reconciliation and capacity come from the ticks. */
export function buildReport(input: {
  id: string;
  state: JobState;
  series: JobTick[];
  pending?: number;
  name?: string;
  rejectSample?: RejectLine[];
  rejectReasons?: Record<string, number>;
  notes?: string[];
  error?: JobReport['error'];
  cost?: JobReport['cost'];
}): JobReport {
  const spec = loadJobSpecSchema.parse({
    kind: 'load',
    name: input.name,
    connection: { kind: 'aws', profile: 'prod-loader', region: 'eu-west-1' },
    table: 'customers',
    source: { path: '/data/exports/customers-2025-03-*.csv.gz', spread: true },
    mapping: {
      templates: [
        { attribute: 'pk', template: 'CUST#{customer_id}' },
        { attribute: 'sk', template: 'PROFILE#{signup_date}' },
      ],
      columns: [{ from: 'lifetime_value', to: 'ltv', type: 'N' }],
      drop: ['internal_notes', 'ssn'],
      computed: [{ kind: 'ttl', attribute: 'expires_at', fromColumn: 'last_seen', addDays: 365 }],
    },
    rate: { mode: 'fixed', wcuPerSecond: 1500 },
    limits: { maxCostUsd: 25, maxRejects: 10_000 },
    cost: { billing: 'on-demand' },
    options: { workers: 4 },
  });
  const s = input.series;
  const totals = emptyTotals('load');
  for (const t of s) {
    totals.read += t.read;
    totals.written += t.written;
    totals.rejected += t.rejected;
    totals.retried += t.retried;
    totals.throttled += t.throttled;
    totals.consumedWcu += t.consumedWcu;
  }
  totals.read += input.pending ?? 0;
  totals.duplicates = Math.floor(totals.rejected / 10);
  totals.bytesTotal = 6_442_450_944;
  totals.bytesRead = input.state === 'completed' ? totals.bytesTotal : Math.round(totals.bytesTotal * 0.3);
  totals.recordsTotal = input.state === 'completed' ? totals.read : null;
  const byReason: Record<string, number> = {};
  for (const t of s) for (const [r, n] of Object.entries(t.throttlesByReason)) byReason[r] = (byReason[r] ?? 0) + n;
  const startedAtMs = START_MS;
  const endedAtMs = START_MS + (s.at(-1)?.second ?? 0) * 1000 + 400;
  const durationSeconds = (endedAtMs - startedAtMs) / 1000;
  return {
    format: 'capstan-report/1',
    kind: 'load',
    diagnosis: [],
    generatedAtMs: endedAtMs + 2_000,
    job: { id: input.id, state: input.state, spec },
    times: { createdAtMs: startedAtMs - 5_000, startedAtMs, endedAtMs, durationSeconds },
    totals,
    reconciliation: reconcile('load', totals, input.state === 'completed'),
    capacity: {
      consumedWcu: totals.consumedWcu,
      consumedRcu: 0,
      averageWcuPerSecond: totals.consumedWcu / durationSeconds,
      peakWcuPerSecond: s.reduce((m, t) => Math.max(m, t.consumedWcu), 0),
    },
    throttles: { total: totals.throttled, byReason },
    rejects: {
      total: totals.rejected,
      byReason: input.rejectReasons ?? (totals.rejected ? { 'mapping: lifetime_value is not a number': totals.rejected } : {}),
      sample: input.rejectSample ?? [],
      file: `/home/ops/.capstan/jobs/${input.id}/rejects.jsonl`,
    },
    cost: input.cost === undefined ? { billing: 'on-demand', spentUsd: (totals.consumedWcu * 0.625) / 1e6, projectedTotalUsd: (totals.consumedWcu * 0.625) / 1e6, projectionKnown: true, ceilingUsd: 25 } : input.cost,
    notes: input.notes ?? [],
    error: input.error ?? null,
    series: s,
  };
}

/** A 15-minute load: a rate change at 5 min, a pause, a hot partition, a GSI at capacity, unprocessed items, rejects. */
export function completedLoadReport(): JobReport {
  const series = buildSeries({
    seconds: 900,
    rejectEvery: 7,
    targetAt: (s) => (s < 300 ? 1500 : 2500),
    pausedAt: (s) => s >= 600 && s < 630,
    throttlesAt: (s, rnd) => {
      const out: Record<string, number> = {};
      if (s >= 120 && s < 200 && rnd() < 0.6) out.TableWriteKeyRangeThroughputExceeded = 1 + Math.floor(rnd() * 4);
      if (s >= 480 && s < 560 && rnd() < 0.5) out.IndexWriteProvisionedThroughputExceeded = 1 + Math.floor(rnd() * 3);
      if (rnd() < 0.02) out.UnprocessedItems = 1;
      return out;
    },
  });
  const rejected = series.reduce((n, t) => n + t.rejected, 0);
  return buildReport({
    id: 'job-20250304-140307-a1b2',
    state: 'completed',
    series,
    name: 'Customer profiles, March import',
    rejectReasons: {
      'mapping: lifetime_value is not a number': rejected - 40,
      'item larger than 400 KB': 12,
      'superseded by a later record with the same key': 28,
    },
    rejectSample: [
      { file: 'customers-2025-03-01.csv.gz', line: 1042, ordinal: 1041, key: 'CUST#10417', reason: 'mapping: lifetime_value is not a number', raw: `10417,"Smith, Jane",${MALICIOUS},2024-01-02` },
      { file: 'customers-2025-03-01.csv.gz', line: 88_213, ordinal: 88_212, key: null, reason: 'key attribute pk is empty', raw: ',"",,"quoted ""value"""' },
      { file: `evil-${MALICIOUS}.csv`, line: 3, ordinal: 2, key: `CUST#</td><script>alert(2)</script>`, reason: `bad <b>reason</b>`, raw: 'x'.repeat(2_000) },
    ],
    notes: ['Safety check overridden by the operator: the table had no point-in-time recovery.', `Note with markup ${MALICIOUS}`],
  });
}

/** A load that failed two minutes in: the table was deleted under it. */
export function failedLoadReport(): JobReport {
  const series = buildSeries({ seconds: 120, targetAt: () => 800, seed: 11 });
  return buildReport({
    id: 'job-20250304-150000-dead',
    state: 'failed',
    series,
    pending: 1_250,
    error: { name: 'ResourceNotFoundException', message: 'The table does not exist (or is not active) in this account and region: Requested resource not found' },
    cost: null,
  });
}

/** A full day at one tick per second, with throttles of every kind now and then. */
export function dayLongReport(): JobReport {
  const reasons = ['TableWriteKeyRangeThroughputExceeded', 'TableWriteProvisionedThroughputExceeded', 'IndexWriteProvisionedThroughputExceeded', 'TableWriteAccountLimitExceeded', 'UnprocessedItems'];
  const series = buildSeries({
    seconds: 86_400,
    seed: 3,
    rejectEvery: 97,
    targetAt: (s) => (s < 20_000 ? 1000 : s < 60_000 ? 4000 : 2000),
    pausedAt: (s) => s >= 40_000 && s < 41_800,
    throttlesAt: (_s, rnd) => (rnd() < 0.01 ? { [reasons[Math.floor(rnd() * reasons.length)]!]: 1 } : {}),
  });
  return buildReport({ id: 'job-day', state: 'completed', series });
}
