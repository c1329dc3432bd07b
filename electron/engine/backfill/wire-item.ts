import { naturalValue } from '../../../shared/mapping/to-attribute-value';
import { reasonText } from '../../../shared/report/reject-reasons';

/**
 * Items as DynamoDB's JSON wire format has them (`{"S": "..."}`, binaries as base64
 * text). A backfill reads items with a Scan and writes them back with conditions, so it
 * keeps them in this form end to end and never converts.
 */

/** One attribute value in wire form. */
export type WireValue = {
  S?: string; N?: string; B?: string; BOOL?: boolean; NULL?: boolean;
  L?: WireValue[]; M?: Record<string, WireValue>; SS?: string[]; NS?: string[]; BS?: string[];
};
/** One item (or key) in wire form. */
export type WireItem = Record<string, WireValue>;

const TYPE_TAGS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);

/**
 * A placeholder value from a spec: an explicit attribute value (`{"N": "5"}`) is taken as
 * it is; any other JSON value by its own type (text S, number N, ...). Throws in words,
 * because a bad placeholder is the operator's mistake and must stop the job before it starts.
 */
export function placeholderToWire(name: string, value: unknown): WireValue {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && TYPE_TAGS.has(keys[0]!)) return value as WireValue;
  }
  const converted = naturalValue(value);
  if ('error' in converted) throw new Error(`Placeholder ${name}: ${reasonText(converted.error)}`);
  if ('omit' in converted) throw new Error(`Placeholder ${name} has no value`);
  return converted.value as WireValue;
}

/** Every placeholder of a spec section in wire form. */
export function placeholdersToWire(values: Record<string, unknown>): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (const [name, value] of Object.entries(values)) out[name] = placeholderToWire(name, value);
  return out;
}

/** The key attributes of an item, in the table's key order. */
export function keyOf(item: WireItem, keyNames: readonly string[]): WireItem {
  const key: WireItem = {};
  for (const name of keyNames) key[name] = item[name]!;
  return key;
}

/**
 * A key as one string, for sets and checkpoints: the key values in key order. Two items
 * of one table have the same text exactly when they have the same key.
 */
export function keyText(item: WireItem, keyNames: readonly string[]): string {
  return JSON.stringify(keyNames.map((name) => item[name] ?? null));
}

/** True when two wire values are the same value (sets compare as sets). */
export function sameWireValue(a: WireValue | undefined, b: WireValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const setKey = a.SS ? 'SS' : a.NS ? 'NS' : a.BS ? 'BS' : null;
  if (setKey) {
    const x = a[setKey]!;
    const y = b[setKey];
    return !!y && x.length === y.length && [...x].sort().join('\u0000') === [...y].sort().join('\u0000');
  }
  if (a.N !== undefined) return b.N !== undefined && (a.N === b.N || Number(a.N) === Number(b.N));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A scalar attribute as text for templates (S and N), else null. */
export function scalarText(value: WireValue | undefined): string | null {
  if (!value) return null;
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return value.N;
  return null;
}
