import { describe, expect, it } from 'vitest';
import { decideSafety } from '../../../electron/engine/backfill/safety-decision';
import { reapplyRefusal } from '../../../electron/engine/backfill/update-idempotence';
import { addClause } from '../../../renderer/src/components/backfill/condition-builder';
import { refusalForUi } from '../../../renderer/src/components/backfill/refusal-words';
import { previewTtls } from '../../../renderer/src/components/backfill/ttl-preview';
import { ttlDateWords } from '../../../shared/ttl-time';

describe('the backfill wizard in the UI\'s words', () => {
  it('turns every flag in the engine\'s refusals into the wizard\'s control', () => {
    const refused = decideSafety({ destructive: true, table: 'events', confirmTable: undefined, pitrEnabled: false, backup: 'none', override: false, because: 'delete-where deletes items' });
    expect(refused.kind).toBe('refuse');
    const reasons = refused.kind === 'refuse' ? refused.reasons : [];
    expect(reasons).toHaveLength(2);
    const risk = reapplyRefusal({ update: 'ADD #n :one', condition: 'attribute_exists(#n)', names: { '#n': 'n' }, values: { ':one': 1 } });
    expect(risk).not.toBeNull();
    for (const reason of [...reasons, risk!]) {
      const words = refusalForUi(reason);
      expect(words, words).not.toMatch(/--[a-z]|acceptReapplyRisk/);
    }
    expect(refusalForUi(reasons[0]!)).toContain('(type events under Safety)');
    expect(refusalForUi(reasons[1]!)).toContain('Start without point-in-time recovery or a backup anyway');
    expect(refusalForUi(risk!)).toContain('Accept that a resume may apply it twice');
  });

  it('builds a condition with fresh placeholders, keeps the raw text, and refuses an incomplete clause in words', () => {
    const first = addClause({ expression: '', names: '', values: '' }, { attribute: 'acquisition_date', op: '<', value: '2025-01-01', type: 'S' });
    expect(first).toEqual({ expression: '#a1 < :v1', names: '#a1=acquisition_date', values: ':v1="2025-01-01"' });
    const second = addClause({ expression: '#a1 < :v1 OR #x = :v2', names: '#a1=acquisition_date\n#x=kind', values: ':v1="2025-01-01"\n:v2=3' }, { attribute: 'status', op: 'begins_with', value: '123', type: 'S' });
    expect(second).toEqual({
      expression: '(#a1 < :v1 OR #x = :v2) AND begins_with(#a2, :v3)',
      names: '#a1=acquisition_date\n#x=kind\n#a2=status',
      values: ':v1="2025-01-01"\n:v2=3\n:v3="123"',
    });
    // The same attribute again reuses its name placeholder; a value-less test has no value.
    expect(addClause({ expression: '#a1 < :v1', names: '#a1=acquisition_date', values: ':v1="x"' }, { attribute: 'acquisition_date', op: 'attribute_exists', value: '', type: 'S' }))
      .toEqual({ expression: '#a1 < :v1 AND attribute_exists(#a1)', names: '#a1=acquisition_date', values: ':v1="x"' });
    expect(addClause({ expression: '', names: '', values: '' }, { attribute: 'n', op: '>', value: 'ten', type: 'N' })).toEqual({ error: '"ten" is not a number: choose “text” or give a number.' });
    expect(addClause({ expression: '', names: '', values: '' }, { attribute: '', op: '=', value: '1', type: 'N' })).toEqual({ error: 'Choose the attribute the condition tests.' });
  });

  it('previews the TTLs add-ttl would write, as dates, and counts those already past', () => {
    const sample = {
      scanned: 4,
      attributes: [{ name: 'acquired', count: 4, types: ['S'], example: '2024-01-01', values: [
        { type: 'S' as const, text: '2024-01-01' }, { type: 'S' as const, text: '2026-06-01' }, { type: 'S' as const, text: 'soon' }, { type: 'S' as const, text: '2023-03-05T10:00:00Z' },
      ] }],
    };
    const now = Date.parse('2026-01-01T00:00:00Z') / 1000;
    const preview = previewTtls(sample, 'acquired', 90, now)!;
    expect(preview).toEqual({ withDate: 4, notDates: 1, earliest: Date.parse('2023-06-03T10:00:00Z') / 1000, latest: Date.parse('2026-08-30T00:00:00Z') / 1000, inPast: 2 });
    expect(ttlDateWords(preview.latest!)).toBe('2026-08-30 00:00 UTC');
    expect(previewTtls(sample, 'missing', 90, now)).toBeNull();
  });
});
