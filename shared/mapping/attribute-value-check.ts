import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { BASE64_TEXT, base64ToBytes } from './base64';
import { checkDynamoNumber } from './dynamo-number';
import { isExactNumber } from './exact-number';
import { dataValue } from '../report/reject-reasons';

/**
 * DynamoDB JSON (an export's `{"S": ...}` values) checked the way DynamoDB would check
 * it, before it is sent: a value DynamoDB refuses would fail a whole batch, and a value
 * of the wrong shape (`{"S": 5}`) would crash the writer. Numbers keep their text (checked
 * against DynamoDB's number rules); binary base64 becomes bytes, as the SDK expects.
 */

/** DynamoDB refuses documents nested deeper than this. */
const MAX_DEPTH = 32;

/** A checked attribute value, or why DynamoDB would refuse it. */
export type CheckedValue = { value: AttributeValue } | { error: string };

function numberOf(value: unknown, where: string): { text: string } | { error: string } {
  if (typeof value !== 'string' && !isExactNumber(value)) return { error: `${where} must be a number written as a string, e.g. {"N": "42"}` };
  const n = checkDynamoNumber(typeof value === 'string' ? value : value.text);
  return n.ok ? { text: n.text } : { error: `${where}: ${n.reason}` };
}

function bytesOf(value: unknown, where: string): { bytes: Uint8Array } | { error: string } {
  // Bytes already (a Parquet source's binary, the SDK's own form) pass as they are.
  if (value instanceof Uint8Array) return { bytes: value };
  if (typeof value !== 'string' || !BASE64_TEXT.test(value)) return { error: `${where} is not base64-encoded binary` };
  return { bytes: base64ToBytes(value) };
}

function setOf<T>(value: unknown, type: string, element: (v: unknown, where: string) => { key: string; value: T } | { error: string }): { values: T[] } | { error: string } {
  if (!Array.isArray(value)) return { error: `${type} must be a list` };
  if (value.length === 0) return { error: `${type} is empty; DynamoDB refuses empty sets` };
  const seen = new Set<string>();
  const values: T[] = [];
  for (const v of value) {
    const checked = element(v, `an element of ${type}`);
    if ('error' in checked) return checked;
    if (seen.has(checked.key)) return { error: `${type} holds ${dataValue(checked.key)} twice; DynamoDB refuses duplicates in a set` };
    seen.add(checked.key);
    values.push(checked.value);
  }
  return { values };
}

/** Checks one DynamoDB JSON attribute value (with everything inside it). */
export function checkedAttributeValue(value: unknown, depth = 0): CheckedValue {
  if (depth > MAX_DEPTH) return { error: `is nested deeper than ${MAX_DEPTH} levels` };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'is not an attribute value object' };
  const types = Object.keys(value);
  if (types.length !== 1) return { error: `has ${dataValue(types.length)} type keys (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)` };
  const type = types[0]!;
  const inner = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return typeof inner === 'string' ? { value: { S: inner } } : { error: 'S must be a string' };
    case 'N': {
      const n = numberOf(inner, 'N');
      return 'error' in n ? n : { value: { N: n.text } };
    }
    case 'B': {
      const b = bytesOf(inner, 'B');
      return 'error' in b ? b : { value: { B: b.bytes } };
    }
    case 'BOOL':
      return typeof inner === 'boolean' ? { value: { BOOL: inner } } : { error: 'BOOL must be true or false' };
    case 'NULL':
      return inner === true ? { value: { NULL: true } } : { error: 'NULL must be true' };
    case 'L': {
      if (!Array.isArray(inner)) return { error: 'L must be a list' };
      const list: AttributeValue[] = [];
      for (let i = 0; i < inner.length; i++) {
        const checked = checkedAttributeValue(inner[i], depth + 1);
        if ('error' in checked) return { error: `[${dataValue(i)}] ${checked.error}` };
        list.push(checked.value);
      }
      return { value: { L: list } };
    }
    case 'M': {
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return { error: 'M must be an object' };
      const map: Record<string, AttributeValue> = {};
      for (const [name, element] of Object.entries(inner)) {
        const checked = checkedAttributeValue(element, depth + 1);
        if ('error' in checked) return { error: `.${name} ${checked.error}` };
        map[name] = checked.value;
      }
      return { value: { M: map } };
    }
    case 'SS': {
      const set = setOf<string>(inner, 'SS', (v, where) => (typeof v === 'string' ? { key: JSON.stringify(v), value: v } : { error: `${where} is not a string` }));
      return 'error' in set ? set : { value: { SS: set.values } };
    }
    case 'NS': {
      const set = setOf<string>(inner, 'NS', (v, where) => {
        const n = numberOf(v, where);
        return 'error' in n ? n : { key: n.text, value: n.text };
      });
      return 'error' in set ? set : { value: { NS: set.values } };
    }
    case 'BS': {
      const set = setOf<Uint8Array>(inner, 'BS', (v, where) => {
        const b = bytesOf(v, where);
        return 'error' in b ? b : { key: v as string, value: b.bytes };
      });
      return 'error' in set ? set : { value: { BS: set.values } };
    }
    default:
      return { error: `has the unknown type "${dataValue(type)}" (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)` };
  }
}
