import type { JobState } from '../../../shared/job-status';

/** A job's state as a coloured word. */
export function StateBadge({ state }: { state: JobState }) {
  return <span className={`badge state-${state}`} data-testid="job-state">{state}</span>;
}
