import { memo, useDeferredValue, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../../../shared/format';
import type { JobTick } from '../../../shared/job-status';
import { numberedActions, type OperatorAction } from '../../../shared/report/run-facts';
import { useElementWidth } from '../hooks/use-element-width';
import { useAppStore } from '../store/app-store';
import { buildCapacityPoints } from './build-capacity-points';
import { visibleSeries, type CapacitySeries, type CapacityUnit, type SeriesContext } from './capacity-series';
import { formatAxisNumber } from './axis-number';
import { ChartLegend } from './chart-legend';
import { redrawStepSeconds, stablePrefixLength } from './stable-prefix';
import { axisTime, zoneName } from './time-axis';

const HEIGHT = 260;
/** One kept point per this many pixels (min/max pairs keep spikes visible). */
const PIXELS_PER_POINT = 3;

/**
 * The throughput and capacity chart: the job's own consumption per second, its target
 * and the table's provisioned capacity as step lines, in WCU or RCU. Reduced to the
 * chart's width and redrawn when a reduced point completes, so a day of ticks draws as
 * fast as a minute. Operator actions (pause, resume, rate and mode changes, cost-ceiling
 * pauses) are numbered vertical lines, the same numbers the report gives them.
 */
export const CapacityChart = memo(function CapacityChart({ ticks, tickCount, context, actions }: { ticks: readonly JobTick[]; tickCount: number; context: SeriesContext; actions?: readonly OperatorAction[] | undefined }) {
  const [unit, setUnit] = useState<CapacityUnit>('WCU');
  const utc = useAppStore((s) => s.utc);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const maxPoints = Math.max(50, Math.floor(width / PIXELS_PER_POINT));
  const buckets = Math.floor(maxPoints / 2);
  const length = stablePrefixLength(tickCount, buckets);
  const first = ticks[0];
  const series = useMemo(() => visibleSeries(unit, context, first), [unit, context, first]);
  const step = redrawStepSeconds(tickCount, buckets);
  return (
    <div className="chart" data-testid="capacity-chart" ref={ref}>
      <div className="chart-head">
        <div className="segmented" role="group" aria-label="Capacity unit">
          {(['WCU', 'RCU'] as const).map((u) => (
            <button key={u} className={unit === u ? 'on' : ''} aria-pressed={unit === u} data-testid={`unit-${u}`} onClick={() => setUnit(u)}>{u}</button>
          ))}
        </div>
        <span className="muted small">{unit} per second · time in {zoneName(utc)}{step > 1 ? ` · ${tickCount.toLocaleString('en-US')} seconds, one point per ${formatDuration(step)} (min and max kept)` : ''}</span>
      </div>
      {tickCount === 0 ? (
        <div className="chart-empty" style={{ height: HEIGHT }}>The chart fills in once the job has run for a second.</div>
      ) : (
        <DeferredPlot ticks={ticks} length={length} series={series} context={context} width={width} maxPoints={maxPoints} utc={utc} actions={actions ?? NO_ACTIONS} actionCount={actions?.length ?? 0} />
      )}
      <ChartLegend entries={series.map((s) => ({ key: s.key, label: s.label, color: s.color, dashed: s.dashed }))} />
    </div>
  );
});

const NO_ACTIONS: readonly OperatorAction[] = [];

interface PlotProps {
  /** Only appended to: `actionCount` says when there are new ones (a snapshot brings a fresh copy each second). */
  actions: readonly OperatorAction[];
  actionCount: number;
  ticks: readonly JobTick[];
  /** How many of the ticks to draw (a stable prefix: see stablePrefixLength). */
  length: number;
  series: CapacitySeries[];
  context: SeriesContext;
  width: number;
  maxPoints: number;
  utc: boolean;
}

/** Redraw only when what is drawn changes: the drawn prefix, the series, the size or the zone. */
function samePlot(a: PlotProps, b: PlotProps): boolean {
  return a.length === b.length && a.ticks[0] === b.ticks[0] && a.ticks[a.length - 1] === b.ticks[b.length - 1] &&
    a.series === b.series && a.context === b.context && a.width === b.width && a.maxPoints === b.maxPoints && a.utc === b.utc && a.actionCount === b.actionCount;
}

/** Draws at transition priority: React may slice the redraw and keep input and progress responsive. */
function DeferredPlot(props: PlotProps) {
  const length = useDeferredValue(props.length);
  return <CapacityPlot {...props} length={length} />;
}

const CapacityPlot = memo(function CapacityPlot({ ticks, length, series, context, width, maxPoints, utc, actions }: PlotProps) {
  const data = useMemo(() => buildCapacityPoints(ticks.slice(0, length), series, context, maxPoints), [ticks, length, series, context, maxPoints]);
  const spanMs = data.length > 1 ? data[data.length - 1]!.atMs - data[0]!.atMs : 0;
  return (
    <div data-testid="capacity-plot" data-points={data.length} data-drawn-ticks={length} data-action-marks={actions.length}>
      <LineChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis dataKey="atMs" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => axisTime(ms, utc, spanMs)} stroke="var(--muted)" fontSize={12} minTickGap={40} />
        <YAxis stroke="var(--muted)" fontSize={12} width={64} tickFormatter={formatAxisNumber} />
        <Tooltip isAnimationActive={false} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          labelFormatter={(ms) => axisTime(Number(ms), utc, 0)} formatter={(v) => (typeof v === 'number' ? formatAxisNumber(v) : String(v))} />
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} type={s.shape === 'step' ? 'stepAfter' : 'linear'} stroke={s.color}
            strokeWidth={s.primary ? 1.75 : 1.5} strokeDasharray={s.dashed ? '6 4' : undefined} dot={false} activeDot={false}
            isAnimationActive={false} connectNulls={false} />
        ))}
        {actionMarks(actions, data[0]?.atMs, data[data.length - 1]?.atMs).map((mark) => (
          <ReferenceLine key={mark.label} x={mark.atMs} stroke="var(--violet)" strokeDasharray="2 3" ifOverflow="hidden"
            label={{ value: mark.label, position: 'insideTopLeft', fill: 'var(--violet)', fontSize: 11, dy: mark.row * 13 }} />
        ))}
      </LineChart>
    </div>
  );
}, samePlot);

/**
 * Where the numbered action lines go: an action before the first drawn second sits on it
 * (as the report places it), one after the last on the last; actions on the same
 * millisecond share one line ("1,2"), and lines closer than a fiftieth of the span put
 * their numbers on successive rows so they stay readable.
 */
function actionMarks(actions: readonly OperatorAction[], firstMs: number | undefined, lastMs: number | undefined): { atMs: number; label: string; row: number }[] {
  if (firstMs === undefined || lastMs === undefined) return [];
  const marks: { atMs: number; label: string; row: number }[] = [];
  const near = (lastMs - firstMs) / 50;
  for (const { number, action } of numberedActions(actions)) {
    const atMs = Math.min(lastMs, Math.max(firstMs, action.atMs));
    const previous = marks[marks.length - 1];
    if (previous && previous.atMs === atMs) previous.label += `,${number}`;
    else marks.push({ atMs, label: String(number), row: previous && atMs - previous.atMs < near ? previous.row + 1 : 0 });
  }
  return marks;
}
