/**
 * Item size as DynamoDB bills it. The engine uses it to reject items over 400 KB before
 * they are sent, to estimate a batch's WCU, and to check key lengths.
 *
 * Rules from "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * an item is the sum of its attribute names' UTF-8 lengths and its values' sizes; S is its
 * UTF-8 bytes; N is about 1 byte per two significant digits plus 1 (leading and trailing
 * zeroes trimmed); B is its raw bytes (not the base64 text); BOOL and NULL are 1 byte; a
 * List or Map is 3 bytes plus its elements, each element costing 1 byte more. Sets are
 * not named on that page: we count a set as the sum of its elements' sizes, which is what
 * DynamoDB's calculator and the SDK sizers do. Pure: no Node built-ins (shared/).
 */

export { writeUnitsForSize, readUnitsForSize } from './capacity-units';

/** The shape of an attribute value this module reads (the SDK's AttributeValue fits it). */
export interface AttributeValueLike {
  S?: string;
  N?: string;
  B?: Uint8Array | string;
  BOOL?: boolean;
  NULL?: boolean;
  L?: AttributeValueLike[];
  M?: Record<string, AttributeValueLike>;
  SS?: string[];
  NS?: string[];
  BS?: (Uint8Array | string)[];
}

/** Largest item DynamoDB stores: 400 KB, where a KB is 1,024 bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** Longest partition key value DynamoDB accepts. */
export const MAX_PARTITION_KEY_BYTES = 2048;
/** Longest sort key value DynamoDB accepts. */
export const MAX_SORT_KEY_BYTES = 1024;

/**
 * UTF-8 length of a JS string without TextEncoder or Buffer, so shared/ stays pure. A
 * lone surrogate counts 3 bytes, as its replacement character would.
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) { bytes += 1; continue; }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { bytes += 2; i++; continue; } // 4 bytes for 2 units
    }
    bytes += 2;
  }
  return bytes;
}

/**
 * Significant digits of a DynamoDB number string ("00120.500" has 4: 1205), because its
 * stored size depends on them, not on how the text was written.
 */
export function significantDigits(numberText: string): number {
  let first = -1;
  let last = -1;
  let digitsSeen = 0;
  for (let i = 0; i < numberText.length; i++) {
    const code = numberText.charCodeAt(i);
    if (code === 101 || code === 69) break; // e / E: the exponent does not count
    if (code < 48 || code > 57) continue;
    if (code !== 48) {
      if (first < 0) first = digitsSeen;
      last = digitsSeen;
    }
    digitsSeen++;
  }
  if (first < 0) return 1; // zero
  return last - first + 1;
}

/** Bytes of a base64 text once decoded, counted from its length and padding. */
function base64DecodedBytes(text: string): number {
  let padding = 0;
  if (text.endsWith('==')) padding = 2;
  else if (text.endsWith('=')) padding = 1;
  return Math.floor((text.length * 3) / 4) - padding;
}

function binaryBytes(value: Uint8Array | string): number {
  return typeof value === 'string' ? base64DecodedBytes(value) : value.byteLength;
}

/** Size of a number value: 1 byte per two significant digits, plus 1. */
export function numberValueBytes(numberText: string): number {
  return Math.ceil(significantDigits(numberText) / 2) + 1;
}

/** Size of one attribute value, without its name. */
export function attributeValueBytes(value: AttributeValueLike): number {
  if (value.S !== undefined) return utf8ByteLength(value.S);
  if (value.N !== undefined) return numberValueBytes(value.N);
  if (value.B !== undefined) return binaryBytes(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) {
    let bytes = 3;
    for (const element of value.L) bytes += 1 + attributeValueBytes(element);
    return bytes;
  }
  if (value.M !== undefined) {
    let bytes = 3;
    for (const name in value.M) bytes += 1 + utf8ByteLength(name) + attributeValueBytes(value.M[name]!);
    return bytes;
  }
  if (value.SS !== undefined) {
    let bytes = 0;
    for (const element of value.SS) bytes += utf8ByteLength(element);
    return bytes;
  }
  if (value.NS !== undefined) {
    let bytes = 0;
    for (const element of value.NS) bytes += numberValueBytes(element);
    return bytes;
  }
  if (value.BS !== undefined) {
    let bytes = 0;
    for (const element of value.BS) bytes += binaryBytes(element);
    return bytes;
  }
  return 0;
}

/** Size of a whole item: every attribute's name plus its value. */
export function itemSizeBytes(item: Record<string, AttributeValueLike>): number {
  let bytes = 0;
  for (const name in item) bytes += utf8ByteLength(name) + attributeValueBytes(item[name]!);
  return bytes;
}
