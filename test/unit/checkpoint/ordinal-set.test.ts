import { describe, expect, it } from 'vitest';
import { OrdinalSet } from '../../../electron/engine/checkpoint/ordinal-set';

describe('OrdinalSet', () => {
  it('holds exactly the ordinals added, in any order, and survives a JSON round trip', () => {
    const set = new OrdinalSet();
    const n = 50_000;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const added = new Set(order.slice(0, n - 1000));
    for (const o of added) set.add(o);
    const restored = OrdinalSet.fromJSON(JSON.parse(JSON.stringify(set.toJSON())));
    for (let o = 0; o < n + 100; o++) {
      expect(restored.has(o)).toBe(added.has(o));
    }
    expect(restored.size).toBe(added.size);
  });

  it('moves its low-water mark past finished prefixes so it stays small', () => {
    const set = new OrdinalSet();
    for (let o = 0; o < 100_000; o++) set.add(o);
    expect(set.base).toBeGreaterThanOrEqual(99_992);
    expect(set.toJSON().bitmap.length).toBeLessThan(16);
    expect(set.has(12_345)).toBe(true);
    expect(set.has(100_000)).toBe(false);
  });
});
