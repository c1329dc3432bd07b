import { useState } from 'react';
import { CreateTableForm } from '../components/create-table-form';
import { TablesList } from '../components/tables/tables-list';
import { useTables } from '../hooks/use-tables';
import { useAppStore } from '../store/app-store';
import { ReasonButton } from '../components/reason-button';

/** The tables of the selected connection, with a form to create one (handy on the sandbox). */
export function TablesPage() {
  const tables = useAppStore((s) => s.tables);
  const connectionId = useAppStore((s) => s.connectionId);
  const connection = useAppStore((s) => s.connections.find((c) => c.id === s.connectionId));
  const setView = useAppStore((s) => s.setView);
  const { loading, error, refresh } = useTables();
  const [creating, setCreating] = useState(false);
  return (
    <div className="page" data-testid="tables-page">
      <div className="page-head">
        <h1>Tables <span className="muted small">on {connection?.label ?? 'no connection'}</span></h1>
        <div className="controls">
          <button data-testid="tables-new" onClick={() => setCreating((c) => !c)}>{creating ? 'Cancel' : 'New table…'}</button>
          <ReasonButton data-testid="tables-refresh" blockedBy={loading && 'Loading the tables…'} title="List the tables again" onClick={() => void refresh()}>{loading ? 'Loading…' : 'Refresh'}</ReasonButton>
        </div>
      </div>
      {creating && connectionId && (
        <CreateTableForm connectionId={connectionId} onCreated={() => { setCreating(false); void refresh(); }} />
      )}
      {error && <p className="error-text" data-testid="tables-error">{error}</p>}
      <section className="card">
        {tables.length === 0 && !loading ? (
          <p className="muted" data-testid="tables-empty">No tables here yet. Create one with “New table…”: on the sandbox, an on-demand table named customers with partition key pk is a good start.</p>
        ) : (
          <TablesList tables={tables} onOpen={(tableName) => setView({ page: 'table', tableName })} />
        )}
      </section>
    </div>
  );
}
