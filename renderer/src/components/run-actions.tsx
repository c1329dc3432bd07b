import { useState } from 'react';
import type { RunSummary } from '../../../shared/contract';
import { command, errorWords } from '../api/command';
import { canResume, isRunning } from '../format/run-liveness';
import { requestNotificationPermission } from '../hooks/use-job-notifications';
import { useAppStore } from '../store/app-store';
import { ResumeForm } from './resume/resume-form';
import { ReasonButton } from './reason-button';

/**
 * What can be done with a stored run: open it live when it still runs, resume it from its
 * checkpoint when it has pending records, or review its spec to run it again as a new job.
 */
export function RunActions({ run }: { run: RunSummary }) {
  const setView = useAppStore((s) => s.setView);
  const setError = useAppStore((s) => s.setError);
  const addJobs = useAppStore((s) => s.addJobs);
  const [busy, setBusy] = useState(false);
  const [resuming, setResuming] = useState(false);
  const go = async (fn: () => Promise<{ id: string }>) => {
    setBusy(true);
    requestNotificationPermission();
    try {
      const job = await fn();
      addJobs(await command('listJobs', {}));
      setView({ page: 'job', jobId: job.id });
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="controls">
      {isRunning(run) && <button className="primary" data-testid={`run-live-${run.id}`} onClick={() => setView({ page: 'job', jobId: run.id })}>Live dashboard</button>}
      {canResume(run) && !resuming && <ReasonButton data-testid={`run-resume-${run.id}`} blockedBy={busy && 'Wait: the last action on this run is still being applied'} title="Resume from the checkpoint, with a new rate, mode or spreading if you like" onClick={() => setResuming(true)}>▶ Resume…</ReasonButton>}
      {canResume(run) && resuming && (
        <ResumeForm run={run} busy={busy} onCancel={() => setResuming(false)} onResume={(changes) => void go(() => command('resumeJob', { jobId: run.id, changes }))} />
      )}
      {!isRunning(run) && <ReasonButton data-testid={`run-rerun-${run.id}`} blockedBy={busy && 'Wait: the last action on this run is still being applied'} title="Review this run's spec, then start it again as a new job" onClick={() => setView({ page: 'review', fromRunId: run.id, spec: run.spec })}>↻ Re-run…</ReasonButton>}
    </div>
  );
}
