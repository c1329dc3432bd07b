/**
 * A fleet worker process for the queue's crash tests (run with jiti): a FleetWorker with
 * the counting runner, concurrency 1. Prints "ready <id>", and exits on SIGTERM after a
 * clean close. Usage: counting-worker-process.ts REDIS_URL CAPSTAN_VERSION
 */
import { FleetWorker } from '../../../electron/engine/fleet/fleet-worker';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { CountingRunner } from './counting-runner';

const [url, version] = process.argv.slice(2);
const target = parseRedisUrl(url!);
const redis = await openRedis(target, 'budget');
const worker = new FleetWorker({ target, concurrency: 1, capstanVersion: version!, runner: new CountingRunner(redis), log: (level, message) => console.log(`${level}: ${message}`) });
await worker.start();
console.log(`ready ${worker.id}`);
process.on('SIGTERM', () => {
  void worker.close().then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
