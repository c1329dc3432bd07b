import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ComputedAttribute } from '../job-spec';
import { isExactNumber } from './exact-number';
import type { Conversion } from './to-attribute-value';
import { dataValue } from '../report/reject-reasons';

/**
 * Attributes computed per record. Each is compiled once into a function of the record,
 * so a job pays the parsing of its configuration once, not per item.
 */

const SECONDS_PER_DAY = 86_400;
/** Epoch values above this are milliseconds: 1e11 seconds is the year 5138. */
const EPOCH_MS_THRESHOLD = 1e11;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Reads a plain value of a column (attribute values already unwrapped). */
export type ColumnReader = (column: string) => unknown;

/** A compiled computed attribute. */
export interface CompiledComputed {
  attribute: string;
  compute(read: ColumnReader, nowMs: number): Conversion;
}

/**
 * Epoch milliseconds of a date cell: ISO 8601 text, or epoch seconds / milliseconds as a
 * number (told apart by size). Null when it is not a date.
 */
export function parseDateMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) >= EPOCH_MS_THRESHOLD ? value : value * 1000) : null;
  // A date needs no more than a double's digits; an exact number is read as its text.
  if (isExactNumber(value)) return parseDateMs(value.text);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseDateMs(Number(text));
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The 32-bit number of a dotted IPv4 address, or null when it is not one. */
export function ipv4ToNumber(text: string): number | null {
  const match = IPV4.exec(text.trim());
  if (!match) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Compiles one computed attribute. An empty source cell leaves the attribute out (no
 * date, no expiry); a cell that is not a date or an address rejects the record.
 */
export function compileComputed(spec: ComputedAttribute): CompiledComputed {
  switch (spec.kind) {
    case 'now':
      return {
        attribute: spec.attribute,
        compute: (_read, nowMs): Conversion => ({
          value: (spec.format === 'iso' ? { S: new Date(nowMs).toISOString() } : { N: String(Math.floor(nowMs / 1000)) }) as AttributeValue,
        }),
      };
    case 'ttl': {
      const addSeconds = Math.round(spec.addDays * SECONDS_PER_DAY);
      return {
        attribute: spec.attribute,
        compute: (read): Conversion => {
          const value = read(spec.fromColumn);
          if (isEmpty(value)) return { omit: true };
          const ms = parseDateMs(value);
          if (ms === null) return { error: `column "${spec.fromColumn}" holds "${dataValue(String(value))}", which is not a date (use ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds)` };
          return { value: { N: String(Math.floor(ms / 1000) + addSeconds) } };
        },
      };
    }
    case 'ipv4-number':
      return {
        attribute: spec.attribute,
        compute: (read): Conversion => {
          const value = read(spec.fromColumn);
          if (isEmpty(value)) return { omit: true };
          const n = typeof value === 'string' ? ipv4ToNumber(value) : null;
          if (n === null) return { error: `column "${spec.fromColumn}" holds "${dataValue(String(value))}", which is not an IPv4 address (like 192.168.1.10)` };
          return { value: { N: String(n) } };
        },
      };
  }
}
