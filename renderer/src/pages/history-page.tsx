import { useEffect, useMemo, useState } from 'react';
import type { RunSummary } from '../../../shared/contract';
import { isReadOnlyOperation } from '../../../shared/backfill-spec';
import { formatCount, formatDuration, formatPercent } from '../../../shared/format';
import { formatUsd } from '../../../shared/cost/money-format';
import { jobProgress, type JobState } from '../../../shared/job-status';
import { jobTitle } from '../../../shared/job-title';
import { command, errorWords } from '../api/command';
import { RunActions } from '../components/run-actions';
import { StateBadge } from '../components/state-badge';
import { isRunning } from '../format/run-liveness';
import { formatDateTime } from '../format/zoned-clock';
import { useAppStore } from '../store/app-store';
import { ANY_RUN, filterRuns, runKind, runTables, type HistoryFilter } from './history-filters';
import { ReasonButton } from '../components/reason-button';

const STATES: JobState[] = ['running', 'paused', 'completed', 'stopped', 'failed'];

/**
 * Every stored run, newest first: this session's and earlier ones, live ones marked.
 * Trials (a backfill tried on a sample) are listed apart from the runs; filters narrow
 * both by kind, table, state and the day a run started.
 */
export function HistoryPage() {
  const utc = useAppStore((s) => s.utc);
  const jobStates = useAppStore((s) => Object.values(s.jobs).map((j) => j.state).join());
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<HistoryFilter>(ANY_RUN);

  useEffect(() => {
    let live = true;
    command('listRuns', {}).then((r) => live && setRuns([...r].sort((a, b) => b.createdAtMs - a.createdAtMs)), (e: unknown) => live && setError(errorWords(e)));
    return () => { live = false; };
  }, [jobStates]);

  const shown = useMemo(() => (runs ? filterRuns(runs, filter, utc) : []), [runs, filter, utc]);
  const jobs = shown.filter((r) => runKind(r) !== 'trial');
  const trials = shown.filter((r) => runKind(r) === 'trial');
  const set = (change: Partial<HistoryFilter>) => setFilter((f) => ({ ...f, ...change }));
  const filtered = filter.kind || filter.table || filter.state || filter.from || filter.to;

  return (
    <div className="page" data-testid="history-page">
      <h1>History</h1>
      <p className="muted">Every run keeps its spec, series and report. Open one to see its dashboard read-only; resume an interrupted one from its checkpoint, or run the same spec again.</p>
      {error && <p className="error-text">{error}</p>}
      {runs && runs.length === 0 && <section className="card muted" data-testid="history-empty">No runs yet. A load you start appears here, and stays after Capstan closes.</section>}
      {runs && runs.length > 0 && (
        <>
          <div className="history-filters controls" data-testid="history-filters">
            <label>Kind
              <select data-testid="filter-kind" value={filter.kind} onChange={(e) => set({ kind: e.target.value as HistoryFilter['kind'] })}>
                <option value="">any</option><option value="load">loads</option><option value="backfill">backfills</option><option value="trial">trials</option>
              </select>
            </label>
            <label>Table
              <select data-testid="filter-table" value={filter.table} onChange={(e) => set({ table: e.target.value })}>
                <option value="">any</option>
                {runTables(runs).map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            </label>
            <label>State
              <select data-testid="filter-state" value={filter.state} onChange={(e) => set({ state: e.target.value as HistoryFilter['state'] })}>
                <option value="">any</option>
                {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
            <label>From<input type="date" data-testid="filter-from" value={filter.from} onChange={(e) => set({ from: e.target.value })} /></label>
            <label>To<input type="date" data-testid="filter-to" value={filter.to} onChange={(e) => set({ to: e.target.value })} /></label>
            <ReasonButton data-testid="filter-clear" blockedBy={!filtered && 'No filter is set'} title="Show every run" onClick={() => setFilter(ANY_RUN)}>Clear</ReasonButton>
            <span className="muted small" data-testid="history-count">{formatCount(shown.length)} of {formatCount(runs.length)} shown</span>
          </div>
          {filter.kind !== 'trial' && <RunTable title="Runs" runs={jobs} testId="runs-list" empty="No run matches the filters." utc={utc} />}
          {filter.kind !== 'load' && filter.kind !== 'backfill' && trials.length > 0 && (
            <RunTable title="Trials" note="A backfill tried on a sample of its table: nothing was written unless the trial said so." runs={trials} testId="trials-list" empty="" utc={utc} scanned />
          )}
        </>
      )}
    </div>
  );
}

/** One list of runs with their figures and a bar of the share they settled. */
function RunTable({ title, note, runs, testId, empty, utc, scanned = false }: { title: string; note?: string; runs: RunSummary[]; testId: string; empty: string; utc: boolean; scanned?: boolean }) {
  const setView = useAppStore((s) => s.setView);
  return (
    <section className="card">
      <h2>{title} <span className="muted small">{formatCount(runs.length)}</span></h2>
      {note && <p className="muted small">{note}</p>}
      {runs.length === 0 ? <p className="muted" data-testid={`${testId}-empty`}>{empty}</p> : (
        <div className="table-scroll">
          <table className="grid clickable run-table" data-testid={testId}>
            <thead><tr><th>Job</th><th>State</th><th>Done</th><th>Started</th><th className="num">Took</th><th className="num">{scanned ? 'Scanned' : 'Written'}</th><th className="num">Rejected</th><th className="num">Cost</th><th /></tr></thead>
            <tbody>
              {runs.map((run) => {
                const share = jobProgress(run.totals);
                return (
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
                    <td className="run-share" data-testid={`run-share-${run.id}`} data-share={share.toFixed(4)} title={`${formatPercent(share)} of the input settled`}>
                      <div className="mini-progress"><div className={run.state === 'completed' || isRunning(run) ? '' : 'paused'} style={{ width: `${Math.min(100, share * 100)}%` }} /></div>
                      <span className="small">{formatPercent(share)}</span>
                    </td>
                    <td className="small">{run.startedAtMs ? formatDateTime(run.startedAtMs, utc) : '—'}</td>
                    <td className="num">{run.startedAtMs && run.endedAtMs ? formatDuration((run.endedAtMs - run.startedAtMs) / 1000) : '—'}</td>
                    <WrittenCell run={run} scannedColumn={scanned} />
                    <td className="num">{formatCount(run.totals.rejected)}</td>
                    <td className="num">{run.cost ? formatUsd(run.cost.spentUsd) : '—'}</td>
                    <td><RunActions run={run} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * What a run did to the table: items written, or for a read-only run (a count, a find)
 * and a trial the items it scanned, said as such: neither writes what it reads.
 */
function WrittenCell({ run, scannedColumn }: { run: RunSummary; scannedColumn: boolean }) {
  if (scannedColumn) return <td className="num" data-testid="run-written">{formatCount(run.totals.read)}</td>;
  if (run.spec.kind === 'backfill' && isReadOnlyOperation(run.spec.operation)) {
    return <td className="num" data-testid="run-written" title={`A ${run.spec.operation.kind} writes nothing: it scanned ${formatCount(run.totals.read)} items`}>{formatCount(run.totals.read)} <span className="muted">scanned</span></td>;
  }
  return <td className="num" data-testid="run-written">{formatCount(run.totals.written)}</td>;
}
