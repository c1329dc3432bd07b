import type { BackfillJobSpecInput, BackfillOperationKind } from '../../../../shared/backfill-spec';
import type { ConnectionRef } from '../../../../shared/job-spec';
import { draftOf, modeOf, type ModeDraft } from '../dashboard/mode-draft';

/** What the backfill wizard's fields hold, as typed (text), before it becomes a spec. */
export interface BackfillDraft {
  name: string;
  table: string;
  kind: BackfillOperationKind;
  /** add-ttl and derive: the attribute set. */
  attribute: string;
  /** add-ttl: the date attribute and the days added. */
  fromAttribute: string;
  addDays: string;
  /** derive: the template of other attributes. */
  template: string;
  /** delete-where: the condition; update: the UpdateExpression. */
  expression: string;
  /** update: the ConditionExpression. */
  condition: string;
  /** update: run a non-idempotent update without a guard (the report records it). */
  acceptReapplyRisk: boolean;
  /** `#name=attribute` lines. */
  names: string;
  /** `:value=JSON or text` lines. */
  values: string;
  /** copy: the target table. */
  targetTable: string;
  /** count / find: a filter expression (names and values from the fields above). */
  filter: string;
  /** find: where the matching items go. */
  outputPath: string;
  segments: string;
  rcuPerSecond: string;
  /** The write side's rate mode, as the dashboard's mode fields hold it (fixed 1,000 WCU/s at first). */
  writeMode: ModeDraft;
}

/** A new wizard's fields: add-ttl, 500 RCU/s and a fixed 1,000 WCU/s. */
export function emptyDraft(): BackfillDraft {
  return {
    name: '', table: '', kind: 'add-ttl', attribute: 'ttl', fromAttribute: '', addDays: '90', template: '', expression: '', condition: '', acceptReapplyRisk: false,
    names: '', values: '', targetTable: '', filter: '', outputPath: '', segments: '', rcuPerSecond: '500',
    writeMode: draftOf({ mode: 'fixed', wcuPerSecond: 1000 }, 1000),
  };
}

/** Safety choices of a destructive job. */
export interface SafetyChoice {
  confirmTable: string;
  backup: 'none' | 'pitr' | 'on-demand';
  /** Start without PITR or a backup anyway; the report's notes record it. */
  override: boolean;
}

/**
 * Parses `key=value` lines (one placeholder a line). A value that reads as JSON is taken
 * as JSON (`42`, `true`, `{"N":"1"}`), anything else as text, so `:cut=2024-01-01` is a string.
 */
export function parsePlaceholders(text: string, prefix: '#' | ':'): { map: Record<string, unknown>; error: string | null } {
  const map: Record<string, unknown> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 1) return { map, error: `"${line}" should read ${prefix === '#' ? '#name=attribute' : ':value=text or JSON'}` };
    const key = line.slice(0, eq).trim();
    if (!key.startsWith(prefix)) return { map, error: `"${key}" should start with ${prefix}` };
    const value = line.slice(eq + 1).trim();
    map[key] = prefix === '#' ? value : jsonOrText(value);
  }
  return { map, error: null };
}

function jsonOrText(value: string): unknown {
  if (!/^[\d[{"-]|^(true|false|null)$/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The backfill job spec for the wizard's fields, or what is missing in words. */
export function buildBackfillSpec(d: BackfillDraft, connection: ConnectionRef, safety: SafetyChoice | null, trialFraction: number | null): { spec: BackfillJobSpecInput } | { error: string } {
  if (!d.table) return { error: 'Choose a table.' };
  const names = parsePlaceholders(d.names, '#');
  if (names.error) return { error: names.error };
  const values = parsePlaceholders(d.values, ':');
  if (values.error) return { error: values.error };
  const placeholders = { names: names.map as Record<string, string>, values: values.map };
  let operation: BackfillJobSpecInput['operation'];
  let filter: BackfillJobSpecInput['filter'];
  switch (d.kind) {
    case 'add-ttl':
      if (!d.attribute.trim() || !d.fromAttribute.trim()) return { error: 'Name the TTL attribute and the date attribute it is computed from.' };
      if (!Number.isFinite(Number(d.addDays))) return { error: 'Days must be a number.' };
      operation = { kind: 'add-ttl', attribute: d.attribute.trim(), fromAttribute: d.fromAttribute.trim(), addDays: Number(d.addDays) };
      break;
    case 'derive':
      if (!d.attribute.trim() || !d.template.trim()) return { error: 'Name the attribute and give its template, e.g. {state}#{city}.' };
      operation = { kind: 'derive', attribute: d.attribute.trim(), template: d.template.trim() };
      break;
    case 'delete-where':
      if (!d.expression.trim()) return { error: 'Give the condition of the items to delete.' };
      operation = { kind: 'delete-where', where: { expression: d.expression.trim(), ...placeholders } };
      break;
    case 'update':
      if (!d.expression.trim() || !d.condition.trim()) return { error: 'Give the update expression and the condition that makes a re-run harmless.' };
      operation = { kind: 'update', update: d.expression.trim(), condition: d.condition.trim(), ...placeholders, ...(d.acceptReapplyRisk ? { acceptReapplyRisk: true } : {}) };
      break;
    case 'copy':
      if (!d.targetTable.trim()) return { error: 'Choose the target table.' };
      operation = { kind: 'copy', targetTable: d.targetTable.trim() };
      break;
    case 'count':
      operation = { kind: 'count' };
      break;
    case 'find':
      if (!d.outputPath.trim()) return { error: 'Give the file the matching items go to.' };
      operation = { kind: 'find', outputPath: d.outputPath.trim() };
      break;
  }
  if ((d.kind === 'count' || d.kind === 'find') && d.filter.trim()) filter = { expression: d.filter.trim(), ...placeholders };
  const rcu = Number(d.rcuPerSecond);
  if (!(rcu > 0)) return { error: 'The read rate must be above zero.' };
  const write = modeOf(d.writeMode);
  if ('error' in write) return { error: `Write rate: ${write.error}` };
  const segments = d.segments.trim() ? Math.floor(Number(d.segments)) : undefined;
  if (segments !== undefined && !(segments >= 1)) return { error: 'Segments must be a whole number of 1 or more (or empty to let Capstan choose).' };
  return {
    spec: {
      kind: 'backfill',
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      connection,
      table: d.table,
      operation,
      ...(filter ? { filter } : {}),
      ...(segments !== undefined ? { scan: { segments } } : {}),
      rate: { ...write.mode, rcuPerSecond: rcu },
      ...(trialFraction !== null ? { trial: { fraction: trialFraction } } : {}),
      ...(safety ? { safety: { confirmTable: safety.confirmTable, backup: safety.backup, overrideNoBackup: safety.override } } : {}),
    },
  };
}
