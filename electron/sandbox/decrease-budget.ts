const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * DynamoDB's limit on capacity decreases per table per UTC day: 4 at any time, then
 * one more per hour without a decrease (so at most 27 a day). Decreases are scarce,
 * which is why auto scaling scales in slowly.
 */
export class DecreaseBudget {
  private decreasesMs: number[] = [];

  private today(nowMs: number): number[] {
    const dayStart = nowMs - (nowMs % DAY_MS);
    this.decreasesMs = this.decreasesMs.filter((t) => t >= dayStart);
    return this.decreasesMs;
  }

  /** Decreases made so far this UTC day (DescribeTable's NumberOfDecreasesToday). */
  countToday(nowMs: number): number {
    return this.today(nowMs).length;
  }

  /** Earliest time a decrease is allowed, `nowMs` if allowed now. */
  nextAllowedMs(nowMs: number): number {
    const today = this.today(nowMs);
    if (today.length < 4) return nowMs;
    const last = today[today.length - 1] as number;
    const next = last + HOUR_MS;
    const nextDay = nowMs - (nowMs % DAY_MS) + DAY_MS;
    return Math.min(Math.max(next, nowMs), nextDay);
  }

  /** True when a decrease may happen at `nowMs`. */
  allows(nowMs: number): boolean {
    return this.nextAllowedMs(nowMs) <= nowMs;
  }

  /** Records a decrease made at `nowMs`. */
  record(nowMs: number): void {
    this.today(nowMs).push(nowMs);
  }

  /** Time of the last decrease, if any this day. */
  lastMs(nowMs: number): number | undefined {
    const today = this.today(nowMs);
    return today[today.length - 1];
  }
}
