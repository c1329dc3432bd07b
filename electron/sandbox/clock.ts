/**
 * The one source of time inside the sandbox. Every capacity rule spans seconds to
 * hours, so tests swap the wall clock for a manual one and drive time explicitly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
}

/** A clock that only moves when told to, so 30-minute rules run in milliseconds. */
export interface ManualClock extends Clock {
  readonly manual: true;
  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Jumps to an absolute time; earlier times are ignored so time never runs back. */
  set(ms: number): void;
}

/** The wall clock: what the app and the standalone command use. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Creates a manual clock. The default start is a UTC midnight so minute-aligned
 * CloudWatch periods and the UTC-day decrease budget start cleanly.
 */
export function createManualClock(startMs = Date.UTC(2025, 0, 6, 0, 0, 0)): ManualClock {
  let nowMs = startMs;
  return {
    manual: true,
    now: () => nowMs,
    advance(ms: number) {
      if (ms > 0) nowMs += ms;
    },
    set(ms: number) {
      if (ms > nowMs) nowMs = ms;
    },
  };
}

/** True when the clock is driven by hand (admin `advance` is only allowed then). */
export function isManualClock(clock: Clock): clock is ManualClock {
  return (clock as Partial<ManualClock>).manual === true;
}
