import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ParquetOptions } from '../../../../shared/parquet-options';
import type { SourceEntry } from '../source-entry';
import type { LaneChunk } from '../spread';
import { ParquetCellProblem, topLevelNull, type ParquetColumnPlan } from './parquet-attribute-values';
import type { DecodedRows } from './parquet-file-reader';

/**
 * Decoded Parquet rows as source entries: each row becomes a record whose fields are
 * already attribute values (like a DynamoDB export line), or an error in words naming
 * the column. Rows stay columnar until taken, so a row group held for spreading costs
 * its decoded columns, not an object per row.
 *
 * For Parquet, `line` is the row's 1-based number in the file and `offset` its 0-based
 * row number (what `readRecordAt` takes back); `raw` is the row as DynamoDB JSON, made
 * only when asked for (a reject), since most rows never need it.
 */

/** DynamoDB JSON of attribute values, binary as base64 (the text a rejects file shows). */
export function attributeValuesJson(fields: Record<string, AttributeValue>): string {
  return JSON.stringify(fields, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value));
}

/** A decoded value that could not be mapped, as plain text for the rejects file (NaN as "NaN", big integers as digits, bytes as base64). */
function plainText(value: unknown): unknown {
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return value;
}

/** A mapped Parquet row; its DynamoDB JSON text is made on first use. */
class ParquetRecordEntry {
  readonly kind = 'record' as const;
  readonly attributeValues = true;
  constructor(
    readonly ordinal: number,
    readonly file: string,
    readonly line: number,
    readonly offset: number,
    readonly fields: Record<string, AttributeValue>,
  ) {}

  get raw(): string {
    return attributeValuesJson(this.fields);
  }
}

/** Where rows of one file are numbered from. */
export interface RowNumbering {
  file: string;
  /** Ordinal of the file's row 0. */
  firstOrdinal: number;
}

/**
 * Maps one decoded row to an entry. A cell the mapping cannot hold, or a column whose
 * type has no attribute counterpart, rejects the row with the column named.
 */
export function parquetRowEntry(decoded: DecodedRows, index: number, plans: ParquetColumnPlan[], numbering: RowNumbering, options: ParquetOptions): SourceEntry {
  const row = decoded.rowStart + index;
  const ordinal = numbering.firstOrdinal + row;
  const fields: Record<string, AttributeValue> = {};
  const absent = topLevelNull(options);
  for (let c = 0; c < plans.length; c++) {
    const plan = plans[c]!;
    const column = decoded.columns[c];
    if (!column) return rowError(decoded, index, plans, numbering, `column "${plan.name}" cannot be loaded: ${plan.unsupported ?? 'it was not decoded'}`);
    const value = column.values[column.offset + index];
    if (value === null || value === undefined) {
      if (absent) fields[plan.name] = absent;
      continue;
    }
    const converted = plan.convert(value);
    if (converted === undefined) continue;
    if (converted instanceof ParquetCellProblem) return rowError(decoded, index, plans, numbering, `column "${plan.name}" (${plan.parquetType}): ${converted.reason}`);
    fields[plan.name] = converted;
  }
  return new ParquetRecordEntry(ordinal, numbering.file, row + 1, row, fields);
}

/** A rejected row: the reason, and as its text the columns that map (as DynamoDB JSON) with the others in plain text. */
function rowError(decoded: DecodedRows, index: number, plans: ParquetColumnPlan[], numbering: RowNumbering, reason: string): SourceEntry {
  const row = decoded.rowStart + index;
  const values: Record<string, unknown> = {};
  plans.forEach((plan, c) => {
    const column = decoded.columns[c];
    if (!column) return;
    const value = column.values[column.offset + index];
    if (value === null || value === undefined) return;
    const converted = plan.convert(value);
    values[plan.name] = converted instanceof ParquetCellProblem ? plainText(value) : converted;
  });
  return { kind: 'error', ordinal: numbering.firstOrdinal + row, file: numbering.file, line: row + 1, offset: row, reason, raw: attributeValuesJson(values as Record<string, AttributeValue>) };
}

/** Every row of a run as an error (a row group that cannot be decoded): counted and rejected, never dropped. */
export function failedRowsChunk(rowStart: number, rows: number, numbering: RowNumbering, reason: string, order: Int32Array | null): LaneChunk {
  return {
    length: order ? order.length : rows,
    entryAt: (i) => {
      const row = rowStart + (order ? order[i]! : i);
      return { kind: 'error', ordinal: numbering.firstOrdinal + row, file: numbering.file, line: row + 1, offset: row, reason, raw: '' };
    },
  };
}

/**
 * Decoded rows as a lane chunk, mapped one row at a time as they are taken. `order`
 * lists the row indexes to hand out (a shuffled order, or the rows a resumed job still
 * has to do); without it every row goes out in file order.
 */
export function parquetRowsChunk(decoded: DecodedRows, plans: ParquetColumnPlan[], numbering: RowNumbering, options: ParquetOptions, order: Int32Array | null): LaneChunk {
  return {
    length: order ? order.length : decoded.rows,
    entryAt: (i) => parquetRowEntry(decoded, order ? order[i]! : i, plans, numbering, options),
  };
}
