import { writeFile } from 'node:fs/promises';
import { queueUrlWithoutCredentials } from '../../shared/fleet-status';
import { formatCount } from '../../shared/format';
import type { JobSpec } from '../../shared/job-spec';
import { jobSpecSchema } from '../../shared/job-spec';
import { parseRedisUrl } from '../engine/fleet/redis-connection';
import { FleetJobRun } from '../engine/fleet-job';
import { storedFleetSpec } from '../engine/fleet-plan';
import { workerTarget } from '../engine/fleet/worker-target';
import { KEYS_HELP, keysEnabled, listenForKeys } from './terminal-keys';

/**
 * A fleet job run from a terminal: the coordinator plans, queues and steers, prints the
 * fleet once a second, and writes the report. Keys (terminal-keys.ts) pause, resume and
 * set the fleet's write rate while it runs. Ctrl-C stops the job (workers end their
 * shards at their last checkpoints); `--resume <id>` with the same `--fleet` attaches to a
 * job in Redis, after a stop or after this process died. The queue's password is used for
 * the connection only: the spec keeps the URL without it, and nothing prints it.
 */
export async function runFleetFromTerminal(options: {
  queueUrl: string;
  spec: JobSpec | null;
  resumeId: string | null;
  dataDir: string;
  reportPath: string | undefined;
  version: string;
  resumeCommand: string;
  /** With --resume: a new cost ceiling (the one a stop at the ceiling left would pause it again). */
  maxCostUsd?: number;
}): Promise<number> {
  const target = parseRedisUrl(options.queueUrl);
  let spec: JobSpec;
  if (options.resumeId) spec = jobSpecSchema.parse(await storedFleetSpec(target, options.resumeId));
  // The queue as given on the command line (without its password); the rest of the spec's fleet (a load's rangeMb) stays.
  else if (options.spec) spec = jobSpecSchema.parse({ ...options.spec, fleet: { ...options.spec.fleet, queue: queueUrlWithoutCredentials(target.display) } });
  else throw new Error('Nothing to run: a spec or --resume <id> is needed');
  let stoppedAtCeiling = false;
  const run: FleetJobRun = await FleetJobRun.begin(spec, {
    target, dataDir: options.dataDir, capstanVersion: options.version, clientTarget: workerTarget(spec),
    log: (level, message) => console.log(`${level === 'info' ? '' : `${level}: `}${message}`),
    onUpdate: (job) => {
      // As for a local job run from a terminal: nobody can raise the ceiling headless, so the job stops with its checkpoints.
      if (job.state === 'paused' && job.pausedBy === 'cost' && !stoppedAtCeiling) {
        stoppedAtCeiling = true;
        console.log(`\n${job.pauseReason ?? 'Paused at the cost ceiling.'}\nStopping the fleet job; resume with: ${options.resumeCommand} ${job.id} --max-cost <usd>`);
        void run.stop();
      }
      const f = job.fleet;
      // While the coordinator plans, its log says how far the index pass is.
      if (!f || f.planning) return;
      const live = f.workers.filter((w) => !w.silent).length;
      const errors = f.workers.filter((w) => w.lastError).map((w) => `${w.host}: ${w.lastError}`);
      console.log(`${job.state} | shards ${f.shards.done}/${f.shards.done + f.shards.running + f.shards.pending + f.shards.failed} done, ${f.shards.running} running | written ${formatCount(job.totals.written)} | ${live} worker(s), ${formatCount(Math.round(f.workers.reduce((s, w) => s + w.itemsPerSecond, 0)))} items/s | rate ${formatCount(f.write.sharedRatePerSecond)} WCU/s${errors.length ? ` | last error ${errors[errors.length - 1]}` : ''}`);
    },
  }, options.resumeId);
  let interrupted = 0;
  const onSignal = () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    console.log(run.planning
      ? '\nStopping the fleet job while it plans: the index pass ends and nothing is queued (Ctrl-C again to leave at once)'
      : '\nStopping the fleet job: workers end their shards at their last checkpoints (Ctrl-C again to leave it running in Redis)');
    void run.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Ctrl-C while the coordinator plans (a big object's index pass) ends the plan: the job's folder keeps its spec and a report saying so.
  try {
    await run.plan();
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const stopped = run.reportOfStopWhilePlanning;
    if (!stopped) throw error;
    if (options.reportPath) await writeFile(options.reportPath, JSON.stringify(stopped, null, 2));
    console.log(`\nstopped: ${stopped.reconciliation.statement}\nResume (it is planned again) with: ${options.resumeCommand} ${run.id}`);
    return 1;
  }
  console.log(`Job ${run.id} (attach again with: ${options.resumeCommand} ${run.id})`);
  if (options.maxCostUsd !== undefined) await run.setCostCeiling(options.maxCostUsd);
  // A job stopped earlier (Ctrl-C, the ceiling) continues: its shards not done go back on the queue.
  if (options.resumeId) await run.restartIfStopped();
  if (keysEnabled()) console.log(KEYS_HELP);
  const keys = listenForKeys({
    pause: () => run.pause(), resume: () => run.resume(), setRate: (wcu) => run.setRate(wcu), rate: async () => (await run.coordinator.budget.read())?.rates.write.operatorRate ?? run.snapshot().rateWcuPerSecond,
    stop: () => process.kill(process.pid, 'SIGINT'),
  }, (line) => console.log(line));
  try {
    const report = await run.waitForEnd();
    if (options.reportPath) await writeFile(options.reportPath, JSON.stringify(report, null, 2));
    console.log(`\n${report.job.state}: ${report.reconciliation.statement}${report.error ? `\n${report.error.message}` : ''}`);
    const rows = (report as { fleet?: { workers: { host: string; pid: number; shardsDone: number; itemsWritten: number; errors: number; lastError: string | null }[] } }).fleet?.workers ?? [];
    for (const w of rows) console.log(`  ${w.host} pid ${w.pid}: ${w.shardsDone} shard(s), ${formatCount(w.itemsWritten)} written, ${w.errors} error(s)${w.lastError ? ` (last: ${w.lastError})` : ''}`);
    return report.job.state === 'completed' && report.reconciliation.pending === 0 ? 0 : 1;
  } finally {
    keys.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await run.close();
  }
}
