/**
 * The "previous peak" of an on-demand table or index, in write-equivalent units per
 * second (1 WRU = 3 RRU, so a new table's 4,000 WRU/s or 12,000 RRU/s is one number).
 *
 * DynamoDB serves up to twice the previous peak at once and may throttle traffic that
 * more than doubles it within 30 minutes. Modelled as: a minute's average rate becomes
 * the new peak `doublingWindowMs` after that minute ends; until then the old peak
 * (and so the old capacity) holds.
 */
export class OnDemandPeak {
  private settledPeak: number;
  private pending: { effectiveAtMs: number; peak: number }[] = [];

  constructor(
    /** Peak a new table starts with: 2,000 write-equivalent units/s, i.e. 4,000 WRU/s served at once. */
    initialPeakPerSecond: number,
    private readonly doublingWindowMs: number,
  ) {
    this.settledPeak = initialPeakPerSecond;
  }

  /** Feeds the average rate of a minute that ended at `minuteEndMs`. */
  recordMinute(averagePerSecond: number, minuteEndMs: number): void {
    const highest = this.pending.reduce((max, p) => Math.max(max, p.peak), this.settledPeak);
    if (averagePerSecond > highest) this.pending.push({ effectiveAtMs: minuteEndMs + this.doublingWindowMs, peak: averagePerSecond });
  }

  /** The previous peak as it counts at `nowMs`. */
  peakAt(nowMs: number): number {
    if (this.pending.length > 0) {
      const still: { effectiveAtMs: number; peak: number }[] = [];
      for (const p of this.pending) {
        if (p.effectiveAtMs <= nowMs) this.settledPeak = Math.max(this.settledPeak, p.peak);
        else still.push(p);
      }
      this.pending = still;
    }
    return this.settledPeak;
  }

  /** Raises the peak at once (switching a provisioned table to on-demand keeps its capacity). */
  raiseTo(peakPerSecond: number): void {
    this.settledPeak = Math.max(this.settledPeak, peakPerSecond);
  }

  /** The peak that will count once pending minutes mature (for the admin view). */
  pendingPeak(): number {
    return this.pending.reduce((max, p) => Math.max(max, p.peak), this.settledPeak);
  }
}
