import { useEffect } from 'react';
import { isFinalState, type JobState } from '../../../shared/job-status';
import { jobTitle } from '../../../shared/job-title';
import { useAppStore } from '../store/app-store';

/**
 * A desktop (or browser) notification when a job finishes or fails, where the system
 * allows it: the operator has usually looked away by then. Permission is asked for when
 * a job is started (a user gesture), never on page load.
 */
export function useJobNotifications(): void {
  useEffect(() => {
    const seen = new Map<string, JobState>(Object.values(useAppStore.getState().jobs).map((j) => [j.id, j.state]));
    return useAppStore.subscribe((state) => {
      for (const job of Object.values(state.jobs)) {
        const before = seen.get(job.id);
        seen.set(job.id, job.state);
        if (before === undefined || before === job.state || isFinalState(before)) continue;
        if (job.state !== 'completed' && job.state !== 'failed' && job.state !== 'stopped') continue;
        notify(`${jobTitle(job.spec)}: ${job.state}`, job.error ? job.error.message : `${job.totals.written.toLocaleString('en-US')} written, ${job.totals.rejected.toLocaleString('en-US')} rejected`);
      }
    });
  }, []);
}

/** Asks for permission to notify, if the browser has not been asked yet; call from a click. */
export function requestNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body });
  } catch {
    // Some browsers only notify through a service worker; the in-app state badge still says it.
  }
}
