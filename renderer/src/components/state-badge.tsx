import { everyRecordRejected } from '../../../shared/job-outcome';
import type { JobState, JobTotals } from '../../../shared/job-status';

/** A job's state as a coloured word; a completed run that stored nothing and rejected everything says so in red. */
export function StateBadge({ state, totals }: { state: JobState; totals?: JobTotals }) {
  if (totals && everyRecordRejected(state, totals)) {
    return <span className="badge state-failed" data-testid="job-state" title="The job ran to its end, but every record it read was rejected: nothing was written.">all rejected</span>;
  }
  return <span className={`badge state-${state}`} data-testid="job-state">{state}</span>;
}
