import { describe, expect, it } from 'vitest';
import { fingerprint, SeenKeys } from '../../../electron/engine/batching/seen-keys';

describe('SeenKeys', () => {
  it('says exactly which keys were seen, across growth', () => {
    const seen = new SeenKeys();
    let fresh = 0;
    for (let i = 0; i < 300_000; i++) if (seen.add(`pk="CUST#${i}"`)) fresh++;
    expect(fresh).toBe(300_000);
    expect(seen.size).toBe(300_000);
    for (let i = 0; i < 300_000; i += 997) expect(seen.add(`pk="CUST#${i}"`)).toBe(false);
    expect(seen.add('pk="CUST#300000"')).toBe(true);
  });

  it('stops remembering at its cap and says so', () => {
    const seen = new SeenKeys(1_000, 16);
    for (let i = 0; i < 1_500; i++) seen.add(`k${i}`);
    expect(seen.saturated).toBe(true);
    expect(seen.size).toBe(1_000);
    expect(seen.add('k5')).toBe(false);
  });

  it('spreads fingerprints (no collisions among a million similar keys)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i++) {
      const [a, b] = fingerprint(`CUST#${i}`);
      seen.add(`${a}:${b}`);
    }
    expect(seen.size).toBe(1_000_000);
    // A million keys take about a second alone; a shared, loaded machine needs room.
  }, 60_000);
});
