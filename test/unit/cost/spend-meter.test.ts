import { describe, expect, it } from 'vitest';
import { readSpendMeter, type SpendMeterInput } from '../../../shared/cost';

const onDemand = { mode: 'on-demand', writePerMillionUsd: 0.625, readPerMillionUsd: 0.125 } as const;

/** A 20M-WRU job a fifth done, moving at 2,000 WRU/s. */
const base: SpendMeterInput = {
  billing: onDemand,
  consumedWriteUnits: 4_000_000,
  consumedReadUnits: 0,
  elapsedSeconds: 2000,
  remainingWriteUnits: 16_000_000,
  remainingReadUnits: 0,
  currentWriteUnitsPerSecond: 2000,
};

describe('spend meter, on-demand', () => {
  it('4M WRU consumed x $0.625/M = $2.50 spent; + 16M x $0.625/M = $12.50 projected; 16M / 2,000 = 8,000 s left', () => {
    const reading = readSpendMeter(base);
    expect(reading.spentUsd).toBeCloseTo(2.5, 10);
    expect(reading.projectedTotalUsd).toBeCloseTo(12.5, 10);
    expect(reading.remainingSeconds).toBe(8000);
    expect(reading.ceiling).toEqual({ kind: 'no-ceiling' });
    expect(reading.action).toBe('continue');
  });

  it('a $10 ceiling pauses on the projection: $12.50 would exceed it', () => {
    const reading = readSpendMeter({ ...base, ceilingUsd: 10 });
    expect(reading.action).toBe('pause');
    expect(reading.ceiling).toMatchObject({ kind: 'pause', cause: 'projected' });
    expect(reading.ceiling.kind === 'pause' && reading.ceiling.message).toBe(
      'Paused: at this pace the job would cost $12.50, over the $10.00 cost ceiling ($2.50 spent so far).',
    );
  });

  it('a $20 ceiling leaves $20 - $12.50 = $7.50 headroom', () => {
    const reading = readSpendMeter({ ...base, ceilingUsd: 20 });
    expect(reading.ceiling).toMatchObject({ kind: 'within' });
    expect(reading.ceiling.kind === 'within' && reading.ceiling.headroomUsd).toBeCloseTo(7.5, 10);
  });

  it('pauses on money spent: 20M WRU x $0.625/M = $12.50 >= a $12 ceiling', () => {
    const reading = readSpendMeter({ ...base, consumedWriteUnits: 20_000_000, remainingWriteUnits: 0, ceilingUsd: 12 });
    expect(reading.ceiling).toMatchObject({ kind: 'pause', cause: 'spent' });
    expect(reading.remainingSeconds).toBe(0);
  });

  it('reads count too: 1M RRU x $0.125/M = $0.125 on top of $2.50', () => {
    expect(readSpendMeter({ ...base, consumedReadUnits: 1_000_000 }).spentUsd).toBeCloseTo(2.625, 10);
  });
});

describe('spend meter, provisioned', () => {
  const autoscaling = { mode: 'autoscaling', wcuHourUsd: 0.00065, rcuHourUsd: 0.00013, targetUtilization: 0.7 } as const;

  it('auto scaling at 70%: 4M WCU / 3,600 / 0.7 x $0.00065 = $1.0317 spent, projected 20M -> $5.1587 (as the estimate)', () => {
    const reading = readSpendMeter({ ...base, billing: autoscaling });
    expect(reading.spentUsd).toBeCloseTo(1.031746, 6);
    expect(reading.projectedTotalUsd).toBeCloseTo(5.158730, 6);
  });

  it('fixed, 1,842.11 WCU added: 1 h elapsed = $1.1974; 12.8M left at 2,000/s = 1.7778 h more = $3.3260 total (as the estimate)', () => {
    const reading = readSpendMeter({
      ...base,
      billing: { mode: 'fixed', wcuHourUsd: 0.00065, addedWcu: 2700 / 0.95 - 1000 },
      consumedWriteUnits: 7_200_000,
      remainingWriteUnits: 12_800_000,
      elapsedSeconds: 3600,
    });
    expect(reading.spentUsd).toBeCloseTo(1.197368, 6);
    expect(reading.projectedTotalUsd).toBeCloseTo(3.326023, 6);
  });

  it('fixed while paused: no rate, no projection; only money spent is checked against the ceiling', () => {
    const reading = readSpendMeter({
      ...base,
      billing: { mode: 'fixed', wcuHourUsd: 0.00065, addedWcu: 1000 },
      currentWriteUnitsPerSecond: 0,
      elapsedSeconds: 3600,
      ceilingUsd: 1,
    });
    expect(reading.remainingSeconds).toBeNull();
    expect(reading.projectionKnown).toBe(false);
    expect(reading.spentUsd).toBeCloseTo(0.65, 10);
    expect(reading.action).toBe('continue');
  });

  it('capacity already paid for (techniques 1 and 2) costs nothing', () => {
    expect(readSpendMeter({ ...base, billing: { mode: 'already-paid' }, ceilingUsd: 0.01 }).action).toBe('continue');
  });
});

describe('spend meter, bad input', () => {
  it('negative consumption is rejected in words', () => {
    expect(() => readSpendMeter({ ...base, consumedWriteUnits: -1 })).toThrow(/Consumed write units must be a number of zero or more/);
  });

  it('a zero ceiling is rejected in words', () => {
    expect(() => readSpendMeter({ ...base, ceilingUsd: 0 })).toThrow(/Cost ceiling in USD must be a number above zero/);
  });
});
