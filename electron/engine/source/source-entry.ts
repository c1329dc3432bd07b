import type { SourceFormatName } from '../../../shared/job-spec';

/**
 * What a source yields: every input record exactly once, either parsed into fields or
 * as an error in words, always with where it came from, so nothing is dropped silently.
 */

/** Formats the engine reads. */
export type SourceFormat = SourceFormatName;

/**
 * One input record. `ordinal` numbers records across the whole input (files in sorted
 * order, header rows and blank lines not counted) and is the same on every read, so a
 * checkpoint can name finished records by it. `line` is 1-based and `offset` is the
 * byte offset of the record's first byte in the file (in the decompressed stream for
 * gzip). `raw` is the record's text, cut to 64 KB for records too long to keep.
 */
export type SourceEntry =
  | {
      kind: 'record';
      ordinal: number;
      file: string;
      line: number;
      offset: number;
      /** Column values; for ddb-json they are already DynamoDB attribute values (see `attributeValues`). */
      fields: Record<string, unknown>;
      raw: string;
      /** True when `fields` are attribute values ({S: ...}) that must not be marshalled again. */
      attributeValues: boolean;
    }
  | { kind: 'error'; ordinal: number; file: string; line: number; offset: number; reason: string; raw: string };

/** How an error entry ends when the rest of its file or object could not be read (the audit marks the object failed). */
export const UNREADABLE_REST = 'the rest of the file cannot be read';

/** Whether a reject's reason says its file or object could not be read to its end. */
export function isUnreadableRest(reason: string): boolean {
  return reason.endsWith(UNREADABLE_REST);
}
