import { describe, expect, it } from 'vitest';
import { backfillJobSpecSchema, backfillWriteMode } from '../../../shared/backfill-spec';

const base = { kind: 'backfill', connection: { kind: 'sandbox' }, table: 'orders', operation: { kind: 'count' } } as const;

function rateOf(rate: unknown) {
  return backfillJobSpecSchema.parse({ ...base, rate }).rate;
}

function problemOf(rate: unknown): string {
  const parsed = backfillJobSpecSchema.safeParse({ ...base, rate });
  if (parsed.success) throw new Error(`expected ${JSON.stringify(rate)} to be refused`);
  return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('a backfill spec\'s rate: any write rate mode, plus the scan\'s read rate', () => {
  it('still reads a spec of earlier versions (fixed write rate and read rate) as it was written', () => {
    const rate = rateOf({ mode: 'fixed', wcuPerSecond: 250, rcuPerSecond: 120 });
    expect(rate).toEqual({ mode: 'fixed', wcuPerSecond: 250, rcuPerSecond: 120 });
    expect(backfillWriteMode(rate)).toEqual({ mode: 'fixed', wcuPerSecond: 250 });
  });

  it('defaults to 1,000 WCU/s fixed and 500 RCU/s when the spec names no rate', () => {
    expect(backfillJobSpecSchema.parse(base).rate).toEqual({ mode: 'fixed', wcuPerSecond: 1000, rcuPerSecond: 500 });
  });

  it('takes fill (with its default share), share of organic and on-demand aware with a ceiling', () => {
    expect(rateOf({ mode: 'fill', rcuPerSecond: 50 })).toEqual({ mode: 'fill', share: 0.95, rcuPerSecond: 50 });
    const organic = rateOf({ mode: 'share-of-organic', share: 0.2, maxWcuPerSecond: 400, rcuPerSecond: 80 });
    expect(backfillWriteMode(organic)).toEqual({ mode: 'share-of-organic', share: 0.2, maxWcuPerSecond: 400 });
    expect(organic.rcuPerSecond).toBe(80);
    expect(backfillWriteMode(rateOf({ mode: 'on-demand-aware', wcuPerSecond: 3000, rcuPerSecond: 1 }))).toEqual({ mode: 'on-demand-aware', wcuPerSecond: 3000 });
  });

  it('takes time windows that cross midnight, on named days, filling inside', () => {
    const rate = rateOf({ mode: 'windows', windows: [{ start: '22:00', end: '06:00', days: ['mon', 'tue'] }], timeZone: 'Europe/Berlin', inside: { kind: 'fill', share: 0.7 }, rcuPerSecond: 200 });
    expect(backfillWriteMode(rate)).toEqual({ mode: 'windows', windows: [{ start: '22:00', end: '06:00', days: ['mon', 'tue'] }], timeZone: 'Europe/Berlin', inside: { kind: 'fill', share: 0.7 } });
    expect(rate.rcuPerSecond).toBe(200);
  });

  it('refuses in words a mode without the read rate, an unknown mode, a bad window and an unknown zone', () => {
    expect(problemOf({ mode: 'fill', share: 0.7 })).toMatch(/rate\.rcuPerSecond/);
    expect(problemOf({ mode: 'as-fast-as-possible', rcuPerSecond: 10 })).toMatch(/rate/);
    expect(problemOf({ mode: 'windows', windows: [{ start: '25:00', end: '06:00' }], timeZone: 'UTC', inside: { kind: 'fill' }, rcuPerSecond: 1 })).toMatch(/HH:MM/);
    expect(problemOf({ mode: 'windows', windows: [{ start: '22:00', end: '06:00' }], timeZone: 'Mars/Olympus', inside: { kind: 'fill' }, rcuPerSecond: 1 })).toMatch(/unknown IANA time zone/);
    expect(problemOf({ mode: 'share-of-organic', share: 0, rcuPerSecond: 1 })).toMatch(/rate\.share/);
    expect(problemOf({ mode: 'fixed', wcuPerSecond: 10, rcuPerSecond: 0 })).toMatch(/rate\.rcuPerSecond/);
  });
});
