import { isExactNumber, stringifyExact } from './mapping/exact-number';

/**
 * Key templates: `CUST#{customer_id}` renders a record's `customer_id` into a key.
 * Parsed once per job, rendered once per record, so rendering does no parsing.
 */

/** A parsed template: literal text and column references, in order. */
export interface KeyTemplate {
  source: string;
  parts: ({ literal: string } | { column: string })[];
  columns: string[];
}

/** Parses `text{column}text`; `{{` and `}}` stand for literal braces. */
export function parseKeyTemplate(source: string): KeyTemplate {
  const parts: KeyTemplate['parts'] = [];
  const columns: string[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '{' && source[i + 1] === '{') { literal += '{'; i++; continue; }
    if (ch === '}' && source[i + 1] === '}') { literal += '}'; i++; continue; }
    if (ch === '}') throw new Error(`Template "${source}": unmatched "}" at position ${i + 1}`);
    if (ch !== '{') { literal += ch; continue; }
    const end = source.indexOf('}', i + 1);
    if (end < 0) throw new Error(`Template "${source}": "{" at position ${i + 1} is never closed`);
    const column = source.slice(i + 1, end).trim();
    if (!column) throw new Error(`Template "${source}": empty column name at position ${i + 1}`);
    if (literal) { parts.push({ literal }); literal = ''; }
    parts.push({ column });
    columns.push(column);
    i = end;
  }
  if (literal) parts.push({ literal });
  return { source, parts, columns };
}

/** Parses the CLI form `pk=CUST#{customer_id}` into an attribute name and a template. */
export function parseKeyAssignment(text: string): { attribute: string; template: string } {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) {
    throw new Error(`Key "${text}" must look like attribute=template, e.g. pk=CUST#{customer_id}`);
  }
  return { attribute: text.slice(0, eq).trim(), template: text.slice(eq + 1).trim() };
}

/**
 * Renders a template against a record. Returns an error in words when a referenced
 * column is missing or empty, because an empty key part is almost always a bad row.
 */
export function renderKeyTemplate(
  template: KeyTemplate,
  record: Record<string, unknown>,
): { ok: true; value: string } | { ok: false; reason: string } {
  let out = '';
  for (const part of template.parts) {
    if ('literal' in part) { out += part.literal; continue; }
    const value = record[part.column];
    if (value === undefined || value === null || value === '') {
      return { ok: false, reason: `column "${part.column}" is missing or empty (needed by ${template.source})` };
    }
    out += typeof value !== 'object' || isExactNumber(value) ? String(value) : stringifyExact(value);
  }
  return { ok: true, value: out };
}
