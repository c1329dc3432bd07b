import { describe, expect, it } from 'vitest';
import type { FleetWorkerStatus } from '../../../shared/fleet-status';
import { errorWords, fleetItemsPerSecond, heartbeatAgeMs, heartbeatTone, heartbeatWords, sharedRateWords, shardWords, workerCounts } from '../../../renderer/src/components/fleet/fleet-words';

const worker = (over: Partial<FleetWorkerStatus> = {}): FleetWorkerStatus => ({
  id: 'w1', host: 'ip-10-0-1-5', pid: 41, version: '0.1.0', shardsDone: 3, shardsRunning: 1, itemsWritten: 300,
  itemsPerSecond: 250, share: 0.5, errors: 0, lastError: null, lastHeartbeatMs: 10_000, silent: false, ...over,
});

describe('the fleet card in words', () => {
  it('ages a heartbeat from the coordinator\'s read, moved on by the time since', () => {
    expect(heartbeatAgeMs(worker(), { atMs: 11_000 }, 11_000)).toBe(1000);
    expect(heartbeatAgeMs(worker(), { atMs: 11_000 }, 13_500)).toBe(3500);
    // A renderer clock behind the host's never makes a heartbeat younger than the read said.
    expect(heartbeatAgeMs(worker(), { atMs: 11_000 }, 9_000)).toBe(1000);
    expect(heartbeatAgeMs(worker({ lastHeartbeatMs: 0 }), { atMs: 11_000 }, 11_000)).toBeNull();
    expect(heartbeatWords(3_400)).toBe('3 s ago');
    expect(heartbeatWords(0)).toBe('0 s ago');
    expect(heartbeatWords(150_000)).toBe('2 min ago');
    expect(heartbeatWords(3 * 3600_000)).toBe('3 h ago');
    expect(heartbeatWords(null)).toBe('gone');
  });

  it('marks a heartbeat late after missed beats and lost when the coordinator says silent', () => {
    expect(heartbeatTone(worker(), 900)).toBe('ok');
    expect(heartbeatTone(worker(), 3000)).toBe('late');
    expect(heartbeatTone(worker({ silent: true }), 900)).toBe('lost');
    expect(heartbeatTone(worker(), null)).toBe('lost');
  });

  it('says whether the shared rate is the operator\'s or was cut by throttles', () => {
    expect(sharedRateWords({ operatorRatePerSecond: 2000, sharedRatePerSecond: 2000 }, 'WCU/s')).toBe('2,000 WCU/s: the operator\'s rate, shared by every worker');
    expect(sharedRateWords({ operatorRatePerSecond: 2000, sharedRatePerSecond: 1500 }, 'WCU/s')).toBe('1,500 WCU/s in force, 25% below the operator\'s 2,000 WCU/s: throttles cut it, and it climbs back');
    expect(sharedRateWords({ operatorRatePerSecond: 0, sharedRatePerSecond: 0 }, 'RCU/s')).toBe('0 RCU/s shared');
    // Paused, the budget grants nothing: that is not a throttle cut.
    expect(sharedRateWords({ operatorRatePerSecond: 80, sharedRatePerSecond: 0 }, 'WCU/s', 'paused')).toBe('paused: no worker gets capacity; resuming brings back the operator\'s 80 WCU/s');
    expect(sharedRateWords({ operatorRatePerSecond: 80, sharedRatePerSecond: 0 }, 'WCU/s', 'stopped')).toMatch(/^stopped: /);
  });

  it('counts shards, workers, items and errors', () => {
    expect(shardWords({ pending: 5, running: 3, done: 12, failed: 1 })).toBe('12 done · 3 running · 5 waiting · 1 failed');
    expect(shardWords({ pending: 0, running: 0, done: 0, failed: 0 })).toBe('0 done');
    const workers = [worker(), worker({ id: 'w2', itemsPerSecond: 100 }), worker({ id: 'w3', silent: true, itemsPerSecond: 999 })];
    expect(workerCounts(workers)).toEqual({ live: 2, silent: 1 });
    expect(fleetItemsPerSecond(workers)).toBe(350);
    expect(errorWords(worker())).toBe('no errors');
    expect(errorWords(worker({ errors: 2, lastError: 'Cannot reach the table orders: connect ECONNREFUSED' }))).toBe('2 errors; last: Cannot reach the table orders: connect ECONNREFUSED');
  });
});
