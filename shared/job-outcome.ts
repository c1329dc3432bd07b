import { unchangedOf, type JobState, type JobTotals } from './job-status';

/**
 * A job that ended "completed" having stored nothing while it rejected records did not
 * succeed: every record it read was refused (a wrong key template, the wrong file). The
 * UI must not paint it green and the CLI must not exit 0.
 */
export function everyRecordRejected(state: JobState, totals: JobTotals): boolean {
  return state === 'completed' && totals.rejected > 0 && totals.written + totals.skipped + unchangedOf(totals) === 0;
}
