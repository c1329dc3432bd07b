import type { JobSnapshot } from '../../../../shared/job-status';
import { useAppStore } from '../../store/app-store';

/**
 * Resolves with the job's snapshot once `done` holds for it, as engine events update
 * the store (no polling). A timeout rejects, in words.
 */
export function awaitJob(jobId: string, done: (job: JobSnapshot) => boolean, timeoutMs = 600_000): Promise<JobSnapshot> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const job = useAppStore.getState().jobs[jobId];
      if (job && done(job)) {
        finish();
        resolve(job);
        return true;
      }
      return false;
    };
    const unsubscribe = useAppStore.subscribe(() => void check());
    const timer = setTimeout(() => { finish(); reject(new Error(`Job ${jobId} did not get there within ${Math.round(timeoutMs / 1000)} s`)); }, timeoutMs);
    function finish() {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });
}
