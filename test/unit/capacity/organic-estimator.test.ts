import { describe, expect, it } from 'vitest';
import { OrganicEstimator } from '../../../electron/engine/capacity/organic-estimator';
import { cwMinute, MINUTE, T0 } from './capacity-fixtures';

/** The job wrote `wcuPerSecond` every second of the minute starting at `minuteStartMs` (ticks end on each second). */
function ownMinute(e: OrganicEstimator, minuteStartMs: number, wcuPerSecond: number): void {
  for (let s = 1; s <= 60; s++) e.observeOwn(minuteStartMs + s * 1000, wcuPerSecond);
}

describe('organic estimator', () => {
  it('subtracts the job from the table total minute by minute, assigning each tick to the minute it covers', () => {
    const e = new OrganicEstimator();
    ownMinute(e, T0, 200);
    // The tick ending exactly at the next minute's start covers the last second of T0's minute.
    expect(e.ownWcuPerSecond(T0)).toBe(200);
    expect(e.ownWcuPerSecond(T0 + MINUTE)).toBe(0);
    const est = e.estimate([cwMinute(T0, 700)]);
    expect(est).toEqual({ wcuPerSecond: 500, trendPerMinute: 0, asOfMinuteMs: T0 });
  });

  it('fits the trend over the last two usable minutes', () => {
    const e = new OrganicEstimator();
    const est = e.estimate([cwMinute(T0, 300), cwMinute(T0 + MINUTE, 400), cwMinute(T0 + 2 * MINUTE, 460)]);
    expect(est?.wcuPerSecond).toBe(460);
    expect(est?.trendPerMinute).toBeCloseTo(60, 9);
    const three = new OrganicEstimator({ fitMinutes: 3 }).estimate([cwMinute(T0, 300), cwMinute(T0 + MINUTE, 400), cwMinute(T0 + 2 * MINUTE, 460)]);
    expect(three?.trendPerMinute).toBeCloseTo(80, 9);
  });

  it('answers from the latest published minute when recent minutes are late (not yet in the view)', () => {
    const e = new OrganicEstimator();
    for (let m = 0; m < 5; m++) ownMinute(e, T0 + m * MINUTE, 100);
    // Only minutes 0..2 are published; minutes 3 and 4 are late and must not read as zero.
    const est = e.estimate([cwMinute(T0, 600), cwMinute(T0 + MINUTE, 650), cwMinute(T0 + 2 * MINUTE, 700)]);
    expect(est).toEqual({ wcuPerSecond: 600, trendPerMinute: 50, asOfMinuteMs: T0 + 2 * MINUTE });
  });

  it('skips a minute where CloudWatch shows less than the job alone wrote (incomplete or lost)', () => {
    const e = new OrganicEstimator();
    for (let m = 0; m < 3; m++) ownMinute(e, T0 + m * MINUTE, 300);
    const est = e.estimate([cwMinute(T0, 800), cwMinute(T0 + MINUTE, 850), cwMinute(T0 + 2 * MINUTE, 0)]);
    expect(est?.asOfMinuteMs).toBe(T0 + MINUTE);
    expect(est?.wcuPerSecond).toBe(550);
    expect(e.organicMinutes([cwMinute(T0 + 2 * MINUTE, 0)])).toEqual([]);
  });

  it('reads an idle complete minute (no job, CloudWatch zero) as organic zero', () => {
    const e = new OrganicEstimator();
    expect(e.estimate([cwMinute(T0, 400), cwMinute(T0 + MINUTE, 0)])).toEqual({ wcuPerSecond: 0, trendPerMinute: -400, asOfMinuteMs: T0 + MINUTE });
  });

  it('has no estimate before CloudWatch answers', () => {
    expect(new OrganicEstimator().estimate([])).toBeNull();
  });

  it('forgets its own seconds after the history window', () => {
    const e = new OrganicEstimator({ historyMs: 10 * MINUTE });
    ownMinute(e, T0, 100);
    e.observeOwn(T0 + 30 * MINUTE, 1);
    expect(e.ownWcuPerSecond(T0)).toBe(0);
  });
});
