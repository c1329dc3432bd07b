import { formatPercent } from '../../../shared/format';
import { isFinalState, jobProgress } from '../../../shared/job-status';
import { jobTitle } from '../../../shared/job-title';
import { useAppStore } from '../store/app-store';
import { NAV_PAGES, navPageOf } from '../store/view';
import { StateBadge } from './state-badge';

/** The navigation: one entry per page, then the jobs still running or paused, one click away. */
export function NavSidebar() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const jobs = useAppStore((s) => s.jobs);
  const current = navPageOf(view);
  const live = Object.values(jobs).filter((j) => !isFinalState(j.state)).sort((a, b) => b.createdAtMs - a.createdAtMs);
  return (
    <nav className="sidebar" aria-label="Pages">
      {NAV_PAGES.map((p) => (
        <button key={p.page} className={`nav-item ${current === p.page ? 'active' : ''}`} data-testid={`nav-${p.page}`} onClick={() => setView({ page: p.page })}>
          <span>{p.label}</span>
          <kbd>{p.key}</kbd>
        </button>
      ))}
      {live.length > 0 && <div className="section-label">Live jobs</div>}
      {live.map((job) => {
        const active = view.page === 'job' && view.jobId === job.id;
        return (
          <button key={job.id} className={`nav-job ${active ? 'active' : ''}`} data-testid={`nav-job-${job.id}`} onClick={() => setView({ page: 'job', jobId: job.id })}>
            <span className="nav-job-title">{jobTitle(job.spec)}</span>
            <span className="nav-job-meta">
              <StateBadge state={job.state} totals={job.totals} /> {formatPercent(jobProgress(job.totals))}
            </span>
          </button>
        );
      })}
    </nav>
  );
}
