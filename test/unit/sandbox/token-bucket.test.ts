import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../electron/sandbox/token-bucket';

describe('TokenBucket', () => {
  it('refills at its rate up to its size and admits while positive, allowing debt', () => {
    const bucket = new TokenBucket(100, 300, 0, 0);
    expect(bucket.canStart(0)).toBe(false);
    expect(bucket.available(1000)).toBe(100);
    bucket.charge(150);
    expect(bucket.tokens).toBe(-50);
    expect(bucket.canStart(1000)).toBe(false);
    expect(bucket.available(1500)).toBe(0);
    expect(bucket.available(10_000)).toBe(300);
  });

  it('takes aggregates without debt and ignores time running backwards', () => {
    const bucket = new TokenBucket(10, 10, 5, 1000);
    expect(bucket.takeUpTo(8, 1000)).toBe(5);
    expect(bucket.takeUpTo(8, 500)).toBe(0);
    bucket.reconfigure(20, 4, 2000);
    expect(bucket.available(2000)).toBe(4);
  });
});
