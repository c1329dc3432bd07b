import type { TableDetails } from '../../../../shared/contract';
import { formatCount } from '../../../../shared/format';

/** The table's GSIs: key, projection (with the attributes an INCLUDE projects), capacity, status. */
export function IndexList({ indexes }: { indexes: TableDetails['indexes'] }) {
  if (indexes.length === 0) return <p className="muted" data-testid="gsi-none">No global secondary indexes: a write costs the table's WCU only.</p>;
  return (
    <table className="grid" data-testid="gsi-list">
      <thead><tr><th>Index</th><th>Key</th><th>Projection</th><th>Capacity</th><th>Status</th></tr></thead>
      <tbody>
        {indexes.map((i) => (
          <tr key={i.name}>
            <td><strong>{i.name}</strong></td>
            <td className="mono small">{i.keySchema.map((k) => `${k.name} (${k.role === 'HASH' ? 'partition' : 'sort'})`).join(', ')}</td>
            <td>{i.projection}{i.projection === 'INCLUDE' && i.projectedAttributes.length ? `: ${i.projectedAttributes.join(', ')}` : ''}</td>
            <td>{i.readCapacityUnits === null ? 'on-demand' : `${formatCount(i.readCapacityUnits)} RCU · ${formatCount(i.writeCapacityUnits ?? 0)} WCU`}</td>
            <td>{i.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
