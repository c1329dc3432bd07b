import { describe, expect, it } from 'vitest';
import { readRateWarning } from '../../../shared/capacity/read-rate-warning';

const provisioned = (rcu: number, read?: { minCapacity: number; maxCapacity: number }) => ({
  name: 'orders', billingMode: 'PROVISIONED' as const, readCapacityUnits: rcu,
  autoScaling: read ? [{ dimension: 'read' as const, targetUtilization: 70, ...read }] : [],
});

describe('readRateWarning', () => {
  it('says a scan far above a fixed read capacity is throttled, and how much slower', () => {
    expect(readRateWarning(provisioned(50), 500)).toBe(
      "The scan asks 500 RCU/s of orders, which is provisioned for 50 RCU/s and it has no read auto scaling: once burst capacity is spent the scan is throttled to about 50 RCU/s, about 10x slower than asked, and the application's reads share that capacity. Lower the read rate, or raise the table's read capacity for the job.",
    );
  });

  it('names the auto-scaling ceiling when the rate is above it', () => {
    expect(readRateWarning(provisioned(50, { minCapacity: 50, maxCapacity: 200 }), 1_000)).toMatch(/its read auto scaling stops at 200: .* throttled to about 200 RCU\/s, about 5x slower than asked/);
  });

  it('says auto scaling takes minutes when the rate is within its ceiling', () => {
    expect(readRateWarning(provisioned(50, { minCapacity: 50, maxCapacity: 4_000 }), 1_000)).toMatch(/may rise to 4,000, but only over some minutes, so the scan is throttled until it does/);
  });

  it('says nothing when the rate fits, the table is on-demand, or its capacity is unknown', () => {
    expect(readRateWarning(provisioned(500), 500)).toBeNull();
    expect(readRateWarning({ ...provisioned(50), billingMode: 'PAY_PER_REQUEST' }, 5_000)).toBeNull();
    expect(readRateWarning({ ...provisioned(50), readCapacityUnits: null }, 5_000)).toBeNull();
    expect(readRateWarning(null, 5_000)).toBeNull();
    expect(readRateWarning(provisioned(50), Number.NaN)).toBeNull();
  });
});
