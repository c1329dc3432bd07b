import { useEffect } from 'react';
import { fleetPlanningRefusal } from '../../../shared/fleet-status';
import { isFinalState, type JobTick } from '../../../shared/job-status';
import { command } from '../api/command';
import { DashboardBody } from '../components/dashboard/dashboard-body';
import { JobControls } from '../components/dashboard/job-controls';
import { JobHeader } from '../components/dashboard/job-header';
import { ModeControl } from '../components/dashboard/mode-control';
import { RateControl } from '../components/dashboard/rate-control';
import { ReadRateControl } from '../components/dashboard/read-rate-control';
import { ReportDownloads } from '../components/reports/report-downloads';
import { SandboxHeatMapCard } from '../components/sandbox/sandbox-heat-map-card';
import { findConnection } from '../format/connection-ref';
import { useTableDetails } from '../hooks/use-table-details';
import { holdsWholeTickHistory, useAppStore } from '../store/app-store';

const NO_TICKS: JobTick[] = [];

/**
 * The live dashboard of one job: progress, controls, capacity and throttle charts, cost,
 * the event log and, on the sandbox, the partition heat map. Leaving it does not touch
 * the job, which runs in the engine.
 */
export function JobDashboard({ jobId }: { jobId: string }) {
  const job = useAppStore((s) => s.jobs[jobId]);
  const ticks = useAppStore((s) => s.ticks[jobId] ?? NO_TICKS);
  const tickCount = useAppStore((s) => s.tickCounts[jobId] ?? 0);
  const logs = useAppStore((s) => s.logs[jobId]);
  const connections = useAppStore((s) => s.connections);
  const setError = useAppStore((s) => s.setError);
  const loadTickHistory = useAppStore((s) => s.loadTickHistory);

  useEffect(() => {
    // Ticks from before this window heard of the job (it keeps running when no one watches), asked once: events bring every later tick.
    if (holdsWholeTickHistory(useAppStore.getState(), jobId)) return;
    command('getJobTicks', { jobId }).then((history) => loadTickHistory(jobId, history), () => undefined);
  }, [jobId, loadTickHistory]);

  const spec = job?.spec;
  const connectionId = spec ? findConnection(spec.connection, connections)?.id ?? null : null;
  const final = job ? isFinalState(job.state) : true;
  const details = useTableDetails(connectionId, spec?.table ?? '', !final);

  if (!job) return <div className="page muted">No such job in this session; past runs are in History.</div>;
  return (
    <div className="page dashboard" data-testid="job-dashboard" data-job-id={jobId}>
      <JobHeader job={job}>
        <JobControls job={job} onError={setError} />
      </JobHeader>
      {job.error && <div className="banner error" data-testid="job-error">{job.error.name}: {job.error.message}</div>}
      {final && <ReportDownloads jobId={job.id} />}
      {job.pauseReason && <div className="banner warn" data-testid="pause-reason">{job.pauseReason} Raise the ceiling below, then resume.</div>}
      <DashboardBody
        job={job}
        ticks={ticks}
        tickCount={tickCount}
        logs={logs}
        details={details}
        readOnly={false}
        rateControl={final ? undefined : (
          <div className="controls">
            {job.kind === 'backfill' && <ReadRateControl job={job} onError={setError} />}
            <RateControl job={job} onError={setError} />
          </div>
        )}
        modeControl={final || (job.kind === 'backfill' && job.spec.trial) ? undefined : <ModeControl jobId={job.id} rateMode={job.rateMode} rateWcuPerSecond={job.rateWcuPerSecond} onError={setError} heldBy={job.fleet?.planning ? fleetPlanningRefusal('A rate mode change') : null} />}
        heatMap={job.spec.connection.kind === 'sandbox' && !final ? <SandboxHeatMapCard tableName={job.spec.table} /> : undefined}
        onError={setError}
      />
    </div>
  );
}
