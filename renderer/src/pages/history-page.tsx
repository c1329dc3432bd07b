import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/contract';
import { formatCount, formatDuration } from '../../../shared/format';
import { formatUsd } from '../../../shared/cost/money-format';
import { jobTitle } from '../../../shared/job-title';
import { api } from '../api/capstan-api';
import { RunActions } from '../components/run-actions';
import { StateBadge } from '../components/state-badge';
import { isRunning } from '../format/run-liveness';
import { formatDateTime } from '../format/zoned-clock';
import { useAppStore } from '../store/app-store';

/** Every stored run, newest first: this session's and earlier ones, live ones marked. */
export function HistoryPage() {
  const setView = useAppStore((s) => s.setView);
  const utc = useAppStore((s) => s.utc);
  const jobStates = useAppStore((s) => Object.values(s.jobs).map((j) => j.state).join());
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listRuns({}).then((r) => live && setRuns([...r].sort((a, b) => b.createdAtMs - a.createdAtMs)), (e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [jobStates]);

  return (
    <div className="page" data-testid="history-page">
      <h1>History</h1>
      <p className="muted">Every run keeps its spec, series and report. Open one to see its dashboard read-only; resume an interrupted one from its checkpoint, or run the same spec again.</p>
      {error && <p className="error-text">{error}</p>}
      {runs && runs.length === 0 && <section className="card muted" data-testid="history-empty">No runs yet. A load you start appears here, and stays after Capstan closes.</section>}
      {runs && runs.length > 0 && (
        <section className="card">
          <div className="table-scroll">
            <table className="grid clickable" data-testid="runs-list">
              <thead><tr><th>Job</th><th>State</th><th>Started</th><th className="num">Took</th><th className="num">Written</th><th className="num">Rejected</th><th className="num">Cost</th><th /></tr></thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-testid={`run-row-${run.id}`}>
                    <td onClick={() => setView({ page: 'run', jobId: run.id })}>
                      <button className="link-button" data-testid={`run-open-${run.id}`}>{jobTitle(run.spec)}</button>
                      <div className="muted small mono">{run.id}</div>
                    </td>
                    <td>
                      <StateBadge state={run.state} totals={run.totals} />
                      {isRunning(run) && <span className="badge live" data-testid="run-live-mark">live</span>}
                      {run.interrupted && <span className="badge state-failed">interrupted</span>}
                    </td>
                    <td className="small">{run.startedAtMs ? formatDateTime(run.startedAtMs, utc) : '—'}</td>
                    <td className="num">{run.startedAtMs && run.endedAtMs ? formatDuration((run.endedAtMs - run.startedAtMs) / 1000) : '—'}</td>
                    <td className="num">{formatCount(run.totals.written)}</td>
                    <td className="num">{formatCount(run.totals.rejected)}</td>
                    <td className="num">{run.cost ? formatUsd(run.cost.spentUsd) : '—'}</td>
                    <td><RunActions run={run} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
