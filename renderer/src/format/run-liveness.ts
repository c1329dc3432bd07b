import type { RunSummary } from '../../../shared/contract';
import { isFinalState } from '../../../shared/job-status';

/**
 * Whether a stored run is still going. The engine marks every run of this session
 * `live`, finished ones too, so the state decides: live and not in a final state.
 */
export function isRunning(run: RunSummary): boolean {
  return run.live && !isFinalState(run.state);
}

/** Whether `resumeJob` can continue the run: it has a checkpoint with pending records. */
export function canResume(run: RunSummary): boolean {
  if (isRunning(run)) return false;
  // A stopped or failed run of this session keeps its checkpoint too; the engine only
  // computes `resumable` for runs of earlier sessions.
  return run.resumable || (run.live && (run.state === 'stopped' || run.state === 'failed'));
}
