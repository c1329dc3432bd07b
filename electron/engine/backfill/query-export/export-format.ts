import { csvField } from '../../../../shared/report/csv-field';
import type { WireItem, WireValue } from '../wire-item';

/**
 * Export lines: DynamoDB JSON lines (lossless, what `find` also writes), or CSV whose
 * columns are fixed up front (given, or the attributes of the first items), because a
 * CSV header cannot grow once written. Scalars are written as text, anything else as its
 * DynamoDB JSON. CSV cells go through the shared `csvField`, which neutralises text a
 * spreadsheet would run as a formula.
 */

/** The CSV header line. */
export function csvHeader(columns: readonly string[]): string {
  return columns.map(csvField).join(',');
}

/** One item as a CSV row under `columns`. */
export function csvRow(item: WireItem, columns: readonly string[]): string {
  return columns.map((c) => csvField(cellText(item[c]))).join(',');
}

/** One item as a DynamoDB JSON line. */
export function jsonLine(item: WireItem): string {
  return JSON.stringify(item);
}

/** Columns for a CSV: key attributes first, then every other attribute of the sample, sorted. */
export function columnsOf(sample: readonly WireItem[], keyNames: readonly string[]): string[] {
  const others = new Set<string>();
  for (const item of sample) for (const name of Object.keys(item)) if (!keyNames.includes(name)) others.add(name);
  return [...keyNames, ...[...others].sort()];
}

function cellText(value: WireValue | undefined): string {
  if (!value) return '';
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return value.N;
  if (value.BOOL !== undefined) return String(value.BOOL);
  if (value.NULL) return '';
  return JSON.stringify(value);
}
