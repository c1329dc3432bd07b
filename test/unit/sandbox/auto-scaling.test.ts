import { describe, expect, it } from 'vitest';
import { AutoScalingSimulator, type ScalingHost } from '../../../electron/sandbox/auto-scaling';

function host(consumedPerMinute: () => number) {
  const state = { capacity: 100, requests: [] as number[] };
  const h: ScalingHost = {
    consumedUnits: () => consumedPerMinute(),
    currentCapacity: () => state.capacity,
    setCapacity: (_r, _d, capacity) => {
      state.capacity = capacity;
      state.requests.push(capacity);
      return null;
    },
  };
  return { h, state };
}

describe('AutoScalingSimulator', () => {
  it('scales out after two minutes above target and in after fifteen below 80% of it', () => {
    let load = 90 * 60;
    const { h, state } = host(() => load);
    const sim = new AutoScalingSimulator();
    sim.registerTarget({ ServiceNamespace: 'dynamodb', ResourceId: 'table/t', ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 50, MaxCapacity: 1000, RoleARN: '', CreationTimeMs: 0 }, h, 0);
    sim.putPolicy({
      PolicyName: 'p',
      PolicyARN: 'arn',
      ServiceNamespace: 'dynamodb',
      ResourceId: 'table/t',
      ScalableDimension: 'dynamodb:table:WriteCapacityUnits',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 },
      CreationTimeMs: 0,
      highStreak: 0,
      lowStreak: 0,
      lastScaleOutMs: -Infinity,
      lastScaleInMs: -Infinity,
    });
    sim.evaluateMinute(0, h, 60_000);
    expect(state.requests).toEqual([]);
    sim.evaluateMinute(60_000, h, 120_000);
    expect(state.requests).toEqual([Math.ceil(90 / 0.7)]);
    load = 10 * 60;
    for (let m = 0; m < 14; m++) sim.evaluateMinute(m * 60_000, h, (m + 3) * 60_000);
    expect(state.requests).toHaveLength(1);
    sim.evaluateMinute(15 * 60_000, h, 18 * 60_000);
    expect(state.requests).toEqual([129, 50]);
  });
});
