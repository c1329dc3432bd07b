import type { JobTick } from '../../../shared/job-status';
import { downsampleMinMax } from '../../../shared/series/downsample';
import type { CapacitySeries, SeriesContext, SeriesPoint } from './capacity-series';

/**
 * Rows for the capacity chart: the ticks reduced to about `maxPoints` with min/max
 * downsampling on the primary series (so a throttle dip or a spike stays visible), then
 * each visible series evaluated on the kept ticks.
 */
export function buildCapacityPoints(ticks: readonly JobTick[], series: readonly CapacitySeries[], context: SeriesContext, maxPoints: number): SeriesPoint[] {
  const primary = series.find((s) => s.primary) ?? series[0];
  const kept = primary ? downsampleMinMax(ticks, maxPoints, (t) => primary.value(t, context) ?? 0) : [];
  return kept.map((tick) => {
    const point: SeriesPoint = { atMs: tick.atMs };
    for (const s of series) {
      const v = s.value(tick, context);
      point[s.key] = v === null ? null : Math.round(v * 10) / 10;
    }
    return point;
  });
}
