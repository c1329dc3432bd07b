import { useEffect, useState } from 'react';
import type { StoredRunView } from '../../../shared/contract';
import type { JobSnapshot } from '../../../shared/job-status';
import { DashboardBody } from '../components/dashboard/dashboard-body';
import { JobHeader } from '../components/dashboard/job-header';
import { ReportDownloads } from '../components/reports/report-downloads';
import { RunActions } from '../components/run-actions';
import { command, errorWords } from '../api/command';
import { useAppStore } from '../store/app-store';
import { reasonsFromReport } from '../../../shared/report/reject-reasons';

/**
 * A stored run, read-only: the dashboard's panels fed by `getRun` (last snapshot, the
 * per-second series and the report) instead of live events, with no controls.
 */
export function RunView({ jobId }: { jobId: string }) {
  const setView = useAppStore((s) => s.setView);
  const setError = useAppStore((s) => s.setError);
  const [run, setRun] = useState<StoredRunView | null>(null);
  const [error, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    command('getRun', { jobId }).then((r) => live && setRun(r), (e: unknown) => live && setLoadError(errorWords(e)));
    return () => { live = false; };
  }, [jobId]);

  return (
    <div className="page dashboard" data-testid="run-view">
      <button className="link-button back" onClick={() => setView({ page: 'history' })}>← History</button>
      {error && <p className="error-text">{error}</p>}
      {!run && !error && <p className="muted">Reading the run…</p>}
      {run && (
        <>
          <JobHeader job={run.snapshot} tag="read-only">
            <RunActions run={run.summary} />
          </JobHeader>
          {run.snapshot.error && <div className="banner error">{run.snapshot.error.name}: {run.snapshot.error.message}</div>}
          {run.report && (
            <p className={`banner ${run.report.reconciliation.balanced ? 'ok' : 'error'}`} data-testid="run-report-statement">
              Report: {run.report.reconciliation.statement}{run.report.notes.length ? ` · ${run.report.notes.join(' · ')}` : ''}
            </p>
          )}
          {run.report && <ReportDownloads jobId={run.summary.id} />}
          {!run.report && run.summary.interrupted && <p className="banner warn">This run ended without a report (the process stopped); its checkpoint remains{run.summary.resumable ? ', so it can be resumed' : ''}.</p>}
          <DashboardBody job={withReportFacts(run)} ticks={run.ticks} tickCount={run.ticks.length} logs={run.log} details={null} readOnly onError={setError}
            logNote="No events were recorded for this run." />
        </>
      )}
    </div>
  );
}

/**
 * The stored snapshot, with what its report knows and the snapshot may not: rejects by
 * reason and the operator's actions, for a run saved before the snapshot carried them
 * or a fleet run (whose workers count reasons for the report only).
 */
function withReportFacts(run: StoredRunView): JobSnapshot {
  const { snapshot, report } = run;
  if (!report) return snapshot;
  return {
    ...snapshot,
    ...(!snapshot.rejectsByReason && Object.keys(report.rejects.byReason).length ? { rejectsByReason: reasonsFromReport(report.rejects) } : {}),
    ...(!snapshot.actions && report.actions?.length ? { actions: report.actions } : {}),
  };
}
