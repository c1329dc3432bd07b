import { parseJsonExact } from './exact-number';
import { dataValue, foreignMessage } from '../report/reject-reasons';

/**
 * A record's text to fields, one way for every reader: the engine's sources (after the
 * bytes are split and checked as UTF-8) and the wizard's preview in the browser. Numbers
 * are kept exact (see `exact-number.ts`); bad data comes back as a reason, never thrown.
 */

/** The formats a record's text can be in. */
export type RecordTextFormat = 'csv' | 'jsonl' | 'ddb-json';

/** What decoding needs to know about the file. */
export interface RecordTextContext {
  format: RecordTextFormat;
  /** CSV column names (from the header row, or column1..N). */
  columns: string[];
  delimiter: string;
}

/** Fields of a record (attribute values for DynamoDB JSON), or why the text is not a record. */
export type DecodedText = { ok: true; fields: Record<string, unknown>; attributeValues: boolean } | { ok: false; reason: string };

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

/** A CSV row's cells; `quoted` says whether the row holds a quote (the splitter knows; otherwise it is looked up). */
export function csvCells(text: string, delimiter: string, quoted = text.includes('"')): string[] {
  return quoted ? splitQuotedRow(text, delimiter) : text.split(delimiter);
}

/**
 * A JSON parse error's words without the parser's echo of the line (V8 adds
 * `, "{"a": x1}" is not valid JSON`): the rejects file holds the line itself, and the echo,
 * quotes within quotes, could not be told apart from the words.
 */
function withoutEcho(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
}

/** Decodes one record's text. */
export function decodeRecordText(text: string, context: RecordTextContext, quoted?: boolean): DecodedText {
  if (context.format === 'csv') {
    const values = csvCells(text, context.delimiter, quoted);
    const columns = context.columns;
    if (values.length !== columns.length) {
      return { ok: false, reason: `the row has ${dataValue(values.length)} fields but the header has ${columns.length} columns` };
    }
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) fields[columns[i]!] = values[i];
    return { ok: true, fields, attributeValues: false };
  }
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text);
  } catch (error) {
    return { ok: false, reason: `the line is not valid JSON (${foreignMessage(withoutEcho((error as Error).message))})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'the line is JSON but not an object ({...})' };
  }
  if (context.format === 'jsonl') return { ok: true, fields: parsed as Record<string, unknown>, attributeValues: false };
  const item = (parsed as { Item?: unknown }).Item;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { ok: false, reason: 'the line has no "Item" object (DynamoDB export lines look like {"Item": {...}})' };
  }
  // Each attribute value is checked by the mapper, the way DynamoDB would check it.
  return { ok: true, fields: item as Record<string, unknown>, attributeValues: true };
}
