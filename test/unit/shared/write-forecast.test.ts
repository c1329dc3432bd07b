import { describe, expect, it } from 'vitest';
import { forecastWrites, type ForecastTable } from '../../../shared/capacity/write-forecast';

const provisioned = (wcu: number, extra: Partial<ForecastTable> = {}): ForecastTable => ({
  name: 't', billingMode: 'PROVISIONED', writeCapacityUnits: wcu, readCapacityUnits: 10, autoScaling: null, onDemandMaxWcu: null, gsis: [], ...extra,
});
const onDemand = (extra: Partial<ForecastTable> = {}): ForecastTable => ({
  name: 't', billingMode: 'PAY_PER_REQUEST', writeCapacityUnits: null, readCapacityUnits: null, autoScaling: null, onDemandMaxWcu: null, gsis: [], ...extra,
});
const load = { items: 1_000_000, wcuPerItem: 1, gsiWcuPerItem: 0, spread: true };

describe('write forecast from the table facts', () => {
  it('1,000 WCU/s into a 100 WCU table: burst for about 33 s, then 10x slower; the duration is not rows / rate', () => {
    const f = forecastWrites({ ...load, table: provisioned(100), requestedWcuPerSecond: 1_000 });
    // 30,000 WCU of burst at 900 above capacity: 33.3 s at the asked rate, the rest at 100 WCU/s.
    expect(f.burstSeconds).toBe(34);
    expect(f.seconds).toBeGreaterThan(9_690);
    expect(f.seconds).toBeLessThan(9_710);
    expect(f.limitedBy).toBe('provisioned');
    expect(f.sustainedWcuPerSecond).toBe(100);
    expect(f.warnings).toEqual(['1,000 WCU/s into a 100 WCU table: about 10x slower than asked once burst is spent (after about 34 s). Raise the table\'s capacity or lower the rate.']);
  });

  it('no warning, and rows / rate, when the table keeps up', () => {
    const f = forecastWrites({ ...load, items: 100_000, table: provisioned(5_000), requestedWcuPerSecond: 1_000 });
    expect(f.warnings).toEqual([]);
    expect(f.limitedBy).toBe('requested');
    expect(f.seconds).toBeCloseTo(100, 6);
  });

  it('a short load fits in burst: the asked rate holds and there is nothing to warn about past the start', () => {
    const f = forecastWrites({ ...load, items: 20_000, table: provisioned(100), requestedWcuPerSecond: 1_000 });
    expect(f.seconds).toBeCloseTo(20, 6);
  });

  it('on-demand: a new table serves 4,000 WRU/s and doubles every 30 minutes at most', () => {
    const f = forecastWrites({ ...load, items: 30_000_000, table: onDemand(), requestedWcuPerSecond: 20_000 });
    // 1,800 s at 4,000, 1,800 s at 8,000, 1,800 s at 16,000 (= 50.4 M WCU > 30 M): ends in the third window.
    const third = (30_000_000 - 1_800 * 4_000 - 1_800 * 8_000) / 16_000;
    expect(f.seconds).toBeCloseTo(3_600 + third, 0);
    expect(f.limitedBy).toBe('on-demand-ramp');
    expect(f.warnings[0]).toMatch(/^20,000 WCU\/s into an on-demand table that serves 4,000 WRU\/s at once: it doubles at most every 30 minutes, so the start is about 5x slower than asked\.$/);
    expect(f.assumptions.join(' ')).toMatch(/previous peak is unknown/);
  });

  it('on-demand maximum throughput caps the rate', () => {
    const f = forecastWrites({ ...load, table: onDemand({ onDemandMaxWcu: 500 }), requestedWcuPerSecond: 2_000 });
    expect(f.limitedBy).toBe('on-demand-max');
    expect(f.seconds).toBeCloseTo(2_000, 0);
    expect(f.warnings[0]).toContain('capped at 500 WRU/s: about 4x slower than asked');
  });

  it('a provisioned GSI holds the base table back', () => {
    const f = forecastWrites({ ...load, gsiWcuPerItem: 1, table: onDemand({ onDemandInstantWcu: 10_000, gsis: [{ name: 'by-email', writeCapacityUnits: 200 }] }), requestedWcuPerSecond: 1_000 });
    expect(f.limitedBy).toBe('gsi');
    expect(f.sustainedWcuPerSecond).toBe(200);
    expect(f.warnings[0]).toContain('by-email: 200 WCU');
  });

  it('auto scaling climbs by 1/target every few minutes up to its maximum', () => {
    const f = forecastWrites({ ...load, table: provisioned(100, { autoScaling: { maxCapacity: 1_000, targetUtilization: 0.5 } }), requestedWcuPerSecond: 1_000 });
    expect(f.seconds).toBeLessThan(3_000);
    expect(f.seconds).toBeGreaterThan(1_000);
    expect(f.sustainedWcuPerSecond).toBe(1_000);
  });

  it('spreading off: one hot partition at a time', () => {
    const f = forecastWrites({ ...load, spread: false, table: onDemand({ onDemandInstantWcu: 40_000 }), requestedWcuPerSecond: 5_000 });
    expect(f.limitedBy).toBe('hot-partition');
    expect(f.warnings[0]).toContain('Turn spreading on');
  });
});

describe('write forecast: an on-demand ramp that catches up', () => {
  it('still warns that the start is slower than asked', () => {
    const f = forecastWrites({ ...load, items: 40_000_000, table: onDemand(), requestedWcuPerSecond: 6_000 });
    expect(f.limitedBy).toBe('on-demand-ramp');
    expect(f.sustainedWcuPerSecond).toBe(6_000);
    expect(f.seconds).toBeCloseTo(1_800 + (40_000_000 - 1_800 * 4_000) / 6_000, 0);
    expect(f.warnings[0]).toContain('the start is about 1.5x slower than asked');
  });
});
