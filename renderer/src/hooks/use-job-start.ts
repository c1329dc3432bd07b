import { useState } from 'react';
import { errorWords } from '../api/command';
import { useAppStore } from '../store/app-store';
import { requestNotificationPermission } from './use-job-notifications';

/** What a page that starts jobs gets: whether one is starting, and the way to start one. */
export interface JobStart {
  /** True from the click until the job has started or failed to. */
  starting: boolean;
  /** Starts a job with `begin` (which also tells the store about it) and opens its dashboard. */
  startJob(begin: () => Promise<{ id: string }>): Promise<void>;
}

/**
 * Starting a job from a click, the same on every page: busy while it starts, permission to
 * notify asked for on the click (a user gesture), the job's dashboard opened once it has
 * started, and a refusal shown in words in the error banner.
 */
export function useJobStart(): JobStart {
  const setView = useAppStore((s) => s.setView);
  const setError = useAppStore((s) => s.setError);
  const [starting, setStarting] = useState(false);
  const startJob = async (begin: () => Promise<{ id: string }>) => {
    setStarting(true);
    requestNotificationPermission();
    try {
      const job = await begin();
      setView({ page: 'job', jobId: job.id });
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setStarting(false);
    }
  };
  return { starting, startJob };
}
