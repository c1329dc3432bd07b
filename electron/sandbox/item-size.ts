/**
 * Item sizes and capacity-unit math from DOMAIN.md section 2: a size is the sum of
 * attribute names and values (UTF-8), writes cost 1 unit per started KB, reads 1 unit
 * per started 4 KB (half for eventually consistent reads).
 */

import { writeUnitsForSize } from '../../shared/capacity/capacity-units';

/** A DynamoDB attribute value in its JSON wire form ({S: 'x'}, {N: '1'}, {M: {...}}, ...). */
export type AttributeValue = Record<string, unknown>;
/** An item (or key) in its JSON wire form. */
export type Item = Record<string, AttributeValue>;

const encoder = new TextEncoder();

function utf8Bytes(text: string): number {
  // ASCII fast path: one byte per char.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}

/** Numbers are stored as base-100 digits: about one byte per two significant digits, plus one. */
function numberBytes(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length === 0) return 1;
  return 1 + Math.ceil(digits.length / 2) + (text.startsWith('-') ? 1 : 0);
}

/** Size in bytes of one attribute value (without its name). */
export function valueSizeBytes(value: AttributeValue): number {
  for (const type in value) {
    const v = value[type];
    switch (type) {
      case 'S':
        return utf8Bytes(v as string);
      case 'N':
        return numberBytes(v as string);
      case 'B':
        return base64Bytes(v as string);
      case 'BOOL':
      case 'NULL':
        return 1;
      case 'SS':
        return (v as string[]).reduce((sum, s) => sum + utf8Bytes(s), 0);
      case 'NS':
        return (v as string[]).reduce((sum, s) => sum + numberBytes(s), 0);
      case 'BS':
        return (v as string[]).reduce((sum, s) => sum + base64Bytes(s), 0);
      case 'L':
        return 3 + (v as AttributeValue[]).reduce((sum, e) => sum + 1 + valueSizeBytes(e), 0);
      case 'M': {
        const map = v as Item;
        let sum = 3;
        for (const name in map) sum += 1 + utf8Bytes(name) + valueSizeBytes(map[name] as AttributeValue);
        return sum;
      }
    }
  }
  return 0;
}

/** Size in bytes of an item: attribute names plus values. */
export function itemSizeBytes(item: Item | undefined): number {
  if (!item) return 0;
  let sum = 0;
  for (const name in item) sum += utf8Bytes(name) + valueSizeBytes(item[name] as AttributeValue);
  return sum;
}

/** Write units for an item of `bytes`: the one rule of shared/capacity (a missing item still costs 1). */
export function writeUnitsForBytes(bytes: number): number {
  return writeUnitsForSize(bytes);
}

/** Read units for `bytes` read in one request: one per started 4 KB, halved when eventually consistent. */
export function readUnitsForBytes(bytes: number, consistentRead: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistentRead ? units : units / 2;
}
