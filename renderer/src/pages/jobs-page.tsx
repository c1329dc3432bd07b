import { isFinalState } from '../../../shared/job-status';
import { FirstSteps } from '../components/first-steps';
import { JobCard } from '../components/job-card';
import { useAppStore } from '../store/app-store';

/**
 * The jobs of this session as cards, live ones first. Jobs run in the engine: closing a
 * dashboard (or this page) never stops one.
 */
export function JobsPage() {
  const jobs = useAppStore((s) => s.jobs);
  const setView = useAppStore((s) => s.setView);
  const list = Object.values(jobs).sort((a, b) => Number(isFinalState(a.state)) - Number(isFinalState(b.state)) || b.createdAtMs - a.createdAtMs);
  return (
    <div className="page" data-testid="jobs-page">
      <div className="page-head">
        <h1>Jobs</h1>
        <div className="controls">
          <button data-testid="jobs-new-backfill" onClick={() => setView({ page: 'backfill' })}>+ Backfill</button>
          <button className="primary" data-testid="jobs-new-load" onClick={() => setView({ page: 'load' })}>+ New load</button>
        </div>
      </div>
      <p className="muted">Jobs keep running when you leave their dashboard; open a card to watch and steer it.</p>
      {list.length === 0 ? (
        <FirstSteps />
      ) : (
        <div className="card-grid" data-testid="job-cards">
          {list.map((job) => <JobCard key={job.id} job={job} onOpen={() => setView({ page: 'job', jobId: job.id })} />)}
        </div>
      )}
    </div>
  );
}
