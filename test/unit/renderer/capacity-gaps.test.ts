import { describe, expect, it } from 'vitest';
import type { JobTick } from '../../../shared/job-status';
import { buildCapacityPoints } from '../../../renderer/src/charts/build-capacity-points';
import { CAPACITY_SERIES } from '../../../renderer/src/charts/capacity-series';

const tick = (second: number, atMs: number): JobTick => ({
  atMs, second, read: 50, written: 50, rejected: 0, retried: 0, throttled: 0, consumedWcu: 50, consumedRcu: 0,
  throttlesByReason: {}, latencyP50Ms: 5, latencyP99Ms: 9, inFlight: 1, targetWcuPerSecond: 50,
});

describe('the capacity chart keeps gaps as gaps', () => {
  const context = { provisionedWcu: 100, provisionedRcu: 10, minutes: new Map() };
  const series = CAPACITY_SERIES.filter((s) => s.unit === 'WCU' && !s.perMinute);

  it('puts a row of nulls where a stopped run was resumed minutes later', () => {
    // Ten seconds, a stop, ten minutes later ten more seconds.
    const ticks = [...Array.from({ length: 10 }, (_, i) => tick(i + 1, 1_000_000 + i * 1000)), ...Array.from({ length: 10 }, (_, i) => tick(i + 11, 1_610_000 + i * 1000))];
    const points = buildCapacityPoints(ticks, series, context, 600);
    expect(points).toHaveLength(21);
    const hole = points[10]!;
    expect(hole.atMs).toBeGreaterThan(1_009_000);
    expect(hole.atMs).toBeLessThan(1_610_000);
    for (const s of series) expect(hole[s.key]).toBeNull();
    // No zero was invented on either side.
    expect(points.filter((p) => p.consumedWcu === 0)).toHaveLength(0);
  });

  it('adds nothing to a run without holes', () => {
    const ticks = Array.from({ length: 30 }, (_, i) => tick(i + 1, 1_000_000 + i * 1000));
    expect(buildCapacityPoints(ticks, series, context, 600).every((p) => p.consumedWcu === 50)).toBe(true);
  });
});
