import { isUtf8 } from 'node:buffer';
import type { SourceEntry, SourceFormat } from './source-entry';
import type { RawRecord } from './record-splitter';

/**
 * Turns a record's bytes into fields, or into an error in words. Never throws for bad
 * data: a bad row is the operator's problem to see in the rejects file, not a crash.
 */

const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);

/** What a decoder needs to know about the file it reads. */
export interface DecoderContext {
  format: SourceFormat;
  file: string;
  /** CSV column names (from the header row, or column1..N). */
  columns: string[];
  delimiter: string;
}

/** Text of a record; invalid UTF-8 is detected, not silently replaced. */
function recordText(bytes: Buffer): { text: string; valid: boolean } {
  const text = bytes.toString('utf8');
  // The replacement character is rare in real text, so the full check runs rarely.
  if (text.indexOf('\uFFFD') >= 0 && !isUtf8(bytes)) return { text, valid: false };
  return { text, valid: true };
}

/** Splits a CSV row with quotes into fields (the splitter already checked its shape). */
export function splitQuotedRow(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const length = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) { value += text.slice(from); i = length; break; }
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) { value += '"'; from = q + 2; continue; }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter was flagged by the splitter.
      const next = text.indexOf(delimiter, i);
      fields.push(value);
      if (next < 0) return fields;
      i = next + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      if (next < 0) { fields.push(text.slice(i)); return fields; }
      fields.push(text.slice(i, next));
      i = next + 1;
    }
  }
}

/** Column names for a CSV header row; a missing or repeated name is a file-level problem. */
export function headerColumns(record: RawRecord, delimiter: string, file: string): string[] {
  const { text, valid } = recordText(record.bytes);
  if (!valid) throw new Error(`${file}: the header row is not valid UTF-8 text`);
  const names = (record.quoted ? splitQuotedRow(text, delimiter) : text.split(delimiter)).map((n) => n.trim());
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (!name) throw new Error(`${file}: column ${index + 1} of the header row has no name`);
    if (seen.has(name)) throw new Error(`${file}: column "${name}" appears twice in the header row`);
    seen.add(name);
  });
  return names;
}

/** Names for CSV files without a header: column1, column2, ... */
export function numberedColumns(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column${i + 1}`);
}

/** Why a ddb-json value is not an attribute value, or null when it is one. */
function attributeValueProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an attribute value object';
  const keys = Object.keys(value);
  if (keys.length !== 1 || !ATTRIBUTE_TYPES.has(keys[0]!)) return `has ${keys.length === 1 ? `the unknown type "${keys[0]}"` : `${keys.length} type keys`} (expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS)`;
  return null;
}

/** Decodes one record into an entry; `ordinal` is assigned by the caller. */
export function decodeRecord(record: RawRecord, ordinal: number, context: DecoderContext): SourceEntry {
  const { text, valid } = recordText(record.bytes);
  const base = { ordinal, file: context.file, line: record.line, offset: record.offset, raw: text };
  if (!valid) return { kind: 'error', ...base, reason: 'the record is not valid UTF-8 text (is the file in another encoding?)' };
  if (record.broken) return { kind: 'error', ...base, reason: record.broken };
  if (context.format === 'csv') {
    const values = record.quoted ? splitQuotedRow(text, context.delimiter) : text.split(context.delimiter);
    const columns = context.columns;
    if (values.length !== columns.length) {
      return { kind: 'error', ...base, reason: `the row has ${values.length} fields but the header has ${columns.length} columns` };
    }
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) fields[columns[i]!] = values[i];
    return { kind: 'record', ...base, fields, attributeValues: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'error', ...base, reason: `the line is not valid JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'error', ...base, reason: 'the line is JSON but not an object ({...})' };
  }
  if (context.format === 'jsonl') return { kind: 'record', ...base, fields: parsed as Record<string, unknown>, attributeValues: false };
  const item = (parsed as { Item?: unknown }).Item;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { kind: 'error', ...base, reason: 'the line has no "Item" object (DynamoDB export lines look like {"Item": {...}})' };
  }
  for (const [name, value] of Object.entries(item)) {
    const problem = attributeValueProblem(value);
    if (problem) return { kind: 'error', ...base, reason: `attribute "${name}" ${problem}` };
  }
  return { kind: 'record', ...base, fields: item as Record<string, unknown>, attributeValues: true };
}
