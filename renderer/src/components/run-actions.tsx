import { useState } from 'react';
import type { RunSummary } from '../../../shared/contract';
import { command } from '../api/command';
import { canResume, isRunning } from '../format/run-liveness';
import { useJobStart } from '../hooks/use-job-start';
import { useAppStore } from '../store/app-store';
import { ResumeForm } from './resume/resume-form';
import { ReasonButton } from './reason-button';

/**
 * What can be done with a stored run: open it live when it still runs, resume it from its
 * checkpoint when it has pending records, or review its spec to run it again as a new job.
 */
export function RunActions({ run }: { run: RunSummary }) {
  const setView = useAppStore((s) => s.setView);
  const addJobs = useAppStore((s) => s.addJobs);
  const { starting: busy, startJob } = useJobStart();
  const [resuming, setResuming] = useState(false);
  const go = (fn: () => Promise<{ id: string }>) => startJob(async () => {
    const job = await fn();
    addJobs(await command('listJobs', {}));
    return job;
  });
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
