import { useState } from 'react';
import type { SandboxState } from '../../../../shared/sandbox/sandbox-views';
import { command, errorWords } from '../../api/command';

/** Faults the sandbox injects on every table: server errors, added latency, dropped connections. */
export function FaultsForm({ state, onState }: { state: SandboxState; onState(s: SandboxState): void }) {
  const g = state.faults.global;
  const [errorRate, setErrorRate] = useState(g.errorRate);
  const [latencyMs, setLatencyMs] = useState(g.latencyMs);
  const [dropRate, setDropRate] = useState(g.dropRate);
  const [error, setError] = useState<string | null>(null);
  const apply = async () => {
    setError(null);
    try {
      onState(await command('setSandboxFaults', { faults: { global: { errorRate, latencyMs, dropRate, serviceUnavailableShare: g.serviceUnavailableShare }, tables: state.faults.tables } }));
    } catch (e) {
      setError(errorWords(e));
    }
  };
  return (
    <section className="card">
      <h2>Faults</h2>
      <div className="row">
        <label>Server errors (share, 0–1)<input type="number" min={0} max={1} step={0.01} value={errorRate} data-testid="fault-error-rate" onChange={(e) => setErrorRate(Number(e.target.value))} /></label>
        <label>Added latency (ms)<input type="number" min={0} value={latencyMs} onChange={(e) => setLatencyMs(Number(e.target.value))} /></label>
        <label>Dropped connections (share, 0–1)<input type="number" min={0} max={1} step={0.01} value={dropRate} onChange={(e) => setDropRate(Number(e.target.value))} /></label>
        <button data-testid="fault-apply" onClick={() => void apply()}>Apply faults</button>
      </div>
      {error && <p className="error-text">{error}</p>}
      <p className="muted small">Now: {g.errorRate ? `${(g.errorRate * 100).toFixed(1)}% errors` : 'no errors'}, {g.latencyMs ? `+${g.latencyMs} ms` : 'no added latency'}, {g.dropRate ? `${(g.dropRate * 100).toFixed(1)}% dropped` : 'no drops'}.</p>
    </section>
  );
}
