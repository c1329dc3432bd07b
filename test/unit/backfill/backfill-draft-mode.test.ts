import { describe, expect, it } from 'vitest';
import { buildBackfillSpec, emptyDraft, type BackfillDraft } from '../../../renderer/src/components/backfill/backfill-draft';
import { draftOf } from '../../../renderer/src/components/dashboard/mode-draft';
import { backfillJobSpecSchema } from '../../../shared/backfill-spec';
import { specRows } from '../../../shared/report/spec-rows';

const connection = { kind: 'sandbox' } as const;

function draft(patch: Partial<BackfillDraft>): BackfillDraft {
  return { ...emptyDraft(), table: 'orders', fromAttribute: 'created', ...patch };
}

function specOf(d: BackfillDraft) {
  const built = buildBackfillSpec(d, connection, null, null);
  if ('error' in built) throw new Error(built.error);
  return backfillJobSpecSchema.parse(built.spec);
}

describe('the backfill wizard\'s write rate mode (the dashboard\'s mode fields)', () => {
  it('starts at a fixed 1,000 WCU/s beside 500 RCU/s', () => {
    expect(specOf(draft({})).rate).toEqual({ mode: 'fixed', wcuPerSecond: 1000, rcuPerSecond: 500 });
  });

  it('turns share of organic and windows with fill inside into the spec, the read rate kept apart', () => {
    const organic = { ...draftOf(null, 1000), mode: 'share-of-organic' as const, sharePercent: '20', maxWcuPerSecond: '400' };
    expect(specOf(draft({ writeMode: organic, rcuPerSecond: '250' })).rate).toEqual({ mode: 'share-of-organic', share: 0.2, maxWcuPerSecond: 400, rcuPerSecond: 250 });
    const windows = { ...draftOf(null, 1000), mode: 'windows' as const, windowStart: '22:00', windowEnd: '06:00', timeZone: 'UTC', insideKind: 'fill' as const, sharePercent: '70' };
    expect(specOf(draft({ writeMode: windows })).rate).toEqual({ mode: 'windows', windows: [{ start: '22:00', end: '06:00' }], timeZone: 'UTC', inside: { kind: 'fill', share: 0.7 }, rcuPerSecond: 500 });
  });

  it('says in words what is wrong with a mode or the read rate', () => {
    const badWindow = { ...draftOf(null, 1000), mode: 'windows' as const, windowStart: '22', windowEnd: '06:00', timeZone: 'UTC' };
    expect(buildBackfillSpec(draft({ writeMode: badWindow }), connection, null, null)).toEqual({ error: 'Write rate: windows.0.start: start must be HH:MM (24-hour)' });
    expect(buildBackfillSpec(draft({ rcuPerSecond: '0' }), connection, null, null)).toEqual({ error: 'The read rate must be above zero.' });
  });

  it('shows the mode\'s settings in words in the report\'s spec table', () => {
    const rows = specRows(specOf(draft({ writeMode: { ...draftOf(null, 1000), mode: 'windows', windowStart: '01:00', windowEnd: '05:00', timeZone: 'Europe/Berlin', wcuPerSecond: '300' } })));
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r.value]));
    expect(byLabel).toMatchObject({ 'Rate mode': 'windows', 'Time window': '01:00-05:00, every day', 'Time zone of the windows': 'Europe/Berlin', 'Inside the windows': 'a fixed rate', 'Rate inside the windows': '300 WCU/s', 'Read rate at start': '500 RCU/s' });
  });
});
