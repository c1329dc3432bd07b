import type { PartitionView, ResourceView } from '../../../../shared/sandbox/sandbox-views';
import { formatCount } from '../../../../shared/format';

/** A partition's write load against its 1,000 WCU/s limit, 0..1 (and beyond when bursting). */
export function partitionLoad(p: PartitionView): number {
  return p.writeLimitPerSecond > 0 ? p.writeUnitsPerSecond / p.writeLimitPerSecond : 0;
}

/** Background of a cell: from the panel colour (idle) through amber to red (at the limit). */
export function heatColor(load: number): string {
  const l = Math.max(0, Math.min(1, load));
  if (l === 0) return 'var(--panel-2)';
  const hue = 130 - 130 * l; // green -> red
  return `hsl(${hue.toFixed(0)} 70% ${(52 - 8 * l).toFixed(0)}%)`;
}

/**
 * One cell per partition of a table (or GSI), coloured by its write load of the last
 * second against the per-partition limit; throttled partitions carry a mark. Shows where
 * the writes land: one red cell among green ones is a hot partition, not a small table.
 */
export function PartitionHeatMap({ resource, label }: { resource: ResourceView; label?: string }) {
  const parts = resource.partitions;
  const hot = parts.filter((p) => p.throttledWritesPerSecond > 0 || p.throttledReadsPerSecond > 0).length;
  return (
    <div className="heat-map" data-testid={`heat-map-${resource.name}`}>
      <div className="heat-map-head small">
        <strong>{label ?? resource.name}</strong>
        <span className="muted">{parts.length} {parts.length === 1 ? 'partition' : 'partitions'} · limit {formatCount(parts[0]?.writeLimitPerSecond ?? 1000)} WCU/s each{hot ? ` · ${hot} throttling` : ''}</span>
      </div>
      <div className="heat-cells" role="list">
        {parts.map((p) => {
          const load = partitionLoad(p);
          const throttled = p.throttledWritesPerSecond > 0 || p.throttledReadsPerSecond > 0;
          return (
            <div key={p.id} role="listitem" className={`heat-cell ${throttled ? 'throttled' : ''}`} data-testid="partition-cell" data-load={load.toFixed(3)} data-throttled={throttled}
              style={{ background: heatColor(load) }}
              title={`Partition ${p.id}: ${formatCount(p.writeUnitsPerSecond)} of ${formatCount(p.writeLimitPerSecond)} WCU/s, ${formatCount(p.readUnitsPerSecond)} RCU/s${throttled ? `, ${formatCount(p.throttledWritesPerSecond + p.throttledReadsPerSecond)} throttled/s` : ''}`}>
              <span className="heat-value">{formatCount(p.writeUnitsPerSecond)}</span>
              {throttled && <span className="heat-mark" aria-label="throttled">!</span>}
            </div>
          );
        })}
      </div>
      <div className="heat-legend small muted">
        <span className="heat-swatch" style={{ background: heatColor(0) }} /> idle
        <span className="heat-swatch" style={{ background: heatColor(0.5) }} /> half the limit
        <span className="heat-swatch" style={{ background: heatColor(1) }} /> at limit
        <span className="heat-swatch throttled-swatch">!</span> throttled
      </div>
    </div>
  );
}
