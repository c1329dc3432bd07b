import type { Engine } from '../engine/engine';
import type { JobReport } from '../../shared/job-report';
import { KEYS_HELP, keysEnabled, listenForKeys } from './terminal-keys';

/**
 * Watches one job from a terminal until it ends: Ctrl-C (or SIGTERM) stops it gracefully
 * and a second one quits at once (the checkpoint stays); a cost ceiling, which nobody can
 * raise headless, stops it with its checkpoint and says how to resume. A pause for a time
 * window is waited out: the job resumes by itself when the window opens. The same keys as a
 * fleet run (terminal-keys.ts) pause, resume and set the write rate. Returns the
 * job's report as it is on disk (null when none could be written): exit codes come from it.
 */
export async function superviseJob(engine: Engine, jobId: string, resumeHint: string): Promise<JobReport | null> {
  const unsubscribe = engine.subscribe((event) => {
    if (event.kind === 'job.state' && event.job.id === jobId && event.job.state === 'paused' && event.job.pausedBy === 'cost') {
      console.log(`\n${event.job.pauseReason ?? 'Paused at the cost ceiling.'}\nStopping with a checkpoint; resume with: ${resumeHint}`);
      engine.jobs.get(jobId).stop();
    }
  });
  let interrupted = 0;
  const onSignal = () => {
    interrupted++;
    if (interrupted === 1) {
      console.log('\nStopping: finishing requests in flight (Ctrl-C again to quit at once; the checkpoint is kept)');
      engine.jobs.get(jobId).stop();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (keysEnabled()) console.log(KEYS_HELP);
  const keys = listenForKeys({
    pause: () => engine.jobs.get(jobId).pause(), resume: () => engine.jobs.get(jobId).resume(),
    setRate: (wcu) => engine.jobs.get(jobId).setRate(wcu), rate: () => engine.jobs.get(jobId).snapshot().rateWcuPerSecond,
    stop: () => process.kill(process.pid, 'SIGINT'),
  }, (line) => console.log(line));
  try {
    await engine.jobs.waitForEnd(jobId);
    // The exit code follows what is on disk: a report that could not be written is no success.
    const report = await engine.jobs.reportOnDisk(jobId);
    if (!report) console.log(`\nNo report could be written for ${jobId} (see its log above); its last checkpoint is kept for a resume.`);
    return report;
  } finally {
    keys.close();
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
