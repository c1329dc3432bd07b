import { describe, expect, it } from 'vitest';
import { SharedTokenBucket } from '../../../electron/engine/governor/token-bucket';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** Takes as much as the bucket grants over `seconds` of fake time, in steps of `stepMs`. */
function drain(bucket: SharedTokenBucket, clock: ReturnType<typeof fakeClock>, seconds: number, units: number, stepMs = 5): number {
  let granted = 0;
  for (let t = 0; t < seconds * 1000; t += stepMs) {
    clock.advance(stepMs);
    while (bucket.tryTake(units).kind === 'granted') granted += units;
  }
  return granted;
}

describe('SharedTokenBucket', () => {
  it('grants the configured rate over time, not more', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(1000, 0.2, clock.now);
    const granted = drain(bucket, clock, 10, 25);
    // 10 s at 1,000/s; a take may overdraw by one batch.
    expect(granted).toBeGreaterThanOrEqual(9_900);
    expect(granted).toBeLessThanOrEqual(10_000 + 25 + 200);
  });

  it('applies a rate change at once', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(1000, 0.2, clock.now);
    drain(bucket, clock, 1, 10);
    bucket.setRate(100);
    const granted = drain(bucket, clock, 5, 10);
    expect(granted).toBeGreaterThanOrEqual(480);
    expect(granted).toBeLessThanOrEqual(530);
  });

  it('grants nothing while paused and does not burst after resume', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(1000, 0.2, clock.now);
    drain(bucket, clock, 1, 10);
    bucket.pause();
    expect(bucket.tryTake(1)).toEqual({ kind: 'paused' });
    expect(drain(bucket, clock, 3, 10)).toBe(0);
    bucket.resume();
    // Right after resume, the bucket is empty: paused time earned nothing.
    expect(bucket.tryTake(10).kind).toBe('wait');
    expect(drain(bucket, clock, 1, 10)).toBeLessThanOrEqual(1000 + 10);
  });

  it('is shared: a view attached to the same memory sees the pause and the tokens', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(1000, 0.2, clock.now);
    const other = SharedTokenBucket.attach(bucket.buffer, clock.now);
    clock.advance(100);
    expect(other.tryTake(50).kind).toBe('granted');
    bucket.pause();
    expect(other.tryTake(1).kind).toBe('paused');
    bucket.close();
    expect(other.tryTake(1).kind).toBe('closed');
  });

  it('lets a take larger than the burst through, then makes others wait off the debt', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(100, 0.2, clock.now);
    clock.advance(200);
    expect(bucket.tryTake(500).kind).toBe('granted');
    const next = bucket.tryTake(1);
    expect(next.kind).toBe('wait');
  });

  it('a bucket fed by deposits (a fleet worker) keeps every deposited unit, above any burst, until taken', () => {
    const clock = fakeClock();
    const bucket = SharedTokenBucket.create(0, 0.2, clock.now);
    bucket.deposit(80);
    clock.advance(1000);
    expect(bucket.tokens).toBe(80);
    expect(drain(bucket, clock, 1, 25)).toBe(100);
    expect(bucket.tokens).toBe(-20);
    bucket.deposit(30);
    expect(bucket.tokens).toBe(10);
  });
});
