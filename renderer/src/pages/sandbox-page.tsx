import { useState } from 'react';
import { command, errorWords } from '../api/command';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FaultsForm } from '../components/sandbox/faults-form';
import { SandboxTableCard } from '../components/sandbox/sandbox-table-card';
import { SampleDataButton } from '../components/sample-data-button';
import { formatClock } from '../format/zoned-clock';
import { useSandboxState } from '../hooks/use-sandbox-state';
import { useAppStore } from '../store/app-store';

/**
 * The embedded sandbox from the inside: every table's partitions as a live heat map,
 * simulated organic traffic, injected faults, and a reset. Polled about once a second.
 */
export function SandboxPage() {
  const utc = useAppStore((s) => s.utc);
  const sandboxEndpoint = useAppStore((s) => s.appInfo?.sandboxEndpoint ?? null);
  const { state, error, setState } = useSandboxState(sandboxEndpoint !== null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [resetError, setResetError] = useState<string | null>(null);

  if (sandboxEndpoint === null) return <div className="page"><h1>Sandbox</h1><p className="muted">The embedded sandbox is not running in this Capstan.</p></div>;
  return (
    <div className="page" data-testid="sandbox-page">
      <div className="page-head">
        <h1>Sandbox</h1>
        <button className="danger" data-testid="sandbox-reset" onClick={() => setConfirmReset(true)}>Reset sandbox…</button>
      </div>
      <p className="muted">
        A local DynamoDB at <span className="mono">{sandboxEndpoint}</span> with partitions limited to 1,000 WCU/s each, burst, on-demand ramp-up and throttling reasons; any DynamoDB client can use it.
        {state ? ` Sandbox clock ${formatClock(state.nowMs, utc)}${state.manualClock ? ' (manual)' : ''}; CloudWatch metrics arrive ${Math.round(state.metricsDelayMs / 1000)} s late.` : ''}
      </p>
      {(error || resetError) && <p className="error-text">{error ?? resetError}</p>}
      {state && state.tables.length === 0 && <section className="card" data-testid="sandbox-empty"><p className="muted">No tables in the sandbox yet: create one under Tables, or</p><SampleDataButton /></section>}
      {state?.tables.map((t) => <SandboxTableCard key={t.name} table={t} onState={setState} />)}
      {state && <FaultsForm state={state} onState={setState} />}
      {confirmReset && (
        <ConfirmDialog title="Reset the sandbox?" body="Every sandbox table and its items are deleted, organic traffic and faults are cleared. Jobs writing to the sandbox will fail." confirmLabel="Reset"
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => { setConfirmReset(false); command('resetSandbox', {}).then(setState, (e: unknown) => setResetError(errorWords(e))); }} />
      )}
    </div>
  );
}
