import { describe, expect, it } from 'vitest';
import type { CloudWatchMinute } from '../../../electron/engine/capacity/cloudwatch-minute';
import { RateController } from '../../../electron/engine/capacity/rate-controller';
import { DEFAULT_BACKOFF } from '../../../electron/engine/governor/throttle-backoff';
import { rateModeSchema } from '../../../shared/rate-modes';
import { cwMinute, MINUTE, provisioned, T0, tick } from './capacity-fixtures';

function view(minutes: CloudWatchMinute[]) {
  return { minutes: () => minutes };
}

describe('rate controller', () => {
  it('switches modes while running: fixed, then fill from CloudWatch minus its own writes', () => {
    const now = T0 + 10 * MINUTE;
    // The table totalled 800 WCU/s in the minute 3 minutes ago, 200 of which were the job's.
    const c = new RateController({ mode: rateModeSchema.parse({ mode: 'fixed', wcuPerSecond: 100 }), table: provisioned(1000), cloudwatch: view([cwMinute(now - 3 * MINUTE, 800)]) });
    for (let s = 1; s <= 60; s++) c.observe(tick(now - 3 * MINUTE + s * 1000, 200));
    expect(c.decide(now).rateWcuPerSecond).toBe(100);
    c.setMode(rateModeSchema.parse({ mode: 'fill', share: 0.9 }));
    const d = c.decide(now + 1000);
    expect(d.rateWcuPerSecond).toBeCloseTo(900 - 600, 9);
    expect(c.status().organicEstimate?.wcuPerSecond).toBe(600);
    c.setMode(rateModeSchema.parse({ mode: 'windows', windows: [{ start: '06:00', end: '07:00' }], timeZone: 'UTC', inside: { kind: 'rate', wcuPerSecond: 50 } }));
    expect(c.decide(now + 2000)).toMatchObject({ run: false, rateWcuPerSecond: 0 });
  });

  it('after a throttle, never climbs back faster than the governor: halve, wait 2 s, regain 5% of the target per second', () => {
    const c = new RateController({ mode: rateModeSchema.parse({ mode: 'fixed', wcuPerSecond: 1000 }), table: provisioned(1000), cloudwatch: null });
    expect(c.decide(T0).rateWcuPerSecond).toBe(1000);
    c.observe(tick(T0 + 1000, 900, 5, { TableWriteProvisionedThroughputExceeded: 5 }));
    const cut = c.decide(T0 + 1000);
    expect(cut.rateWcuPerSecond).toBe(500);
    expect(cut.reason).toContain('backing off after throttles');
    expect(c.decide(T0 + 2000).rateWcuPerSecond).toBe(500); // still inside the 2 s delay
    // 2 s after the cut the climb starts: +5% of 1,000 per second.
    expect(c.decide(T0 + 3000).rateWcuPerSecond).toBe(500 + 1000 * DEFAULT_BACKOFF.recoveryPerSecond);
    expect(c.decide(T0 + 4000).rateWcuPerSecond).toBe(600);
    // A lower target is followed at once.
    c.setMode(rateModeSchema.parse({ mode: 'fixed', wcuPerSecond: 200 }));
    expect(c.decide(T0 + 5000).rateWcuPerSecond).toBe(200);
    // Back up: gradual, since throttles happened in this job.
    c.setMode(rateModeSchema.parse({ mode: 'fixed', wcuPerSecond: 1000 }));
    expect(c.decide(T0 + 6000).rateWcuPerSecond).toBe(250);
  });

  it('without CloudWatch, fill runs conservatively and says CloudWatch is unavailable', () => {
    const c = new RateController({ mode: rateModeSchema.parse({ mode: 'fill' }), table: provisioned(2000), cloudwatch: null });
    const d = c.decide(T0);
    expect(d.rateWcuPerSecond).toBe(100);
    expect(d.reason).toMatch(/conservative 100 WCU\/s \(CloudWatch is not available/);
  });

  it('averages its own rate over the last ten ticks', () => {
    const c = new RateController({ mode: rateModeSchema.parse({ mode: 'fixed', wcuPerSecond: 1 }), table: provisioned(10), cloudwatch: null });
    for (let s = 1; s <= 20; s++) c.observe(tick(T0 + s * 1000, s <= 10 ? 0 : 30));
    expect(c.ownWcuPerSecond()).toBe(30);
  });
});
