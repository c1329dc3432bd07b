import { memo, useDeferredValue, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { JobTick } from '../../../shared/job-status';
import { formatDuration } from '../../../shared/format';
import { useElementWidth } from '../hooks/use-element-width';
import { useAppStore } from '../store/app-store';
import { formatAxisNumber } from './axis-number';
import { ChartLegend } from './chart-legend';
import { reasonColor } from './reason-colors';
import { stablePrefixLength } from './stable-prefix';
import { bucketThrottles } from './throttle-buckets';
import { axisTime, zoneName } from './time-axis';

const HEIGHT = 180;
/** A bar needs a few pixels to be seen; more bars than this per pixel are merged. */
const PIXELS_PER_BAR = 10;

/**
 * Throttle events over time, stacked by DynamoDB's reason, summed into buckets the width
 * allows; redrawn when a bucket completes (every second on short runs).
 */
export const ThrottleChart = memo(function ThrottleChart({ ticks, tickCount }: { ticks: readonly JobTick[]; tickCount: number }) {
  const utc = useAppStore((s) => s.utc);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const maxBuckets = Math.max(10, Math.floor(width / PIXELS_PER_BAR));
  const length = stablePrefixLength(tickCount, maxBuckets);
  return (
    <div className="chart" data-testid="throttle-chart" ref={ref}>
      <ThrottlePlot ticks={ticks} length={useDeferredValue(length)} maxBuckets={maxBuckets} width={width} utc={utc} />
    </div>
  );
});

interface PlotProps {
  ticks: readonly JobTick[];
  length: number;
  maxBuckets: number;
  width: number;
  utc: boolean;
}

function samePlot(a: PlotProps, b: PlotProps): boolean {
  return a.length === b.length && a.ticks[0] === b.ticks[0] && a.ticks[a.length - 1] === b.ticks[b.length - 1] && a.maxBuckets === b.maxBuckets && a.width === b.width && a.utc === b.utc;
}

const ThrottlePlot = memo(function ThrottlePlot({ ticks, length, maxBuckets, width, utc }: PlotProps) {
  const { buckets, reasons, secondsPerBucket } = useMemo(() => bucketThrottles(ticks.slice(0, length), maxBuckets), [ticks, length, maxBuckets]);
  const spanMs = buckets.length > 1 ? buckets[buckets.length - 1]!.atMs - buckets[0]!.atMs : 0;
  return (
    <>
      <div className="chart-head">
        <span className="muted small">Throttle events per {secondsPerBucket === 1 ? 'second' : formatDuration(secondsPerBucket)}, by reason · time in {zoneName(utc)}</span>
      </div>
      {reasons.length === 0 ? (
        <div className="chart-empty small" style={{ height: 60 }} data-testid="throttle-none">No throttling: DynamoDB accepted every request.</div>
      ) : (
        <BarChart width={width} height={HEIGHT} data={buckets} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="atMs" tickFormatter={(ms: number) => axisTime(ms, utc, spanMs)} stroke="var(--muted)" fontSize={12} minTickGap={40} />
          <YAxis stroke="var(--muted)" fontSize={12} width={64} allowDecimals={false} tickFormatter={formatAxisNumber} />
          <Tooltip isAnimationActive={false} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }} labelFormatter={(ms) => axisTime(Number(ms), utc, 0)} />
          {reasons.map((r) => <Bar key={r} dataKey={r} name={r} stackId="throttles" fill={reasonColor(r)} isAnimationActive={false} />)}
        </BarChart>
      )}
      {reasons.length > 0 && <ChartLegend entries={reasons.map((r) => ({ key: r, label: r, color: reasonColor(r), box: true }))} />}
    </>
  );
}, samePlot);
