import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../../shared/series/downsample';

describe('downsampleMinMax', () => {
  it('reduces a day of per-second points to the budget and keeps the spikes', () => {
    const points = Array.from({ length: 86_400 }, (_, i) => ({ t: i, v: i === 40_000 ? 9_999 : i === 70_000 ? -5 : 100 }));
    const out = downsampleMinMax(points, 600, (p) => p.v);
    expect(out.length).toBeLessThanOrEqual(600);
    expect(out.some((p) => p.v === 9_999)).toBe(true);
    expect(out.some((p) => p.v === -5)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
  });

  it('leaves short series alone', () => {
    const points = [1, 2, 3];
    expect(downsampleMinMax(points, 600, (p) => p)).toEqual([1, 2, 3]);
  });
});
