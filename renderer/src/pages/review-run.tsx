import { useState } from 'react';
import type { JobSpec } from '../../../shared/job-spec';
import { specRows } from '../../../shared/report/spec-rows';
import type { WriteMode } from '../../../shared/write-mode';
import { command, errorWords } from '../api/command';
import { WriteModeChoice, writeModeBlocker } from '../components/write-mode/write-mode-choice';
import { findConnection } from '../format/connection-ref';
import { requestNotificationPermission } from '../hooks/use-job-notifications';
import { useTableHoldsItems } from '../hooks/use-table-holds-items';
import { useAppStore } from '../store/app-store';

/**
 * A stored run's spec, read before it runs again: every setting in words, and for a load
 * what happens to the items its first run (or anyone since) left in the table. Nothing
 * starts until the operator presses Start; a re-run never overwrites silently.
 */
export function ReviewRun({ fromRunId, spec }: { fromRunId: string; spec: JobSpec }) {
  const setView = useAppStore((s) => s.setView);
  const setError = useAppStore((s) => s.setError);
  const addJobs = useAppStore((s) => s.addJobs);
  const connection = useAppStore((s) => findConnection(spec.connection, s.connections));
  const [writeMode, setWriteMode] = useState<WriteMode | undefined>(spec.kind === 'load' ? spec.writeMode : undefined);
  const [starting, setStarting] = useState(false);
  const holdsItems = useTableHoldsItems(spec.kind === 'load' ? (connection?.id ?? null) : null, spec.table);
  const blocker = !connection
    ? 'The connection this run used is not listed any more: add it on the Connections page.'
    : spec.kind === 'load'
      ? writeModeBlocker(spec.table, holdsItems, writeMode)
      : null;
  const finalSpec: JobSpec = spec.kind === 'load' && writeMode ? { ...spec, writeMode } : spec;

  const start = async () => {
    setStarting(true);
    requestNotificationPermission();
    try {
      const job = await command('startJob', { spec: finalSpec });
      addJobs([job]);
      setView({ page: 'job', jobId: job.id });
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="page wizard" data-testid="review-run">
      <button className="link-button back" onClick={() => setView({ page: 'run', jobId: fromRunId })}>← Back to the run</button>
      <h1>Run again: review</h1>
      <p className="muted">The same spec as run {fromRunId}, as a new job. Check it before it starts; nothing is written until you press Start.</p>
      {spec.kind === 'load' && (
        <section className="card">
          <h2>Items already in {spec.table}</h2>
          <WriteModeChoice tableName={spec.table} holdsItems={holdsItems} value={writeMode} onChange={setWriteMode} />
        </section>
      )}
      <section className="card">
        <h2>Spec</h2>
        <table className="spec-table" data-testid="review-spec">
          <tbody>
            {specRows(finalSpec).map((row) => (
              <tr key={row.path}><th>{row.label}</th><td>{row.value}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="actions">
        <button className="primary big" data-testid="review-start" disabled={!!blocker || starting} onClick={() => void start()}>
          {starting ? 'Starting…' : spec.kind === 'load' ? 'Start load' : 'Start backfill'}
        </button>
        {blocker && <span className="muted small" data-testid="review-blocked">{blocker}</span>}
      </div>
    </div>
  );
}
