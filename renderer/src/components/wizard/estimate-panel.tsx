import type { CostEstimate } from '../../../../shared/cost';
import { formatUsd } from '../../../../shared/cost/money-format';
import { formatBytes, formatCount, formatDuration, formatRate } from '../../../../shared/format';
import type { LoadEstimate } from './load-estimate';

/**
 * Items, units, duration and cost per capacity mode, with the arithmetic behind each. The
 * duration is the table forecast's when `durationFromTable` (the rate may not hold), else
 * items at the rate.
 */
export function EstimatePanel({ estimate, rate, tableMode, durationFromTable = false }: { estimate: LoadEstimate; rate: number; tableMode: CostEstimate['mode'] | null; durationFromTable?: boolean }) {
  const e = estimate;
  return (
    <div data-testid="estimate-panel">
      <div className="stats">
        <div className="stat"><div className="stat-label">Items (approx.)</div><div className="stat-value" data-testid="estimate-items">≈ {formatCount(e.items)}</div></div>
        <div className="stat"><div className="stat-label">Average item</div><div className="stat-value">{formatBytes(e.averageItemBytes)}</div></div>
        <div className="stat"><div className="stat-label">WCU per item</div><div className="stat-value" data-testid="estimate-wcu-per-item">{formatRate(e.baseWcuPerItem, '')}{e.gsiWcuPerItem ? ` + ${formatRate(e.gsiWcuPerItem, 'GSI')}` : ''}</div></div>
        <div className="stat"><div className="stat-label">{durationFromTable ? 'Expected duration' : `Duration at ${formatRate(rate, 'WCU/s')}`}</div><div className="stat-value" data-testid="estimate-duration">{formatDuration(e.seconds)}</div></div>
      </div>
      <p className="muted small">Items = file size / average row of the preview ({formatBytes(e.averageRowBytes)}), so it is approximate. Prices: built-in table, {e.priceDate}.</p>
      {e.costError && <p className="error-text">{e.costError}</p>}
      {e.costs.length > 0 && (
        <table className="grid cost-table" data-testid="estimate-costs">
          <thead><tr><th>Capacity mode</th><th className="num">Cost</th><th>How</th></tr></thead>
          <tbody>
            {e.costs.map((c) => (
              <tr key={c.mode} className={c.mode === tableMode ? 'current' : ''} data-testid={`estimate-cost-${c.mode}`}>
                <td>{c.label}{c.mode === tableMode ? <span className="badge">this table</span> : ''}</td>
                <td className="num">{c.kind === 'priced' ? formatUsd(c.totalUsd) : '—'}</td>
                <td className="small">{c.kind === 'priced' ? c.arithmetic.map((a) => <div key={a}>{a}</div>) : <span className="muted">{c.reason}</span>}
                  {c.kind === 'priced' && c.notes.length > 0 && <div className="muted">{c.notes[0]}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
