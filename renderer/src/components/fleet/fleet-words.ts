import { formatCount, formatRate } from '../../../../shared/format';
import type { FleetRateStatus, FleetStatus, FleetWorkerStatus } from '../../../../shared/fleet-status';

/**
 * The fleet card's figures in words: how long ago a worker was heard from, whether the
 * shared rate is the operator's or was cut by throttles, and the fleet's totals. Pure, so
 * the words are tested without a browser.
 */

/** A worker's heartbeat age as the coordinator last read it, moved on by the time since that read. */
export function heartbeatAgeMs(worker: FleetWorkerStatus, fleet: Pick<FleetStatus, 'atMs'>, nowMs: number): number | null {
  if (worker.lastHeartbeatMs <= 0) return null;
  return Math.max(0, fleet.atMs - worker.lastHeartbeatMs) + Math.max(0, nowMs - fleet.atMs);
}

/** "3 s ago", "2 min ago", or "gone" for an entry that expired. */
export function heartbeatWords(ageMs: number | null): string {
  if (ageMs === null) return 'gone';
  const seconds = Math.floor(ageMs / 1000);
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** How a heartbeat age reads: fine, late (a few beats missed) or lost (the coordinator marked it silent). */
export function heartbeatTone(worker: FleetWorkerStatus, ageMs: number | null): 'ok' | 'late' | 'lost' {
  if (worker.silent || ageMs === null) return 'lost';
  return ageMs > 2500 ? 'late' : 'ok';
}

/** The shared rate against the operator's, in words: paused, equal, or cut by throttles and by how much. */
export function sharedRateWords(rate: FleetRateStatus, unit: 'WCU/s' | 'RCU/s', state: FleetStatus['state'] = 'running'): string {
  const shared = rate.sharedRatePerSecond;
  const asked = rate.operatorRatePerSecond;
  if (state === 'paused') return `paused: no worker gets capacity; resuming brings back the operator's ${formatRate(asked, unit)}`;
  if (state === 'stopped') return `stopped: workers end their shards at their last checkpoint (the operator's rate was ${formatRate(asked, unit)})`;
  if (asked <= 0) return `${formatRate(shared, unit)} shared`;
  if (Math.abs(shared - asked) < 0.5) return `${formatRate(shared, unit)}: the operator's rate, shared by every worker`;
  if (shared < asked) {
    const cut = Math.round((1 - shared / asked) * 100);
    return `${formatRate(shared, unit)} in force, ${cut}% below the operator's ${formatRate(asked, unit)}: throttles cut it, and it climbs back`;
  }
  return `${formatRate(shared, unit)} in force; the operator asked for ${formatRate(asked, unit)}`;
}

/** "12 done · 3 running · 5 waiting · 1 failed", leaving out states with none (done always shown). */
export function shardWords(shards: FleetStatus['shards']): string {
  const parts = [`${formatCount(shards.done)} done`];
  if (shards.running) parts.push(`${formatCount(shards.running)} running`);
  if (shards.pending) parts.push(`${formatCount(shards.pending)} waiting`);
  if (shards.failed) parts.push(`${formatCount(shards.failed)} failed`);
  return parts.join(' · ');
}

/** Workers heard from recently, and those the coordinator marked silent. */
export function workerCounts(workers: readonly FleetWorkerStatus[]): { live: number; silent: number } {
  const silent = workers.filter((w) => w.silent).length;
  return { live: workers.length - silent, silent };
}

/** The fleet's items per second: the sum of the live workers' own figures. */
export function fleetItemsPerSecond(workers: readonly FleetWorkerStatus[]): number {
  return workers.filter((w) => !w.silent).reduce((sum, w) => sum + w.itemsPerSecond, 0);
}

/** "no errors", or the count with the last one in words. */
export function errorWords(worker: FleetWorkerStatus): string {
  if (worker.errors === 0) return 'no errors';
  const count = worker.errors === 1 ? '1 error' : `${formatCount(worker.errors)} errors`;
  return worker.lastError ? `${count}; last: ${worker.lastError}` : count;
}
