/**
 * Guesses each column's attribute type from sample rows, for the preview and as the
 * default of the mapping. Text cells (CSV) are read for what they look like; JSON values
 * keep their own type. The guess is careful: "02134" stays text (a number would lose the
 * zero), and one odd value in the sample makes a column text.
 *
 * The guess is made once, on the rows the operator sees in the wizard's preview, and
 * pinned into the job spec (`mapping.columnTypes`): the sample check and the job use the
 * pinned types, never a guess of their own from other rows.
 */

import { isExactNumber } from './exact-number';

/** The types a guess can give; sets and binary are never guessed, only chosen. */
export type InferredType = 'S' | 'N' | 'BOOL' | 'NULL' | 'L' | 'M';

/** A number written the way DynamoDB would give it back: no leading zeros, no plus sign. */
const CANONICAL_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

function valueType(value: unknown): InferredType | 'EMPTY' {
  if (value === undefined || value === '') return 'EMPTY';
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return 'BOOL';
  if (typeof value === 'number') return Number.isFinite(value) ? 'N' : 'S';
  if (isExactNumber(value)) return 'N';
  if (Array.isArray(value)) return 'L';
  if (typeof value === 'object') return 'M';
  const text = String(value);
  // Long digit strings are identifiers (card numbers, snowflake ids), not quantities.
  if (text.length <= 30 && CANONICAL_NUMBER.test(text)) return 'N';
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return 'BOOL';
  return 'S';
}

/** One column's guess. */
export interface InferredColumn {
  name: string;
  inferredType: InferredType;
}

/**
 * Column names in order of first appearance with a guessed type. A column whose sample
 * values disagree is S; a column that is empty or null everywhere is NULL.
 */
export function inferColumnTypes(rows: Record<string, unknown>[]): InferredColumn[] {
  const types = new Map<string, InferredType | 'EMPTY' | 'MIXED'>();
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      const type = valueType(row[name]);
      const seen = types.get(name);
      if (seen === undefined || seen === 'EMPTY' || (seen === 'NULL' && type !== 'EMPTY')) types.set(name, type);
      else if (type !== 'EMPTY' && type !== 'NULL' && type !== seen) types.set(name, 'MIXED');
    }
  }
  return [...types].map(([name, type]) => ({
    name,
    inferredType: type === 'MIXED' ? 'S' : type === 'EMPTY' ? 'NULL' : type,
  }));
}
