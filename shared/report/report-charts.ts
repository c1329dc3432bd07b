import type { JobReport } from '../job-report';
import type { JobTick } from '../job-status';
import { downsampleMinMax } from '../series/downsample';
import { formatElapsedTick } from './nice-ticks';
import { renderSeriesSvg, type ChartSeries } from './series-svg';
import { renderStackedBarsSvg } from './stacked-bars-svg';
import { actionMarkers, capacityLine } from './report-run-sections';

/**
 * The report's three charts from its per-second series. A 24-hour run has 86,400 ticks;
 * every line is cut to at most `MAX_CHART_POINTS` points (min/max per bucket, so spikes
 * survive) and the bars to at most `MAX_THROTTLE_BARS` buckets, which keeps the page small.
 */

/** Points per line at most, whatever the run's length. */
export const MAX_CHART_POINTS = 600;
/** Bars in the throttle chart at most. */
export const MAX_THROTTLE_BARS = 200;

const BUCKET_STEPS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Colours of the throttle reasons, in order of appearance: warm first, they are trouble. */
const REASON_COLORS = [5, 3, 4, 7, 8, 6, 9, 0, 1, 2];

/** The elapsed seconds a report's charts span. */
export function chartSpanSeconds(report: JobReport): number {
  const last = report.series.at(-1)?.second ?? 0;
  return Math.max(1, last);
}

/**
 * One series as chart points, at most `maxPoints` of them. Missing values (a second
 * without a finished request has no latency) become gaps, also across downsampled
 * buckets, so the line never invents values across a pause.
 */
export function seriesPoints(
  ticks: readonly JobTick[],
  value: (tick: JobTick) => number | null,
  maxPoints = MAX_CHART_POINTS,
): { x: number; y: number | null }[] {
  const present = ticks.filter((t) => value(t) !== null);
  const kept = downsampleMinMax(present, maxPoints, (t) => value(t)!);
  const spanSeconds = ticks.length ? ticks.at(-1)!.second - ticks[0]!.second : 0;
  const bucketSeconds = present.length > maxPoints ? spanSeconds / Math.floor(maxPoints / 2) : 1;
  const gapSeconds = Math.max(1.5, bucketSeconds * 2.5);
  const out: { x: number; y: number | null }[] = [];
  let previous: number | null = null;
  for (const t of kept) {
    if (previous !== null && t.second - previous > gapSeconds) out.push({ x: (previous + t.second) / 2, y: null });
    out.push({ x: t.second, y: value(t) });
    previous = t.second;
  }
  return out;
}

/** A setting's changes only (plus the last second): exact, and tiny unless it changes every second. */
export function stepPoints(ticks: readonly JobTick[], value: (tick: JobTick) => number, maxPoints = MAX_CHART_POINTS): { x: number; y: number }[] {
  const changes: JobTick[] = [];
  for (let i = 0; i < ticks.length; i++) {
    if (i === 0 || value(ticks[i]!) !== value(ticks[i - 1]!)) changes.push(ticks[i]!);
  }
  const kept = changes.length > maxPoints ? downsampleMinMax(changes, maxPoints, value) : changes;
  return kept.map((t) => ({ x: t.second, y: value(t) }));
}

/** The bucket width that keeps the throttle chart at or under `maxBars` bars. */
export function throttleBucketSeconds(spanSeconds: number, maxBars = MAX_THROTTLE_BARS): number {
  return BUCKET_STEPS_SECONDS.find((s) => spanSeconds / s <= maxBars) ?? Math.ceil(spanSeconds / maxBars / 86_400) * 86_400;
}

/**
 * Throughput: consumed WCU/s and items written/s, with the target rate as a step line, the
 * table's provisioned capacity as a line, and each operator action as a numbered marker.
 */
export function renderThroughputChart(report: JobReport, xTitle: string): string {
  const ticks = report.series;
  const backfill = report.kind !== 'load';
  const series: ChartSeries[] = [
    { label: 'consumed WCU/s', colorIndex: 0, kind: 'line', area: true, points: seriesPoints(ticks, (t) => t.consumedWcu) },
    { label: backfill ? 'items changed/s' : 'items written/s', colorIndex: 1, kind: 'line', points: seriesPoints(ticks, (t) => t.written) },
  ];
  if (ticks.some((t) => t.consumedRcu > 0)) {
    series.push({ label: 'consumed RCU/s', colorIndex: 4, kind: 'line', points: seriesPoints(ticks, (t) => t.consumedRcu) });
  }
  const capacity = capacityLine(report);
  if (capacity) {
    const span = chartSpanSeconds(report);
    series.push({ label: capacity.label, colorIndex: 5, kind: 'step', points: [{ x: 0, y: capacity.wcu }, { x: span, y: capacity.wcu }] });
  }
  return renderSeriesSvg({
    title: `Throughput per second: consumed capacity and items, with the target rate${capacity ? ' and the table capacity' : ''}`,
    markers: actionMarkers(report).map((m) => ({ x: m.second, label: String(m.number) })),
    xSpanSeconds: chartSpanSeconds(report),
    xTitle,
    yTitle: 'per second',
    yUnit: '/s',
    series: [
      ...series,
      { label: 'target WCU/s', colorIndex: 2, kind: 'step', dashed: true, points: stepPoints(ticks, (t) => t.targetWcuPerSecond) },
    ],
  });
}

/** Throttle events over time, stacked by reason, in buckets sized to the run. */
export function renderThrottleChart(report: JobReport, reasons: readonly string[], xTitle: string): string {
  const span = chartSpanSeconds(report);
  const bucketSeconds = throttleBucketSeconds(span);
  const buckets = Math.ceil((span + 1) / bucketSeconds);
  const stacks = reasons.map((reason, i) => ({ label: reason, colorIndex: REASON_COLORS[i % REASON_COLORS.length]!, values: new Array<number>(buckets).fill(0) }));
  for (const tick of report.series) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(tick.second / bucketSeconds)));
    stacks.forEach((s, i) => {
      s.values[b]! += tick.throttlesByReason[reasons[i]!] ?? 0;
    });
  }
  const per = bucketSeconds === 1 ? 'second' : formatElapsedTick(bucketSeconds);
  return renderStackedBarsSvg({
    title: `Throttle events by reason, per ${per}`,
    xSpanSeconds: span,
    bucketSeconds,
    xTitle,
    yTitle: `events per ${per}`,
    yUnit: '',
    stacks,
  });
}

/** Request latency: p50 and p99 per second, gaps where no request finished. */
export function renderLatencyChart(report: JobReport, xTitle: string): string {
  return renderSeriesSvg({
    title: 'Request latency per second, median (p50) and 99th percentile (p99)',
    xSpanSeconds: chartSpanSeconds(report),
    xTitle,
    yTitle: 'latency',
    yUnit: 'ms',
    heightPx: 220,
    series: [
      { label: 'p50 latency', colorIndex: 6, kind: 'line', points: seriesPoints(report.series, (t) => t.latencyP50Ms) },
      { label: 'p99 latency', colorIndex: 3, kind: 'line', points: seriesPoints(report.series, (t) => t.latencyP99Ms) },
    ],
  });
}
