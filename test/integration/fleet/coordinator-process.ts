/**
 * A fleet coordinator process for the coordinator's crash test (run with jiti): opens (or
 * attaches to) a counting job and waits for its end, printing "attached <bool>", one
 * "progress <done>/<total>" line per change, and at the end "end <json progress>".
 * Usage: coordinator-process.ts REDIS_URL JOB_ID SHARDS ITEMS_PER_SHARD RATE
 */
import { FleetCoordinator } from '../../../electron/engine/fleet/fleet-coordinator';
import { parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { countingPlan } from './counting-job';

const [url, jobId, shards, itemsPerShard, rate] = process.argv.slice(2);
const plan = countingPlan({ jobId: jobId!, shards: Number(shards), itemsPerShard: Number(itemsPerShard), rate: Number(rate), capstanVersion: '9.9.9' });
const coordinator = await FleetCoordinator.open(parseRedisUrl(url!), plan);
console.log(`attached ${coordinator.attached}`);
let last = -1;
const end = await coordinator.waitForEnd((progress) => {
  if (progress.shards.done === last) return;
  last = progress.shards.done;
  console.log(`progress ${progress.shards.done}/${plan.shards.length}`);
}, 200);
console.log(`end ${JSON.stringify(end)}`);
await coordinator.close();
process.exit(0);
