import { useEffect, useState } from 'react';
import { fleetPlanningRefusal } from '../../../../shared/fleet-status';
import type { JobSnapshot } from '../../../../shared/job-status';
import { command, errorWords } from '../../api/command';
import { isTyping } from '../../hooks/use-global-shortcuts';
import { ConfirmDialog } from '../confirm-dialog';
import { ReasonButton } from '../reason-button';

/**
 * Pause / resume (also the space bar), resume from a checkpoint after a stop or failure,
 * and stop after a confirmation: a stopped job keeps its checkpoint and can be resumed.
 * While a fleet job's coordinator plans, Pause is shown disabled with the engine's reason.
 */
export function JobControls({ job, onError }: { job: JobSnapshot; onError(message: string): void }) {
  const [confirmStop, setConfirmStop] = useState(false);
  const jobId = job.id;
  const running = job.state === 'running';
  const paused = job.state === 'paused';
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      onError(errorWords(e));
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isTyping(e.target) || (e.target as HTMLElement | null)?.closest?.('button')) return;
      if (!running && !paused) return;
      e.preventDefault();
      void act(() => (running ? command('pauseJob', { jobId }) : command('resumeJob', { jobId })));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="controls">
      {job.state === 'validating' && job.fleet?.planning && (
        <ReasonButton data-testid="pause-job" blockedBy={fleetPlanningRefusal('Pausing')}>❚❚ Pause</ReasonButton>
      )}
      {running && <button data-testid="pause-job" title="Pause (Space)" onClick={() => void act(() => command('pauseJob', { jobId }))}>❚❚ Pause</button>}
      {paused && <button className="primary" data-testid="resume-job" title="Resume (Space)" onClick={() => void act(() => command('resumeJob', { jobId }))}>▶ Resume</button>}
      {(job.state === 'stopped' || job.state === 'failed') && <button data-testid="resume-job" onClick={() => void act(() => command('resumeJob', { jobId }))}>▶ Resume from checkpoint</button>}
      {(running || paused || job.state === 'validating') && <button className="danger" data-testid="stop-job" onClick={() => setConfirmStop(true)}>■ Stop</button>}
      {confirmStop && (
        <ConfirmDialog
          title="Stop this job?"
          body="Writes stop after the requests in flight. Everything written stays written, the checkpoint is kept, and the job can be resumed later from History."
          confirmLabel="Stop the job"
          onCancel={() => setConfirmStop(false)}
          onConfirm={() => { setConfirmStop(false); void act(() => command('stopJob', { jobId })); }}
        />
      )}
    </div>
  );
}
