import { describe, expect, it } from 'vitest';
import { decideRate } from '../../../electron/engine/capacity/policies/decide-rate';
import { predictOrganicWcuPerSecond, TREND_WEIGHT } from '../../../electron/engine/capacity/policies/organic-prediction';
import { cwMinute, inputs, MINUTE, onDemand, provisioned, T0 } from './capacity-fixtures';

/** An estimate whose minute ended 90 s ago (as fresh as CloudWatch allows), with no trend. */
const fresh = (wcuPerSecond: number, trendPerMinute = 0) => ({ wcuPerSecond, trendPerMinute, asOfMinuteMs: T0 - 2 * MINUTE });

describe('fixed', () => {
  it('runs at the slider rate, under the ceiling', () => {
    expect(decideRate(inputs({ mode: 'fixed', wcuPerSecond: 400 }))).toEqual({ rateWcuPerSecond: 400, run: true, reason: 'fixed: 400 WCU/s' });
    const capped = decideRate(inputs({ mode: 'fixed', wcuPerSecond: 400, maxWcuPerSecond: 250 }));
    expect(capped.rateWcuPerSecond).toBe(250);
    expect(capped.reason).toContain('ceiling');
  });
});

describe('fill', () => {
  it('takes share x provisioned minus organic: 1,000 x 95% - 512 = 438', () => {
    const d = decideRate(inputs({ mode: 'fill' }, { organicEstimate: fresh(512) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(438, 9);
    expect(d.reason).toBe('fill: 1,000 provisioned x 95.0% - organic 512 ≈ 438 WCU/s');
  });

  it('yields to a rising application: the trend moves organic to now', () => {
    // Minute started 2 min ago; its middle was 90 s ago: organic 500 + 0.75 x 100/min x 1.5 min = 612.5
    const d = decideRate(inputs({ mode: 'fill', share: 0.9 }, { organicEstimate: fresh(500, 100) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(900 - (500 + TREND_WEIGHT * 150), 6);
  });

  it('never goes negative when organic traffic is above the share', () => {
    expect(decideRate(inputs({ mode: 'fill' }, { organicEstimate: fresh(990) })).rateWcuPerSecond).toBe(0);
  });

  it('falls back to 5% of provisioned without an estimate, and says so', () => {
    const d = decideRate(inputs({ mode: 'fill' }));
    expect(d.rateWcuPerSecond).toBe(50);
    expect(d.reason).toMatch(/no CloudWatch estimate.*conservative 50 WCU\/s/);
  });

  it('treats an estimate older than 10 minutes as none', () => {
    const stale = { wcuPerSecond: 100, trendPerMinute: 0, asOfMinuteMs: T0 - 11 * MINUTE };
    expect(decideRate(inputs({ mode: 'fill' }, { organicEstimate: stale })).reason).toMatch(/conservative/);
  });

  it('uses CloudWatch provisioned capacity when the facts have none, and an on-demand maximum on on-demand tables', () => {
    const table = { ...provisioned(1000), provisionedWcu: null };
    const d = decideRate(inputs({ mode: 'fill', share: 0.5 }, { table, cloudwatch: [cwMinute(T0 - 3 * MINUTE, 0, 2000)], organicEstimate: fresh(100) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(900, 9);
    const od = decideRate(inputs({ mode: 'fill', share: 0.8 }, { table: onDemand(null, 1000), organicEstimate: fresh(300) }));
    expect(od.rateWcuPerSecond).toBeCloseTo(500, 9);
    expect(od.reason).toContain('on-demand maximum');
    expect(decideRate(inputs({ mode: 'fill' }, { table: onDemand(3000), organicEstimate: fresh(300) })).reason).toMatch(/no provisioned capacity/);
  });
});

describe('share of organic', () => {
  it('runs at share x organic (14.3% of 700 = 100)', () => {
    const d = decideRate(inputs({ mode: 'share-of-organic', share: 1 / 7 }, { organicEstimate: fresh(700) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(100, 9);
    expect(d.reason).toContain('14.3% x organic 700');
  });

  it('runs conservatively without an estimate instead of stalling', () => {
    const d = decideRate(inputs({ mode: 'share-of-organic', share: 0.2 }));
    expect(d.rateWcuPerSecond).toBe(50);
    expect(d.run).toBe(true);
  });
});

describe('on-demand aware', () => {
  it('keeps the total under 2x the previous peak x 90%: 2 x 5,000 x 0.9 - organic 3,000 = 6,000', () => {
    const d = decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 20_000 }, { table: onDemand(5000), organicEstimate: fresh(3000) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(6000, 9);
    expect(d.reason).toContain('2x peak 5,000');
  });

  it('counts a CloudWatch minute as the peak only 30 minutes after it ended', () => {
    const old = cwMinute(T0 - 32 * MINUTE, 8000, null);
    const recent = cwMinute(T0 - 10 * MINUTE, 20_000, null);
    const d = decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 50_000 }, { table: onDemand(5000), cloudwatch: [old, recent], organicEstimate: fresh(1000) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(2 * 8000 * 0.9 - 1000, 9);
  });

  it('stays under the maximum throughput, and a new table counts as a 2,000 peak', () => {
    const d = decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 5000 }, { table: onDemand(null, 1000), organicEstimate: fresh(200) }));
    expect(d.rateWcuPerSecond).toBeCloseTo(700, 9);
    const fresh2 = decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 5000 }, { table: onDemand(null), organicEstimate: fresh(0) }));
    expect(fresh2.rateWcuPerSecond).toBeCloseTo(3600, 9);
  });

  it('assumes organic is at the peak when it is unknown, and ignores the rule on provisioned tables', () => {
    expect(decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 9000 }, { table: onDemand(4000) })).rateWcuPerSecond).toBeCloseTo(2 * 4000 * 0.9 - 4000, 9);
    expect(decideRate(inputs({ mode: 'on-demand-aware', wcuPerSecond: 9000 })).rateWcuPerSecond).toBe(9000);
  });
});

describe('organic prediction', () => {
  it('extrapolates at most 4 minutes and never below zero', () => {
    const est = { wcuPerSecond: 100, trendPerMinute: -100, asOfMinuteMs: T0 };
    expect(predictOrganicWcuPerSecond(est, T0 + 30_000 + 30_000)).toBeCloseTo(100 - TREND_WEIGHT * 50, 9);
    expect(predictOrganicWcuPerSecond(est, T0 + 9 * MINUTE)).toBe(0);
    const up = { wcuPerSecond: 100, trendPerMinute: 10, asOfMinuteMs: T0 };
    expect(predictOrganicWcuPerSecond(up, T0 + 9 * MINUTE)).toBeCloseTo(100 + TREND_WEIGHT * 40, 9);
    expect(predictOrganicWcuPerSecond(null, T0)).toBeNull();
  });
});
