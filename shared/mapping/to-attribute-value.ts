import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AttributeType } from '../job-spec';
import { BASE64_TEXT, base64ToBytes, bytesToBase64 } from './base64';
import { checkDynamoNumber } from './dynamo-number';
import { isExactNumber, numberText, parseJsonExact, stringifyExact } from './exact-number';
import { dataValue } from '../report/reject-reasons';

/**
 * Source values to DynamoDB attribute values: by a chosen type, or by the value's own
 * JSON type. Bad data comes back as a reason in words, never as an exception.
 */

/** A converted value, nothing (leave the attribute out), or why the value does not fit. */
export type Conversion = { value: AttributeValue } | { omit: true } | { error: string };

const OMIT: Conversion = { omit: true };

/** A value as a reason quotes it: cut short, and marked as the record's (it folds out of the reason's group). */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : isExactNumber(value) ? value.text : stringifyExact(value);
  return dataValue(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** A JSON value as its natural attribute value (string -> S, number -> N, ...). */
export function naturalValue(value: unknown): Conversion {
  if (value === undefined) return OMIT;
  if (value === null) return { value: { NULL: true } };
  switch (typeof value) {
    case 'string':
      return { value: { S: value } };
    case 'boolean':
      return { value: { BOOL: value } };
    case 'number': {
      const n = checkDynamoNumber(String(value));
      return n.ok ? { value: { N: n.text } } : { error: n.reason };
    }
    case 'bigint':
      return naturalValue(String(value));
    case 'object': {
      if (isExactNumber(value)) {
        const n = checkDynamoNumber(value.text);
        return n.ok ? { value: { N: n.text } } : { error: n.reason };
      }
      if (value instanceof Uint8Array) return { value: { B: value } };
      if (Array.isArray(value)) {
        const list: AttributeValue[] = [];
        for (const element of value) {
          const converted = naturalValue(element);
          if ('error' in converted) return converted;
          list.push('omit' in converted ? { NULL: true } : converted.value);
        }
        return { value: { L: list } };
      }
      const map: Record<string, AttributeValue> = {};
      for (const [name, element] of Object.entries(value)) {
        const converted = naturalValue(element);
        if ('error' in converted) return { error: `${name}: ${converted.error}` };
        if ('value' in converted) map[name] = converted.value;
      }
      return { value: { M: map } };
    }
    default:
      return { error: `${typeof value} values cannot be stored` };
  }
}

function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  switch (value.trim().toLowerCase()) {
    case 'true': case 't': case 'yes': case 'y': case '1': return true;
    case 'false': case 'f': case 'no': case 'n': case '0': return false;
    default: return null;
  }
}

function parseBinary(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!BASE64_TEXT.test(text)) return null;
  return base64ToBytes(text);
}

/** Elements of a set or list cell: a JSON array, or text split on the separator. */
function elementsOf(value: unknown, separator: string): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = parseJsonExact(text);
      return Array.isArray(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return text === '' ? [] : text.split(separator).map((part) => part.trim());
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return parseJsonExact(value);
  } catch {
    return undefined;
  }
}

/**
 * A value as the given type. Sets drop repeated elements (DynamoDB refuses them) and an
 * empty set is left out (DynamoDB refuses empty sets too).
 */
export function typedValue(value: unknown, type: AttributeType, separator = ';'): Conversion {
  if (value === undefined) return OMIT;
  switch (type) {
    case 'S':
      if (value === null) return OMIT;
      return { value: { S: typeof value === 'string' ? value : typeof value === 'object' && !isExactNumber(value) ? stringifyExact(value) : String(value) } };
    case 'N': {
      const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' || isExactNumber(value) ? numberText(value) : null;
      if (text === null) return { error: `${describe(value)} is not a number` };
      const n = checkDynamoNumber(text);
      return n.ok ? { value: { N: n.text } } : { error: n.reason };
    }
    case 'B': {
      const bytes = parseBinary(value);
      return bytes ? { value: { B: bytes } } : { error: `"${describe(value)}" is not base64-encoded binary` };
    }
    case 'BOOL': {
      const b = parseBoolean(value);
      return b === null ? { error: `"${describe(value)}" is not true or false` } : { value: { BOOL: b } };
    }
    case 'NULL':
      return { value: { NULL: true } };
    case 'L': {
      const list = Array.isArray(value) ? value : parseJsonText(value);
      if (!Array.isArray(list)) return { error: `"${describe(value)}" is not a JSON array` };
      return naturalValue(list);
    }
    case 'M': {
      const map = typeof value === 'object' ? value : parseJsonText(value);
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return { error: `"${describe(value)}" is not a JSON object` };
      return naturalValue(map);
    }
    case 'SS':
    case 'NS':
    case 'BS': {
      const elements = elementsOf(value, separator);
      if (!elements) return { error: `"${describe(value)}" is not a list of values` };
      const seen = new Set<string>();
      const out: (string | Uint8Array)[] = [];
      for (const element of elements) {
        const converted = typedValue(element, type === 'SS' ? 'S' : type === 'NS' ? 'N' : 'B');
        if ('error' in converted) return { error: `set element ${converted.error}` };
        if ('omit' in converted) continue;
        const v = converted.value;
        const text = v.S ?? v.N ?? bytesToBase64(v.B!);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push(v.S ?? v.N ?? v.B!);
      }
      if (out.length === 0) return OMIT;
      if (type === 'SS') return { value: { SS: out as string[] } };
      if (type === 'NS') return { value: { NS: out as string[] } };
      return { value: { BS: out as Uint8Array[] } };
    }
  }
}
