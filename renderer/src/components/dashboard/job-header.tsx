import type { ReactNode } from 'react';
import type { JobSnapshot } from '../../../../shared/job-status';
import { jobSubject, jobTitle } from '../../../../shared/job-title';
import { formatDateTime } from '../../format/zoned-clock';
import { useAppStore } from '../../store/app-store';
import { StateBadge } from '../state-badge';

/** A job's title, state, id, source and start time, with room for its controls. */
export function JobHeader({ job, children, tag }: { job: JobSnapshot; children?: ReactNode; tag?: string }) {
  const utc = useAppStore((s) => s.utc);
  return (
    <div className="dash-head">
      <div className="dash-title">
        <h1>{jobTitle(job.spec)} <StateBadge state={job.state} totals={job.totals} />{tag && <span className="badge" data-testid="read-only-badge">{tag}</span>}</h1>
        <p className="muted small"><span className="mono">{job.id}</span> · <span className="mono">{jobSubject(job.spec)}</span> → {job.spec.table}</p>
        <p className="muted small" data-testid="job-times">
          {job.startedAtMs ? `started ${formatDateTime(job.startedAtMs, utc)}` : `created ${formatDateTime(job.createdAtMs, utc)}`}
          {job.endedAtMs ? ` · ended ${formatDateTime(job.endedAtMs, utc)}` : ''}
        </p>
      </div>
      {children}
    </div>
  );
}
