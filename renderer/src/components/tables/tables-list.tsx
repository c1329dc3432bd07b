import type { TableSummary } from '../../../../shared/contract';
import { formatBytes, formatCount } from '../../../../shared/format';
import { billingWords, capacityWords, keySchemaWords } from '../../format/capacity-words';

/** The tables of a connection, one row each; a click opens the table's details. */
export function TablesList({ tables, onOpen }: { tables: TableSummary[]; onOpen(name: string): void }) {
  return (
    <div className="table-scroll">
      <table className="grid clickable" data-testid="tables-list">
        <thead>
          <tr><th>Name</th><th>Status</th><th>Billing</th><th>Capacity</th><th>Key</th><th className="num">Items</th><th className="num">Size</th><th>GSIs</th></tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr key={t.name} data-testid={`table-row-${t.name}`} onClick={() => onOpen(t.name)} tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(t.name); }}>
              <td><strong>{t.name}</strong></td>
              <td>{t.status}</td>
              <td>{billingWords(t.billingMode)}</td>
              <td>{capacityWords(t)}</td>
              <td className="mono small">{keySchemaWords(t.keySchema)}</td>
              <td className="num">{t.itemCount === null ? '—' : formatCount(t.itemCount)}</td>
              <td className="num">{t.sizeBytes === null ? '—' : formatBytes(t.sizeBytes)}</td>
              <td>{t.globalSecondaryIndexes.length ? t.globalSecondaryIndexes.join(', ') : <span className="muted">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
