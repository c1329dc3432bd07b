import { describe, expect, it } from 'vitest';
import { activeWindow, localTimeIn, minutesUntilNextOpening } from '../../../electron/engine/capacity/policies/time-window';
import { decideRate } from '../../../electron/engine/capacity/policies/decide-rate';
import { timeWindowSchema, type TimeWindow } from '../../../shared/rate-modes';
import { inputs } from './capacity-fixtures';

const w = (start: string, end: string, days?: TimeWindow['days']): TimeWindow => timeWindowSchema.parse(days ? { start, end, days } : { start, end });
const inside = (windows: TimeWindow[], iso: string, zone: string) => activeWindow(windows, localTimeIn(Date.parse(iso), zone)) !== null;

describe('time windows', () => {
  it('reads the zone with Intl: 00:30 UTC is 01:30 in Paris in winter, 02:30 in summer', () => {
    expect(localTimeIn(Date.parse('2025-01-06T00:30:00Z'), 'Europe/Paris')).toEqual({ weekday: 'mon', minuteOfDay: 90 });
    expect(localTimeIn(Date.parse('2025-07-07T00:30:00Z'), 'Europe/Paris')).toEqual({ weekday: 'mon', minuteOfDay: 150 });
    expect(localTimeIn(Date.parse('2025-01-06T03:00:00Z'), 'America/New_York')).toEqual({ weekday: 'sun', minuteOfDay: 22 * 60 });
  });

  it('crosses midnight: 22:00-02:00 holds 23:59 and 01:59, not 02:00 or 21:59', () => {
    const win = [w('22:00', '02:00')];
    expect(inside(win, '2025-01-06T23:59:00Z', 'UTC')).toBe(true);
    expect(inside(win, '2025-01-07T01:59:00Z', 'UTC')).toBe(true);
    expect(inside(win, '2025-01-07T02:00:00Z', 'UTC')).toBe(false);
    expect(inside(win, '2025-01-06T21:59:00Z', 'UTC')).toBe(false);
    expect(inside(win, '2025-01-06T22:00:00Z', 'UTC')).toBe(true);
  });

  it('gives a midnight-crossing window to the day it opens on', () => {
    const fri = [w('22:00', '02:00', ['fri'])];
    // 2025-01-10 is a Friday.
    expect(inside(fri, '2025-01-10T23:00:00Z', 'UTC')).toBe(true);
    expect(inside(fri, '2025-01-11T01:00:00Z', 'UTC')).toBe(true); // Saturday 01:00 belongs to Friday's window
    expect(inside(fri, '2025-01-10T01:00:00Z', 'UTC')).toBe(false); // Friday 01:00 belongs to Thursday's
  });

  it('follows the wall clock across DST in spring (Paris, 2025-03-30: 02:00 -> 03:00)', () => {
    const win = [w('01:00', '05:00')];
    // 00:59 UTC = 01:59 CET: inside. 01:00 UTC = 03:00 CEST: still inside (the hour 02:00-03:00 never happens).
    expect(inside(win, '2025-03-30T00:59:00Z', 'Europe/Paris')).toBe(true);
    expect(inside(win, '2025-03-30T01:00:00Z', 'Europe/Paris')).toBe(true);
    // 05:00 CEST = 03:00 UTC: closed; the window lasted 3 real hours that night.
    expect(inside(win, '2025-03-30T02:59:00Z', 'Europe/Paris')).toBe(true);
    expect(inside(win, '2025-03-30T03:00:00Z', 'Europe/Paris')).toBe(false);
    expect(inside(win, '2025-03-29T23:59:00Z', 'Europe/Paris')).toBe(false);
  });

  it('follows the wall clock across DST in autumn (New York, 2025-11-02: 02:00 -> 01:00): 01:00-02:00 opens for two real hours', () => {
    const win = [w('01:00', '02:00')];
    expect(inside(win, '2025-11-02T04:59:00Z', 'America/New_York')).toBe(false); // 00:59 EDT
    expect(inside(win, '2025-11-02T05:00:00Z', 'America/New_York')).toBe(true); // 01:00 EDT
    expect(inside(win, '2025-11-02T06:30:00Z', 'America/New_York')).toBe(true); // 01:30 EST (second time)
    expect(inside(win, '2025-11-02T07:00:00Z', 'America/New_York')).toBe(false); // 02:00 EST
  });

  it('counts wall-clock minutes to the next opening, respecting days', () => {
    expect(minutesUntilNextOpening([w('01:00', '05:00')], { weekday: 'mon', minuteOfDay: 6 * 60 })).toBe(19 * 60);
    expect(minutesUntilNextOpening([w('01:00', '05:00', ['wed'])], { weekday: 'mon', minuteOfDay: 6 * 60 })).toBe(19 * 60 + 24 * 60);
  });
});

describe('windows policy', () => {
  const mode = { mode: 'windows' as const, windows: [{ start: '01:00', end: '05:00' }], timeZone: 'Europe/Paris', inside: { kind: 'rate' as const, wcuPerSecond: 300 } };

  it('pauses outside and says when the next window opens', () => {
    const d = decideRate(inputs(mode, { nowMs: Date.parse('2025-01-06T10:00:00Z') }));
    expect(d).toMatchObject({ run: false, rateWcuPerSecond: 0 });
    expect(d.reason).toBe('windows: paused outside 01:00-05:00 Europe/Paris; the next opens in 14h 00m 00s');
  });

  it('runs at the rate inside, and fills inside when asked', () => {
    const at = Date.parse('2025-01-06T01:00:00Z'); // 02:00 Paris
    expect(decideRate(inputs(mode, { nowMs: at }))).toMatchObject({ run: true, rateWcuPerSecond: 300 });
    const fill = decideRate(inputs({ ...mode, inside: { kind: 'fill', share: 0.9 } }, { nowMs: at, organicEstimate: { wcuPerSecond: 200, trendPerMinute: 0, asOfMinuteMs: at - 120_000 } }));
    expect(fill.rateWcuPerSecond).toBeCloseTo(700, 9);
    expect(fill.reason).toMatch(/^windows: inside 01:00-05:00 Europe\/Paris \(closes in 3h 00m 00s\): fill: 1,000 provisioned/);
  });
});
