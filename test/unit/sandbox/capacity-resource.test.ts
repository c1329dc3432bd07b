import { describe, expect, it } from 'vitest';
import { CapacityResource, DEFAULT_CAPACITY_RULES, provisionedPartitionCount } from '../../../electron/sandbox/capacity-resource';

function provisioned(wcu: number, rcu: number) {
  return new CapacityResource('Table', 't', undefined, 'arn:t', { mode: 'PROVISIONED', readCapacityUnits: rcu, writeCapacityUnits: wcu }, DEFAULT_CAPACITY_RULES, 0);
}

describe('CapacityResource', () => {
  it('starts provisioned tables with ceil(RCU/3000 + WCU/1000) partitions and doubles them when capacity outgrows them', () => {
    expect(provisionedPartitionCount(10_000, 10_000)).toBe(14);
    const r = provisioned(2000, 3000);
    expect(r.partitions.count).toBe(3);
    r.applySettings({ mode: 'PROVISIONED', readCapacityUnits: 3000, writeCapacityUnits: 5000 }, 0);
    expect(r.partitions.count).toBe(6);
    r.applySettings({ mode: 'PROVISIONED', readCapacityUnits: 1, writeCapacityUnits: 1 }, 0);
    expect(r.partitions.count).toBe(6);
  });

  it('banks at most 300 s of unused capacity and reports ProvisionedThroughput before KeyRange', () => {
    const r = provisioned(100, 3000);
    expect(r.writeBank.available(1_000_000)).toBe(30_000);
    const hash = 5;
    expect(r.check('Write', hash, 1_000_000).limit).toBeNull();
    r.charge('Write', r.partitions.find(hash), hash, 30_000);
    expect(r.check('Write', hash, 1_000_000).limit).toBe('ProvisionedThroughputExceeded');
    expect(r.check('Write', hash, 1_001_000).limit).toBe('KeyRangeThroughputExceeded');
    expect(r.check('Write', hash, 1_031_000).limit).toBeNull();
  });

  it('splits a partition that stays hot with more than one key, never one with a single hot key', () => {
    const rules = { ...DEFAULT_CAPACITY_RULES, heatSplitAfterMs: 3000 };
    const r = new CapacityResource('Table', 't', undefined, 'arn:t', { mode: 'PROVISIONED', readCapacityUnits: 0, writeCapacityUnits: 1000 }, rules, 0);
    const p = r.partitions.partitions[0]!;
    for (let s = 1; s <= 5; s++) {
      r.charge('Write', p, 100, 900);
      r.onSecond(s * 1000);
    }
    expect(r.partitions.count).toBe(1);
    for (let s = 6; s <= 10; s++) {
      const part = r.partitions.partitions[0]!;
      r.charge('Write', part, 100, 450);
      r.charge('Write', part, 9_000_000, 450);
      r.onSecond(s * 1000);
    }
    expect(r.partitions.count).toBe(2);
    expect(r.partitions.find(100)).not.toBe(r.partitions.find(9_000_000));
  });
});
