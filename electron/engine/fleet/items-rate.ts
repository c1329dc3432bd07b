/**
 * A worker's items/s as the fleet card shows it: the items written over the last few
 * seconds, not since the last heartbeat. A shard reports its totals once per lifecycle tick
 * (each second), and a backfill's totals move a page at a time. Heartbeats run on a clock
 * of their own, so the items counted between two beats swing between nothing and two
 * ticks' worth of pages. The old per-beat figure swung from 0 to twice the rate; over a
 * window of several beats the mean holds (test/unit/fleet/items-rate.test.ts).
 */
export class ItemsRate {
  private readonly samples: { atMs: number; total: number }[] = [];

  /** `windowMs`: how far back the rate looks. */
  constructor(private readonly windowMs = 5_000) {}

  /** Records the worker's items written so far at `atMs` (never decreasing); returns items/s over the window. */
  record(atMs: number, total: number): number {
    this.samples.push({ atMs, total });
    // Keep one sample at or before the window's start, so the window is whole once it can be.
    while (this.samples.length > 2 && this.samples[1]!.atMs <= atMs - this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (atMs - first.atMs) / 1000;
    return seconds > 0 ? Math.max(0, Math.round((total - first.total) / seconds)) : 0;
  }
}
