import type { TableDetails } from '../../../../shared/contract';
import { formatCount, formatPercent } from '../../../../shared/format';

/** Auto-scaling targets of a table, or why there are none to show. */
export function AutoScalingList({ details }: { details: TableDetails }) {
  if (details.billingMode === 'PAY_PER_REQUEST') return <p className="muted">On-demand: no auto scaling (capacity follows traffic up to twice the previous peak).</p>;
  if (details.autoScaling === null) return <p className="muted">Could not be read (the connection may lack application-autoscaling permissions).</p>;
  if (details.autoScaling.length === 0) return <p className="muted" data-testid="autoscaling-none">Off: the provisioned capacity stays where it is set.</p>;
  return (
    <table className="grid" data-testid="autoscaling-list">
      <thead><tr><th>Dimension</th><th className="num">Target</th><th className="num">Min</th><th className="num">Max</th></tr></thead>
      <tbody>
        {details.autoScaling.map((a) => (
          <tr key={a.dimension}>
            <td>{a.dimension === 'write' ? 'Write (WCU)' : 'Read (RCU)'}</td>
            <td className="num">{a.targetUtilization === null ? '—' : formatPercent(a.targetUtilization > 1 ? a.targetUtilization / 100 : a.targetUtilization)}</td>
            <td className="num">{formatCount(a.minCapacity)}</td>
            <td className="num">{formatCount(a.maxCapacity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
