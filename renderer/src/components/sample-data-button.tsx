import { useState } from 'react';
import { formatCount } from '../../../shared/format';
import { command, errorWords } from '../api/command';
import { useAppStore } from '../store/app-store';
import { ReasonButton } from './reason-button';

const SAMPLE_ROWS = 10_000;

/**
 * "Try it with sample data": one click makes a synthetic 10,000-row customer file in the
 * data folder and an empty on-demand table on the sandbox, selects the sandbox, and
 * opens the load wizard filled in with both (nothing starts until the operator does).
 */
export function SampleDataButton({ className = 'primary' }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sandboxRunning = useAppStore((s) => s.appInfo?.sandboxEndpoint != null);
  const tryIt = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await command('makeSampleSetup', { rows: SAMPLE_ROWS });
      const store = useAppStore.getState();
      if (store.connectionId !== made.connectionId) store.selectConnection(made.connectionId);
      useAppStore.setState({ tables: await command('listTables', { connectionId: made.connectionId }) });
      store.setView({ page: 'load', prefill: { path: made.path, tableName: made.tableName, templates: made.templates } });
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setBusy(false);
    }
  };
  if (!sandboxRunning) return null;
  return (
    <span className="sample-data">
      <ReasonButton className={className} data-testid="try-sample-data" blockedBy={busy && 'Making the sample file and its sandbox table…'} title="Make a sample file and a sandbox table, then open the load wizard with them" onClick={() => void tryIt()}>
        {busy ? 'Making the sample…' : 'Try it with sample data'}
      </ReasonButton>
      <span className="muted small"> {formatCount(SAMPLE_ROWS)} synthetic customers and a new sandbox table, then the load wizard filled in.</span>
      {error && <span className="error-text small" data-testid="try-sample-error"> {error}</span>}
    </span>
  );
}
