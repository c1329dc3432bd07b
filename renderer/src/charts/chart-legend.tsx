/** One entry of a chart's legend. */
export interface LegendEntry {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** A filled square (bars) rather than a line. */
  box?: boolean;
}

/** A chart legend in plain HTML: cheaper than the chart library's measured one, and it wraps. */
export function ChartLegend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul className="chart-legend small">
      {entries.map((e) => (
        <li key={e.key}>
          <span className={e.box ? 'legend-box' : `legend-line ${e.dashed ? 'dashed' : ''}`} style={e.box ? { background: e.color } : { borderColor: e.color }} aria-hidden />
          {e.label}
        </li>
      ))}
    </ul>
  );
}
