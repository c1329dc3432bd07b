import type { Command } from 'commander';
import { FleetWorker } from '../engine/fleet/fleet-worker';
import { parseRedisUrl } from '../engine/fleet/redis-connection';
import { ShardJobsRunner } from '../engine/fleet-shard-jobs';
import type { EntryPaths } from './entry-paths';

/**
 * `capstan worker --queue redis://HOST:PORT [--concurrency N]`: a fleet worker. It takes
 * shards of any job from the queue and runs each with the same lifecycle and executors as
 * a local job, on capacity leased from the job's fleet budget, with its checkpoints in
 * Redis. AWS credentials are its own (environment, instance or task role, profile chain).
 * Ctrl-C or SIGTERM: running shards stop at their last checkpoint and go back to the queue.
 * A job planned by another Capstan version is refused in words, and the worker exits with
 * code 3. CAPSTAN_TEST_WORKER_VERSION (tests only) makes it claim another version.
 */
export function registerWorkerCommand(program: Command, paths: EntryPaths, version: string): void {
  program
    .command('worker')
    .description('run shards of fleet jobs from a Redis (or Valkey) queue, on this machine\'s AWS credentials')
    .requiredOption('--queue <url>', 'the fleet\'s queue: redis://[USER:PASSWORD@]HOST:PORT (rediss:// for TLS)')
    .option('--concurrency <n>', 'shards run at once on this worker', '2')
    .option('--work-dir <dir>', 'where shards keep their files while they run (default: the system\'s temp folder)')
    .action(async (flags: { queue: string; concurrency: string; workDir?: string }) => {
      const target = parseRedisUrl(flags.queue);
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new Error(`--concurrency must be a whole number from 1 to 64; got ${flags.concurrency}`);
      const runner = new ShardJobsRunner({ workerScripts: paths.workerScripts, ...(flags.workDir ? { workDir: flags.workDir } : {}) });
      const log = (level: string, message: string) => console.log(`${new Date().toISOString()} ${level}: ${message}`);
      // For tests only: the version this worker claims, to meet jobs of another version.
      const claimed = process.env.CAPSTAN_TEST_WORKER_VERSION || version;
      const worker = new FleetWorker({ target, concurrency, capstanVersion: claimed, runner, log });
      await worker.start();
      console.log(`Worker ${worker.id} (Capstan ${claimed}) ready on ${target.display}, ${concurrency} shard(s) at once`);
      let closing = false;
      const close = () => {
        if (closing) process.exit(130);
        closing = true;
        console.log('Stopping: running shards stop at their last checkpoint and go back to the queue (again to quit at once)');
        void worker.close().then(() => process.exit(0));
      };
      process.on('SIGINT', close);
      process.on('SIGTERM', close);
      const refusal = await worker.refused;
      console.error(`capstan worker: ${refusal}`);
      await worker.close();
      process.exit(3);
    });
}
