/**
 * Whether a destructive backfill may start. Pure, so every combination the operator can
 * choose is tested without a table: the confirmation must name the table, and the table
 * must be recoverable (point-in-time recovery on, or a backup the job takes) unless the
 * operator overrides, which the report then records.
 */

/** What the engine found out and what the operator chose. */
export interface SafetyFacts {
  destructive: boolean;
  /** The table the job changes. */
  table: string;
  confirmTable: string | undefined;
  pitrEnabled: boolean;
  backup: 'none' | 'pitr' | 'on-demand';
  override: boolean;
  /** Why the job counts as destructive, in words (for the notes). */
  because: string;
  /** A risk the operator accepted in the spec (e.g. a non-idempotent update), recorded in the notes. */
  acceptedRisk?: string | null;
}

/** What to do before the first write. */
export type SafetyDecision =
  | { kind: 'refuse'; reasons: string[] }
  | { kind: 'proceed'; action: 'none' | 'enable-pitr' | 'take-backup'; notes: string[] };

/** Decides; never throws. */
export function decideSafety(facts: SafetyFacts): SafetyDecision {
  if (!facts.destructive) return { kind: 'proceed', action: 'none', notes: [] };
  const reasons: string[] = [];
  if (facts.confirmTable !== facts.table) {
    reasons.push(
      facts.confirmTable === undefined
        ? `${facts.because}: confirm by naming the table (--confirm ${facts.table})`
        : `The confirmation names "${facts.confirmTable}", but the job changes "${facts.table}"`,
    );
  }
  let action: 'none' | 'enable-pitr' | 'take-backup' = 'none';
  const notes: string[] = [`${facts.because}; confirmed by naming the table ${facts.table}.`];
  if (facts.pitrEnabled) notes.push(`Point-in-time recovery was on for ${facts.table} when the job started.`);
  else if (facts.backup === 'pitr') action = 'enable-pitr';
  else if (facts.backup === 'on-demand') action = 'take-backup';
  else if (facts.override) notes.push(`SAFETY OVERRIDE: started without point-in-time recovery or a backup of ${facts.table}, by the operator's explicit override.`);
  else {
    reasons.push(
      `Point-in-time recovery is off for ${facts.table} and no backup was chosen: choose --backup pitr (the job turns PITR on) or --backup on-demand (the job takes a backup first), or --override-safety to start anyway (the report records it)`,
    );
  }
  if (facts.acceptedRisk) notes.push(facts.acceptedRisk);
  return reasons.length ? { kind: 'refuse', reasons } : { kind: 'proceed', action, notes };
}
