import { describe, expect, it } from 'vitest';
import { CapacityResource, DEFAULT_CAPACITY_RULES } from '../../../electron/sandbox/capacity-resource';
import { OrganicTraffic, organicShape, organicTrafficSchema } from '../../../electron/sandbox/organic-traffic';

describe('organic traffic', () => {
  it('shapes the rate with a compressed daily sine and spikes', () => {
    const config = organicTrafficSchema.parse({ writeUnitsPerSecond: 100, pattern: { kind: 'sine', periodMs: 40_000, amplitude: 0.5 }, spikes: [{ everyMs: 60_000, durationMs: 5000, multiplier: 3, offsetMs: 8000 }] });
    expect(organicShape(config, 10_000)).toBeCloseTo(1.5 * 3, 5);
    expect(organicShape(config, 30_000)).toBeCloseTo(0.5, 5);
    expect(organicShape(config, 70_000)).toBeCloseTo(0.5 * 3, 5);
    expect(organicShape(config, 80_000)).toBeCloseTo(1, 5);
  });

  it('takes from the same buckets as client requests and counts its own throttles', () => {
    // One second banked at the start (not a new table's full bank), so the refill rate shows at once.
    const rules = { ...DEFAULT_CAPACITY_RULES, initialBurstSeconds: 1 };
    const table = new CapacityResource('Table', 't', undefined, 'arn:t', { mode: 'PROVISIONED', readCapacityUnits: 1, writeCapacityUnits: 50 }, rules, 0);
    const organic = new OrganicTraffic(organicTrafficSchema.parse({ writeUnitsPerSecond: 80, distribution: { kind: 'hot-key', hotFraction: 1 } }));
    for (let t = 100; t <= 10_000; t += 100) organic.step(table, 100, t);
    expect(organic.totals.writeUnitsServed).toBeCloseTo(50 + 50 * 10, -1);
    expect(organic.totals.writeRequestsThrottled).toBeGreaterThan(200);
  });
});
