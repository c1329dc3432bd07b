import { describe, expect, it } from 'vitest';
import { projectProvisioned } from '../../../electron/engine/capacity/auto-scaling';

describe('projectProvisioned', () => {
  it('provisioned = consumed / target: organic 500 at 70% -> 715; with a 200 WCU/s job -> 1,000', () => {
    expect(projectProvisioned(200, 500, { targetUtilization: 0.7, minCapacity: 5, maxCapacity: 4000 })).toEqual({ withoutJobWcu: 715, withJobWcu: 1000, addedWcu: 285, cappedAtMax: false });
  });

  it('technique 2: at 80% a 14.3% share keeps provisioned where 70% had it (500/0.7 = 571.4/0.8)', () => {
    const p = projectProvisioned(500 * (0.8 / 0.7 - 1), 500, { targetUtilization: 0.8, minCapacity: 5, maxCapacity: 4000 });
    expect(p.withJobWcu).toBe(715);
  });

  it('clamps to min and max and says when the maximum caps the job', () => {
    expect(projectProvisioned(3000, 500, { targetUtilization: 0.7, minCapacity: 100, maxCapacity: 2000 })).toMatchObject({ withJobWcu: 2000, cappedAtMax: true });
    expect(projectProvisioned(0, 10, { targetUtilization: 0.7, minCapacity: 100, maxCapacity: 2000 }).withoutJobWcu).toBe(100);
  });
});
