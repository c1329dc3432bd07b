import type { JobTick } from '../../../shared/job-status';

/**
 * Collects what happens in a job during one second and turns it into a `JobTick`: the
 * engine emits one aggregated tick per second, never one message per item.
 */
export class TickAggregator {
  private read = 0;
  private written = 0;
  private rejected = 0;
  private retried = 0;
  private throttled = 0;
  private consumedWcu = 0;
  private consumedRcu = 0;
  private throttlesByReason: Record<string, number> = {};
  private latencies: number[] = [];

  /** Records read from the source. */
  addRead(n: number): void { this.read += n; }
  /** Items written to the table. */
  addWritten(n: number): void { this.written += n; }
  /** Records rejected (bad rows, refused items, superseded duplicates). */
  addRejected(n: number): void { this.rejected += n; }
  /** Items sent again after a throttle or an error. */
  addRetried(n: number): void { this.retried += n; }
  /** Capacity the table reported consuming. */
  addConsumedWcu(units: number): void { this.consumedWcu += units; }
  /** Read capacity the table reported consuming. */
  addConsumedRcu(units: number): void { this.consumedRcu += units; }
  /** Request latencies in ms. */
  addLatencies(ms: readonly number[]): void { for (const v of ms) this.latencies.push(v); }

  /** A throttle answer with its reasons, covering `items` items. */
  addThrottle(reasons: readonly string[], items: number): void {
    this.throttled += items;
    for (const reason of reasons) this.throttlesByReason[reason] = (this.throttlesByReason[reason] ?? 0) + 1;
  }

  /** Closes the second and starts the next. */
  take(atMs: number, second: number, inFlight: number, targetWcuPerSecond: number): JobTick {
    const tick: JobTick = {
      atMs, second,
      read: this.read, written: this.written, rejected: this.rejected, retried: this.retried,
      throttled: this.throttled, consumedWcu: this.consumedWcu, consumedRcu: this.consumedRcu, throttlesByReason: this.throttlesByReason,
      latencyP50Ms: percentile(this.latencies, 0.5), latencyP99Ms: percentile(this.latencies, 0.99),
      inFlight, targetWcuPerSecond,
    };
    this.read = this.written = this.rejected = this.retried = this.throttled = this.consumedWcu = this.consumedRcu = 0;
    this.throttlesByReason = {};
    this.latencies = [];
    return tick;
  }
}

/** The q-quantile (0..1) of some values, nearest-rank; null when there are none. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}
