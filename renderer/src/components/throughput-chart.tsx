import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downsampleMinMax } from '../../../shared/series/downsample';
import type { JobTick } from '../../../shared/job-status';

const MAX_POINTS = 600;

/** Items/s, consumed WCU/s and the target rate per second of a job, downsampled for long runs. */
export function ThroughputChart({ ticks }: { ticks: JobTick[] }) {
  const data = useMemo(
    () =>
      downsampleMinMax(ticks, MAX_POINTS, (t) => t.consumedWcu).map((t) => ({
        second: t.second,
        items: t.written,
        wcu: Math.round(t.consumedWcu * 10) / 10,
        target: Math.round(t.targetWcuPerSecond),
      })),
    [ticks],
  );
  return (
    <div className="chart" data-testid="throughput-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="second" tickFormatter={(s: number) => `${s}s`} stroke="var(--muted)" fontSize={12} />
          <YAxis stroke="var(--muted)" fontSize={12} tickFormatter={(v: number) => v.toLocaleString('en-US')} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} labelFormatter={(s) => `second ${String(s)}`} />
          <Legend />
          <Line type="monotone" dataKey="wcu" name="consumed WCU/s" stroke="var(--accent)" dot={false} isAnimationActive={false} strokeWidth={2} />
          <Line type="monotone" dataKey="items" name="items/s" stroke="var(--green)" dot={false} isAnimationActive={false} strokeWidth={1.5} />
          <Line type="stepAfter" dataKey="target" name="target WCU/s" stroke="var(--amber)" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
