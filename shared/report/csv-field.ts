/**
 * RFC 4180 fields: quoted only when they must be, so spreadsheets and `csv-parse` read
 * back exactly what was written — with one deliberate change: a text cell that begins
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front
 * (`=1+1` is written `'=1+1`), so a spreadsheet opening the file shows the text instead
 * of running it as a formula (CSV injection, OWASP). A cell that is a plain number (`-5`,
 * `+1.5E3`) is left as it is: no spreadsheet runs it, and numbers stay numbers. Every CSV
 * Capstan writes from table or file data goes through here (query exports, report CSV).
 */

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, which no spreadsheet evaluates. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The text of a cell with formula-starting text neutralised (see the head of this file). */
export function neutralizedCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised, then quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralizedCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
