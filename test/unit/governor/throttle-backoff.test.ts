import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, initialBackoff, onThrottle, recover } from '../../../electron/engine/governor/throttle-backoff';

describe('throttle backoff', () => {
  it('halves at once on a throttle, but only once per cooldown', () => {
    let s = initialBackoff(1000, 0);
    s = onThrottle(s, 1000, 10);
    expect(s.allowedRate).toBe(500);
    s = onThrottle(s, 1000, 10 + DEFAULT_BACKOFF.cutCooldownMs - 1);
    expect(s.allowedRate).toBe(500);
    s = onThrottle(s, 1000, 10 + DEFAULT_BACKOFF.cutCooldownMs);
    expect(s.allowedRate).toBe(250);
  });

  it('never drops below the floor', () => {
    let s = initialBackoff(1000, 0);
    for (let i = 0; i < 50; i++) s = onThrottle(s, 1000, i * 1000);
    expect(s.allowedRate).toBe(1000 * DEFAULT_BACKOFF.floorShare);
  });

  it('waits, then climbs back gradually to the operator rate and no further', () => {
    let s = onThrottle(initialBackoff(1000, 0), 1000, 0);
    s = recover(s, 1000, 1000);
    expect(s.allowedRate).toBe(500); // still inside the recovery delay
    s = recover(s, 1000, DEFAULT_BACKOFF.recoveryDelayMs + 1000);
    expect(s.allowedRate).toBeGreaterThan(500);
    expect(s.allowedRate).toBeLessThan(1000);
    for (let t = 3; t < 60; t++) s = recover(s, 1000, DEFAULT_BACKOFF.recoveryDelayMs + t * 1000);
    expect(s.allowedRate).toBe(1000);
  });

  it('follows a lowered operator rate at once', () => {
    const s = recover(initialBackoff(1000, 0), 300, 100);
    expect(s.allowedRate).toBe(300);
  });
});
