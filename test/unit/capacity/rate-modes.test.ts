import { describe, expect, it } from 'vitest';
import { minutesOfDay, rateModeSchema, shareOfOrganicForTargetChange } from '../../../shared/rate-modes';

describe('rate mode schema', () => {
  it('fills defaults: fill at 95%, windows filling at 95%', () => {
    expect(rateModeSchema.parse({ mode: 'fill' })).toEqual({ mode: 'fill', share: 0.95 });
    const w = rateModeSchema.parse({ mode: 'windows', windows: [{ start: '22:00', end: '02:00' }], timeZone: 'Europe/Paris', inside: { kind: 'fill' } });
    expect(w.mode === 'windows' && w.inside).toEqual({ kind: 'fill', share: 0.95 });
  });

  it('refuses an unknown zone, a bad time, an empty window and a fill share above 100%', () => {
    const win = (start: string, end: string, timeZone = 'UTC') => rateModeSchema.safeParse({ mode: 'windows', windows: [{ start, end }], timeZone, inside: { kind: 'rate', wcuPerSecond: 10 } }).success;
    expect(win('01:00', '05:00')).toBe(true);
    expect(win('01:00', '05:00', 'Mars/Olympus')).toBe(false);
    expect(win('1:00', '05:00')).toBe(false);
    expect(win('24:00', '05:00')).toBe(false);
    expect(win('03:00', '03:00')).toBe(false);
    expect(rateModeSchema.safeParse({ mode: 'fill', share: 1.2 }).success).toBe(false);
    expect(rateModeSchema.safeParse({ mode: 'fixed', wcuPerSecond: 0 }).success).toBe(false);
  });

  it('keeps the ceiling on every mode', () => {
    expect(rateModeSchema.parse({ mode: 'on-demand-aware', wcuPerSecond: 500, maxWcuPerSecond: 300 }).maxWcuPerSecond).toBe(300);
  });

  it('turns a 70% -> 80% target change into a 14.3% share (80/70 - 1)', () => {
    const mode = shareOfOrganicForTargetChange(0.7, 0.8);
    expect(mode.mode).toBe('share-of-organic');
    expect(mode.mode === 'share-of-organic' && mode.share).toBeCloseTo(0.142857, 5);
    // 70/50 - 1 = 40%
    const m2 = shareOfOrganicForTargetChange(0.5, 0.7);
    expect(m2.mode === 'share-of-organic' && m2.share).toBeCloseTo(0.4, 9);
    expect(() => shareOfOrganicForTargetChange(0.8, 0.7)).toThrow(/must be above/);
  });

  it('reads HH:MM as minutes of the day', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('23:59')).toBe(1439);
  });
});
