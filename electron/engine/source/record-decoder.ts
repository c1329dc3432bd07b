import { isUtf8 } from 'node:buffer';
import { csvCells, decodeRecordText, type RecordTextFormat } from '../../../shared/mapping/decode-record-text';
import type { SourceEntry } from './source-entry';
import type { RawRecord } from './record-splitter';

/**
 * Turns a record's bytes into fields, or into an error in words. Never throws for bad
 * data: a bad row is the operator's problem to see in the rejects file, not a crash.
 * The text itself is decoded by the shared `decodeRecordText` (numbers kept exact), the
 * same function the wizard's preview uses.
 */

/** What a decoder needs to know about the file it reads. */
export interface DecoderContext {
  format: RecordTextFormat;
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

/** Column names for a CSV header row; a missing or repeated name is a file-level problem. */
export function headerColumns(record: RawRecord, delimiter: string, file: string): string[] {
  const { text, valid } = recordText(record.bytes);
  if (!valid) throw new Error(`${file}: the header row is not valid UTF-8 text`);
  const names = csvCells(text, delimiter, record.quoted).map((n) => n.trim());
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

/** Decodes one record into an entry; `ordinal` is assigned by the caller. */
export function decodeRecord(record: RawRecord, ordinal: number, context: DecoderContext): SourceEntry {
  const { text, valid } = recordText(record.bytes);
  const base = { ordinal, file: context.file, line: record.line, offset: record.offset, raw: text };
  if (!valid) return { kind: 'error', ...base, reason: 'the record is not valid UTF-8 text (is the file in another encoding?)' };
  if (record.broken) return { kind: 'error', ...base, reason: record.broken };
  const decoded = decodeRecordText(text, context, record.quoted);
  if (!decoded.ok) return { kind: 'error', ...base, reason: decoded.reason };
  return { kind: 'record', ...base, fields: decoded.fields, attributeValues: decoded.attributeValues };
}
