import { useMemo, type ReactNode } from 'react';
import type { TableDetails } from '../../../../shared/contract';
import type { JobSnapshot, JobTick } from '../../../../shared/job-status';
import { CapacityChart } from '../../charts/capacity-chart';
import type { SeriesContext } from '../../charts/capacity-series';
import { buildMinuteLookup } from '../../charts/minute-lookup';
import { ThrottleChart } from '../../charts/throttle-chart';
import type { LogLine } from '../../store/app-store';
import { CostPanel } from '../cost-panel';
import { FleetCard } from '../fleet/fleet-card';
import { ActionMarks } from './action-marks';
import { EventLog } from './event-log';
import { ObjectAuditTable } from './object-audit-table';
import { ProgressCard } from './progress-card';
import { RejectsPanel } from './rejects-panel';
import { ThrottleDiagnosis } from './throttle-diagnosis';

/**
 * The panels every job view shares, live or stored: progress, the fleet (a fleet job's
 * workers), the capacity chart, throttles with their diagnosis, cost and the event log.
 * The live dashboard passes its controls in; a stored run passes none and gets a
 * read-only view.
 */
export function DashboardBody(props: {
  job: JobSnapshot;
  /** Append-only: only the first `tickCount` are drawn, and a new count means new ticks. */
  ticks: readonly JobTick[];
  tickCount: number;
  logs: readonly LogLine[] | undefined;
  details: TableDetails | null;
  readOnly: boolean;
  rateControl?: ReactNode;
  /** The rate-mode selector of a live job. */
  modeControl?: ReactNode;
  heatMap?: ReactNode;
  logNote?: string;
  onError(message: string): void;
}) {
  const { job, ticks, tickCount, details } = props;
  const minutes = job.capacity?.minutes;
  const last = minutes?.[minutes.length - 1];
  // New minutes arrive about once a minute: the chart's context (and a redraw) changes only then.
  const minutesKey = last ? `${minutes!.length}:${last.minuteStartMs}:${last.totalConsumedWcuPerSecond}` : '';
  const context: SeriesContext = useMemo(
    () => ({
      provisionedWcu: details?.billingMode === 'PROVISIONED' ? details.writeCapacityUnits : null,
      provisionedRcu: details?.billingMode === 'PROVISIONED' ? details.readCapacityUnits : null,
      minutes: buildMinuteLookup(minutes ?? [], ticks, tickCount),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the minutes' content, not the snapshot's identity
    [details, minutesKey],
  );
  const decision = job.capacity?.decision;
  const cloudwatchProblem = job.capacity?.cloudwatchProblem;
  return (
    <>
      <ProgressCard job={job} ticks={ticks} tickCount={tickCount} />
      {job.fleet && <FleetCard fleet={job.fleet} />}
      <RejectsPanel job={job} />
      {job.objects && <ObjectAuditTable audit={job.objects} />}
      <section className="card">
        <div className="card-head">
          <h2>Throughput and capacity</h2>
          {props.rateControl}
        </div>
        <CapacityChart ticks={ticks} tickCount={tickCount} context={context} actions={job.actions} />
        <ActionMarks actions={job.actions} />
        {decision && <p className="decision small" data-testid="rate-decision"><strong>Rate decision:</strong> {decision.reason}</p>}
        {cloudwatchProblem && <p className="muted small" data-testid="cloudwatch-problem">CloudWatch: {cloudwatchProblem}</p>}
        {props.modeControl}
        {details?.billingMode === 'PAY_PER_REQUEST' && (
          <p className="muted small">On-demand table: no provisioned line; it serves up to twice its previous peak at once{details.onDemandMaxWriteRequestUnits && details.onDemandMaxWriteRequestUnits > 0 ? `, capped at ${details.onDemandMaxWriteRequestUnits.toLocaleString('en-US')} WRU/s` : ''}.</p>
        )}
      </section>
      {props.heatMap}
      <section className="card">
        <h2>Throttling</h2>
        <ThrottleChart ticks={ticks} tickCount={tickCount} />
        <ThrottleDiagnosis ticks={ticks} tickCount={tickCount} diagnosis={job.capacity?.diagnosis} />
      </section>
      <CostPanel job={job} onError={props.onError} readOnly={props.readOnly} />
      <EventLog lines={props.logs} note={props.logNote} />
    </>
  );
}
