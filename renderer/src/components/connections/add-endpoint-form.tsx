import { useState } from 'react';
import { command, errorWords } from '../../api/command';
import { ReasonButton } from '../reason-button';

/** Saves a custom DynamoDB endpoint (DynamoDB Local, another sandbox, a VPC endpoint). */
export function AddEndpointForm({ onAdded }: { onAdded(id: string): void }) {
  const [label, setLabel] = useState('');
  const [endpoint, setEndpoint] = useState('http://127.0.0.1:8000');
  const [region, setRegion] = useState('us-east-1');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const added = await command('addEndpointConnection', { label, endpoint, region });
      setLabel('');
      onAdded(added.id);
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="add-endpoint-form">
      <h2>Add a custom endpoint</h2>
      <div className="row">
        <label>Label<input data-testid="endpoint-label" value={label} placeholder="DynamoDB Local" onChange={(e) => setLabel(e.target.value)} /></label>
        <label className="grow">Endpoint URL<input data-testid="endpoint-url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} /></label>
        <label>Region<input data-testid="endpoint-region" value={region} onChange={(e) => setRegion(e.target.value)} /></label>
        <ReasonButton data-testid="add-endpoint" blockedBy={busy ? 'Adding the endpoint…' : !label.trim() ? 'Give the endpoint a label' : !endpoint.trim() && 'Type the endpoint URL (http://host:port)'} showReason={!busy} reasonTestId="add-endpoint-blocked" title="Add this endpoint to the connections" onClick={() => void add()}>Add</ReasonButton>
      </div>
      {error && <p className="error-text" data-testid="add-endpoint-error">{error}</p>}
      <p className="muted small">AWS profiles come from your ~/.aws/config and credentials files; keys never leave the engine.</p>
    </section>
  );
}
