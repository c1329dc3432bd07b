import { formatCount, formatPercent } from '../../../shared/format';
import { jobProgress } from '../../../shared/job-status';
import { jobTitle } from '../../../shared/job-title';
import { useAppStore } from '../store/app-store';
import { StateBadge } from './state-badge';

/** The job cards in the sidebar, newest first, plus the way to start a new load. */
export function JobList() {
  const { jobs, view, setView } = useAppStore();
  const list = Object.values(jobs).sort((a, b) => b.createdAtMs - a.createdAtMs);
  return (
    <nav className="job-list" aria-label="Jobs">
      <button className={`nav-item primary ${view.page === 'load' ? 'active' : ''}`} data-testid="nav-new-load" onClick={() => setView({ page: 'load' })}>
        + New load
      </button>
      <div className="section-label">Jobs</div>
      {list.length === 0 && <p className="muted small empty-hint">No jobs yet. Start with a load: pick a file, a table and a rate.</p>}
      {list.map((job) => {
        const t = job.totals;
        const fraction = jobProgress(t);
        const active = view.page === 'job' && view.jobId === job.id;
        return (
          <button key={job.id} className={`job-card ${active ? 'active' : ''}`} data-testid={`job-card-${job.id}`} onClick={() => setView({ page: 'job', jobId: job.id })}>
            <div className="job-card-title">
              <span>{jobTitle(job.spec)}</span>
              <StateBadge state={job.state} />
            </div>
            <div className="mini-progress"><div style={{ width: `${Math.min(100, fraction * 100)}%` }} /></div>
            <div className="muted small">{formatCount(t.written)} written · {formatPercent(fraction)}</div>
          </button>
        );
      })}
    </nav>
  );
}
