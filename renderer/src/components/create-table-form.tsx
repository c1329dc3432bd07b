import { useState } from 'react';
import { api } from '../api/capstan-api';

/** A small form to create a table (handy on the sandbox): name, partition key, billing. */
export function CreateTableForm({ connectionId, onCreated }: { connectionId: string; onCreated(name: string): void }) {
  const [name, setName] = useState('customers');
  const [pk, setPk] = useState('pk');
  const [pkType, setPkType] = useState<'S' | 'N'>('S');
  const [billing, setBilling] = useState<'PAY_PER_REQUEST' | 'PROVISIONED'>('PAY_PER_REQUEST');
  const [wcu, setWcu] = useState(1000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.createTable({
        connectionId,
        tableName: name,
        partitionKey: { name: pk, type: pkType },
        billing: billing === 'PROVISIONED' ? { mode: 'PROVISIONED', wcu, rcu: Math.max(1, Math.round(wcu / 2)) } : { mode: 'PAY_PER_REQUEST' },
      });
      onCreated(name);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="subcard" data-testid="create-table-form">
      <div className="row">
        <label>Name<input data-testid="new-table-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Partition key<input data-testid="new-table-pk" value={pk} onChange={(e) => setPk(e.target.value)} /></label>
        <label>Type
          <select value={pkType} onChange={(e) => setPkType(e.target.value as 'S' | 'N')}><option value="S">String</option><option value="N">Number</option></select>
        </label>
        <label>Billing
          <select data-testid="new-table-billing" value={billing} onChange={(e) => setBilling(e.target.value as typeof billing)}>
            <option value="PAY_PER_REQUEST">On-demand</option>
            <option value="PROVISIONED">Provisioned</option>
          </select>
        </label>
        {billing === 'PROVISIONED' && <label>WCU<input type="number" min={1} value={wcu} onChange={(e) => setWcu(Number(e.target.value))} /></label>}
        <button className="primary" data-testid="create-table" disabled={busy || !name || !pk} onClick={() => void create()}>{busy ? 'Creating…' : 'Create'}</button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
