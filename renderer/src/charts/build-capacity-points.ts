import type { JobTick } from '../../../shared/job-status';
import { downsampleMinMax } from '../../../shared/series/downsample';
import type { CapacitySeries, SeriesContext, SeriesPoint } from './capacity-series';

/**
 * Rows for the capacity chart: the ticks reduced to about `maxPoints` with min/max
 * downsampling on the primary series (so a throttle dip or a spike stays visible), then
 * each visible series evaluated on the kept ticks. Where the run has no ticks (stopped and
 * resumed later, or the engine stalled) a row of nulls goes between, so every line breaks
 * there: a gap stays a gap, never a zero nor a line joining the two sides.
 */
export function buildCapacityPoints(ticks: readonly JobTick[], series: readonly CapacitySeries[], context: SeriesContext, maxPoints: number): SeriesPoint[] {
  const primary = series.find((s) => s.primary) ?? series[0];
  const kept = primary ? downsampleMinMax(ticks, maxPoints, (t) => primary.value(t, context) ?? 0) : [];
  const spanMs = kept.length > 1 ? kept.at(-1)!.atMs - kept[0]!.atMs : 0;
  // One kept point stands for this much time; a hole of several such steps is a gap.
  const gapMs = Math.max(GAP_MS, (spanMs / Math.max(1, kept.length - 1)) * 3);
  const points: SeriesPoint[] = [];
  let previous: number | null = null;
  for (const tick of kept) {
    if (previous !== null && tick.atMs - previous > gapMs) {
      const hole: SeriesPoint = { atMs: previous + (tick.atMs - previous) / 2 };
      for (const s of series) hole[s.key] = null;
      points.push(hole);
    }
    const point: SeriesPoint = { atMs: tick.atMs };
    for (const s of series) {
      const v = s.value(tick, context);
      point[s.key] = v === null ? null : Math.round(v * 10) / 10;
    }
    points.push(point);
    previous = tick.atMs;
  }
  return points;
}

/** Ticks come every second; more than this between two is a hole in the run. */
const GAP_MS = 3_500;
