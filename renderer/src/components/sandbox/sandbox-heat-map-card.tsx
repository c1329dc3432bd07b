import { useSandboxState } from '../../hooks/use-sandbox-state';
import { PartitionHeatMap } from './partition-heat-map';

/** The heat map of one sandbox table (and its GSIs), polled about once a second while shown. */
export function SandboxHeatMapCard({ tableName }: { tableName: string }) {
  const { state, error } = useSandboxState(true);
  const table = state?.tables.find((t) => t.name === tableName);
  return (
    <section className="card" data-testid="dashboard-heat-map">
      <h2>Partitions <span className="muted small">sandbox: WCU each partition took in the last second</span></h2>
      {error && <p className="error-text">{error}</p>}
      {!state && !error && <p className="muted">Reading the sandbox…</p>}
      {state && !table && <p className="muted">The sandbox has no table named {tableName}.</p>}
      {table && (
        <>
          <PartitionHeatMap resource={table.table} label="Table" />
          {table.indexes.map((i) => <PartitionHeatMap key={i.name} resource={i} label={`GSI ${i.name}`} />)}
        </>
      )}
    </section>
  );
}
