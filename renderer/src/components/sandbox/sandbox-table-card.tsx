import type { SandboxState, TableView } from '../../../../shared/sandbox/sandbox-views';
import { formatCount } from '../../../../shared/format';
import { OrganicForm } from './organic-form';
import { PartitionHeatMap } from './partition-heat-map';

/** One sandbox table: mode, capacity, burst or on-demand peak, heat map, organic traffic. */
export function SandboxTableCard({ table, onState }: { table: TableView; onState(s: SandboxState): void }) {
  const r = table.table;
  const organic = table.organic;
  return (
    <section className="card" data-testid={`sandbox-table-${table.name}`}>
      <div className="card-head">
        <h2>{table.name} <span className="badge">{table.status}</span></h2>
        <span className="muted small">
          {r.mode === 'PAY_PER_REQUEST'
            ? `on-demand · previous peak ${formatCount(r.onDemandPeakPerSecond ?? 0)} units/s${r.onDemandPendingPeakPerSecond ? ` → ${formatCount(r.onDemandPendingPeakPerSecond)}` : ''}`
            : `${formatCount(r.writeCapacityUnits)} WCU · ${formatCount(r.readCapacityUnits)} RCU · burst ${formatCount(r.burstWriteUnits ?? 0)} WCU banked`}
          {table.pendingCapacityChanges.length ? ` · ${table.pendingCapacityChanges.length} capacity change pending` : ''}
        </span>
      </div>
      <PartitionHeatMap resource={r} label="Table" />
      {table.indexes.map((i) => <PartitionHeatMap key={i.name} resource={i} label={`GSI ${i.name}`} />)}
      <h3>Organic traffic</h3>
      {organic ? (
        <p className="small" data-testid={`organic-summary-${table.name}`}>
          {formatCount(organic.config.writeUnitsPerSecond)} WCU/s and {formatCount(organic.config.readUnitsPerSecond)} RCU/s, {organic.config.distribution.kind === 'hot-key' ? `${Math.round(organic.config.distribution.hotFraction * 100)}% on one hot key` : 'spread evenly'} ·
          served {formatCount(organic.totals.writeUnitsServed)} write units, {formatCount(organic.totals.writeRequestsThrottled)} write requests throttled so far
        </p>
      ) : (
        <p className="muted small">None: the table has no simulated application. Add some to rehearse a job next to live traffic.</p>
      )}
      <OrganicForm table={table} onState={onState} />
    </section>
  );
}
