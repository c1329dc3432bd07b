import { formatCount, formatDuration, formatPercent, formatRate } from '../../../shared/format';
import { isFinalState, jobProgress, type JobSnapshot } from '../../../shared/job-status';
import { jobSubject, jobTitle } from '../../../shared/job-title';
import { etaSeconds } from '../format/job-eta';
import { useNow } from '../hooks/use-now';
import { StateBadge } from './state-badge';
import { isReadOnlyOperation } from '../../../shared/backfill-spec';

/** One job at a glance: title, state, progress, rate and ETA; a click opens its dashboard. */
export function JobCard({ job, onOpen }: { job: JobSnapshot; onOpen(): void }) {
  const fraction = jobProgress(job.totals);
  const now = useNow();
  const eta = etaSeconds(job, now);
  return (
    <button className="job-card" data-testid={`job-card-${job.id}`} onClick={onOpen}>
      <div className="job-card-title">
        <span className="ellipsis">{jobTitle(job.spec)}</span>
        <StateBadge state={job.state} totals={job.totals} />
      </div>
      <div className="muted small ellipsis mono">{jobSubject(job.spec)}</div>
      <div className="mini-progress"><div className={job.state === 'paused' ? 'paused' : ''} style={{ width: `${Math.min(100, fraction * 100)}%` }} /></div>
      <div className="job-card-facts small">
        <span>{formatPercent(fraction)}</span>
        <span>{formatCount(job.totals.written)} {job.spec.kind === 'backfill' ? 'changed' : 'written'}</span>
        <span>{job.kind === 'backfill' && isReadOnlyOperation(job.spec.operation) ? formatRate(job.readRateRcuPerSecond, 'RCU/s') : formatRate(job.rateWcuPerSecond, 'WCU/s')}</span>
        <span>{isFinalState(job.state) ? job.state : `ETA ${formatDuration(eta)}`}</span>
      </div>
    </button>
  );
}
