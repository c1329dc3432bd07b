import { minuteStartOf, type CloudWatchMinute } from './cloudwatch-minute';
import type { OrganicEstimate } from './rate-inputs';

/** One minute taken apart: what CloudWatch saw, what the job wrote, what is left for the application. */
export interface OrganicMinute {
  minuteStartMs: number;
  totalWcuPerSecond: number;
  ownWcuPerSecond: number;
  organicWcuPerSecond: number;
}

/** Options of the estimator. */
export interface OrganicEstimatorOptions {
  /** Minutes the trend is fitted over (least squares); 2 follows a compressed daily cycle best. */
  fitMinutes?: number;
  /** The job's own seconds are kept this long. */
  historyMs?: number;
}

/**
 * Organic traffic = CloudWatch's total minus the job's own consumption over the same
 * minutes (DOMAIN §6). The job knows its own exactly, per second and by wall clock; the
 * table's total arrives per minute and late. A minute where CloudWatch shows less than
 * the job alone wrote is incomplete (not yet fully aggregated, or lost) and is skipped
 * rather than read as an application at zero.
 */
export class OrganicEstimator {
  private readonly ownByMinute = new Map<number, number>();
  private readonly fitMinutes: number;
  private readonly historyMs: number;
  private latestMs = 0;

  constructor(options: OrganicEstimatorOptions = {}) {
    this.fitMinutes = Math.max(1, options.fitMinutes ?? 2);
    this.historyMs = options.historyMs ?? 90 * 60_000;
  }

  /** The job consumed `consumedWcu` in the second ending at `atMs` (a tick). */
  observeOwn(atMs: number, consumedWcu: number): void {
    if (!(consumedWcu > 0)) return;
    // The tick covers [atMs - 1000, atMs): its middle decides the minute.
    const minute = minuteStartOf(atMs - 500);
    this.ownByMinute.set(minute, (this.ownByMinute.get(minute) ?? 0) + consumedWcu);
    if (atMs > this.latestMs) {
      this.latestMs = atMs;
      for (const m of this.ownByMinute.keys()) if (m < atMs - this.historyMs) this.ownByMinute.delete(m);
    }
  }

  /** The job's own average WCU/s over the minute starting at `minuteStartMs`. */
  ownWcuPerSecond(minuteStartMs: number): number {
    return (this.ownByMinute.get(minuteStartMs) ?? 0) / 60;
  }

  /** Every complete minute that can be split into job and organic traffic, oldest first. */
  organicMinutes(minutes: readonly CloudWatchMinute[]): OrganicMinute[] {
    const out: OrganicMinute[] = [];
    for (const m of minutes) {
      const own = this.ownWcuPerSecond(m.minuteStartMs);
      const total = m.totalConsumedWcuPerSecond;
      // A 2% (and 1 WCU/s) allowance covers clock skew between the job's seconds and CloudWatch's minutes.
      if (total < own * 0.98 - 1) continue;
      out.push({ minuteStartMs: m.minuteStartMs, totalWcuPerSecond: total, ownWcuPerSecond: own, organicWcuPerSecond: Math.max(0, total - own) });
    }
    return out;
  }

  /**
   * The latest usable minute's organic rate with a least-squares trend over the last
   * `fitMinutes` usable minutes (within 10 minutes of it); null without any usable minute.
   */
  estimate(minutes: readonly CloudWatchMinute[]): OrganicEstimate | null {
    const usable = this.organicMinutes(minutes);
    const latest = usable[usable.length - 1];
    if (!latest) return null;
    const fit = usable.slice(-this.fitMinutes).filter((m) => latest.minuteStartMs - m.minuteStartMs <= 10 * 60_000);
    return { wcuPerSecond: latest.organicWcuPerSecond, trendPerMinute: slopePerMinute(fit), asOfMinuteMs: latest.minuteStartMs };
  }
}

/** Least-squares slope of organic WCU/s per minute; 0 with fewer than two points. */
function slopePerMinute(points: OrganicMinute[]): number {
  if (points.length < 2) return 0;
  const xs = points.map((p) => p.minuteStartMs / 60_000);
  const ys = points.map((p) => p.organicWcuPerSecond);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den > 0 ? num / den : 0;
}
