import { describe, expect, it } from 'vitest';
import { decideSafety, type SafetyFacts } from '../../../electron/engine/backfill/safety-decision';

const facts = (over: Partial<SafetyFacts>): SafetyFacts => ({
  destructive: true, table: 'orders', confirmTable: 'orders', pitrEnabled: false, backup: 'none', override: false, because: 'delete-where deletes items', ...over,
});

describe('decideSafety', () => {
  it('lets non-destructive jobs through without anything', () => {
    expect(decideSafety(facts({ destructive: false, confirmTable: undefined }))).toEqual({ kind: 'proceed', action: 'none', notes: [] });
  });

  it('refuses without a confirmation naming the table, whatever the backup', () => {
    expect(decideSafety(facts({ confirmTable: undefined, pitrEnabled: true })).kind).toBe('refuse');
    expect(decideSafety(facts({ confirmTable: 'Orders', pitrEnabled: true })).kind).toBe('refuse');
  });

  it('refuses without PITR or a backup unless overridden, and records the override', () => {
    expect(decideSafety(facts({})).kind).toBe('refuse');
    const overridden = decideSafety(facts({ override: true }));
    expect(overridden.kind === 'proceed' && overridden.notes.some((n) => n.startsWith('SAFETY OVERRIDE'))).toBe(true);
  });

  it('proceeds with PITR on, or by turning it on, or by taking a backup', () => {
    expect(decideSafety(facts({ pitrEnabled: true }))).toMatchObject({ kind: 'proceed', action: 'none' });
    expect(decideSafety(facts({ backup: 'pitr' }))).toMatchObject({ kind: 'proceed', action: 'enable-pitr' });
    expect(decideSafety(facts({ backup: 'on-demand' }))).toMatchObject({ kind: 'proceed', action: 'take-backup' });
  });
});
