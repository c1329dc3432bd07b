import { describe, expect, it } from 'vitest';
import { ItemsRate } from '../../../electron/engine/fleet/items-rate';

/**
 * A backfill shard on a worker, as the heartbeat sees it: its writes settle 100 items (one
 * page) at a time at a steady 60 items/s, its lifecycle reports the settled total once a
 * tick (every second, at .300), and the worker's heartbeat (every ~1,003 ms, its own clock)
 * turns the last reported total into the registry's items/s. The work stops at 30 s.
 */
function series(rateOf: (atMs: number, total: number, previous: { atMs: number; total: number }) => number): { atMs: number; itemsPerSecond: number }[] {
  const pageItems = 100;
  const pageMs = (1000 * pageItems) / 60;
  const settled = (atMs: number) => Math.floor(Math.min(atMs, 30_000) / pageMs) * pageItems;
  const events: { atMs: number; kind: 'tick' | 'beat' }[] = [];
  for (let t = 300; t < 40_000; t += 1000) events.push({ atMs: t, kind: 'tick' });
  for (let i = 1; i * 1003 < 40_000; i++) events.push({ atMs: i * 1003 + (i % 3) * 7, kind: 'beat' });
  events.sort((a, b) => a.atMs - b.atMs);
  let reported = 0;
  let previous = { atMs: 0, total: 0 };
  const out: { atMs: number; itemsPerSecond: number }[] = [];
  for (const e of events) {
    if (e.kind === 'tick') reported = settled(e.atMs);
    else {
      out.push({ atMs: e.atMs, itemsPerSecond: rateOf(e.atMs, reported, previous) });
      previous = { atMs: e.atMs, total: reported };
    }
  }
  return out;
}

const during = (s: { atMs: number; itemsPerSecond: number }[]) => s.filter((x) => x.atMs > 6_000 && x.atMs < 30_000).map((x) => x.itemsPerSecond);

describe('a worker\'s items/s', () => {
  it('holds the shard\'s rate within 10% while pages settle in steps, where the per-beat figure swung from 0 to 100', () => {
    const perBeat = series((atMs, total, previous) => Math.round((total - previous.total) / ((atMs - previous.atMs) / 1000)));
    expect(Math.min(...during(perBeat))).toBe(0);
    expect(Math.max(...during(perBeat))).toBeGreaterThanOrEqual(99);
    const rate = new ItemsRate();
    const windowed = series((atMs, total) => rate.record(atMs, total));
    for (const value of during(windowed)) {
      expect(value).toBeGreaterThanOrEqual(54);
      expect(value).toBeLessThanOrEqual(66);
    }
    // Once the work stops, the figure falls to 0 within the window (5 s) and a beat.
    expect(windowed.filter((x) => x.atMs > 36_100).every((x) => x.itemsPerSecond === 0)).toBe(true);
  });

  it('starts from its first sample and never goes below 0', () => {
    const rate = new ItemsRate(5000);
    expect(rate.record(1000, 0)).toBe(0);
    expect(rate.record(2000, 500)).toBe(500);
    expect(rate.record(3000, 500)).toBe(250);
    expect(rate.record(9000, 500)).toBe(0);
  });
});
