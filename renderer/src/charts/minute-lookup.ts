import type { CloudWatchMinute } from '../../../shared/capacity-view';
import type { JobTick } from '../../../shared/job-status';

/** What the capacity chart draws of one CloudWatch minute (per second, as the ticks are). */
export interface MinuteFigures {
  totalWcu: number;
  totalRcu: number;
  /** Total minus the job's own consumption over the same minute (never below zero). */
  organicWcu: number;
  provisionedWcu: number | null;
  provisionedRcu: number | null;
}

const MINUTE_MS = 60_000;

/** The start of the minute a tick belongs to (a tick's time is the end of its second). */
export function minuteStartOf(atMs: number): number {
  return Math.floor((atMs - 1) / MINUTE_MS) * MINUTE_MS;
}

/**
 * The table's CloudWatch minutes keyed by their start, with the organic estimate per
 * minute: the table's total minus what this job consumed in that minute by its own
 * ticks (the engine's definition, drawn for every minute instead of only the latest).
 */
export function buildMinuteLookup(minutes: readonly CloudWatchMinute[], ticks: readonly JobTick[], tickCount: number): Map<number, MinuteFigures> {
  const lookup = new Map<number, MinuteFigures>();
  if (minutes.length === 0) return lookup;
  const first = minutes[0]!.minuteStartMs;
  const own = new Map<number, number>();
  // Ticks are in time order: walk back only over the minutes CloudWatch covers.
  for (let i = tickCount - 1; i >= 0; i--) {
    const tick = ticks[i]!;
    const start = minuteStartOf(tick.atMs);
    if (start < first) break;
    own.set(start, (own.get(start) ?? 0) + tick.consumedWcu);
  }
  for (const m of minutes) {
    const ownPerSecond = (own.get(m.minuteStartMs) ?? 0) / 60;
    lookup.set(m.minuteStartMs, {
      totalWcu: m.totalConsumedWcuPerSecond,
      totalRcu: m.totalConsumedRcuPerSecond,
      organicWcu: Math.max(0, m.totalConsumedWcuPerSecond - ownPerSecond),
      provisionedWcu: m.provisionedWcu,
      provisionedRcu: m.provisionedRcu,
    });
  }
  return lookup;
}
