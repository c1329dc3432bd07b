import { parquetRead, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ParquetOptions } from '../../../../shared/parquet-options';
import { RAW_VALUE_PARSERS, metadataForExactDecode, planParquetColumns, type ParquetColumnPlan } from './parquet-attribute-values';
import type { ParquetBytes } from './parquet-bytes';
import { ParquetFileError } from './parquet-file-error';
import { readParquetLayout, type ParquetLayout } from './parquet-layout';
import { dataValue } from '../../../../shared/report/reject-reasons';

/**
 * One Parquet file opened for decoding: its layout, its column plans, and a decoder of
 * row ranges (one row group, or part of one) that fetches only those column chunks.
 * Built on hyparquet with hyparquet-compressors (snappy, gzip, zstd, brotli, lz4):
 * chosen by bench/parquet-decode.ts, see docs/parquet.md.
 */

/** Decoded columns of a run of rows, in plan order; a column the mapping cannot hold is null (not decoded). */
export interface DecodedRows {
  /** File row number (0-based) of the first row. */
  rowStart: number;
  rows: number;
  columns: (DecodedColumn | null)[];
}

/** One column's values for the rows: `values[offset + i]` is row `rowStart + i`. */
export interface DecodedColumn {
  values: ArrayLike<unknown>;
  offset: number;
}

/** An open Parquet file. */
export interface ParquetFileReader {
  readonly bytes: ParquetBytes;
  readonly layout: ParquetLayout;
  readonly plans: ParquetColumnPlan[];
  /** Decodes rows [rowStart, rowEnd) of the file; throws for a damaged page (the caller rejects those rows in words). */
  decodeRows(rowStart: number, rowEnd: number): Promise<DecodedRows>;
}

/** Reads a file's footer (unless its layout is known) and compiles its column plans; throws `ParquetFileError` for a file that is not readable Parquet. */
export async function openParquetFileReader(bytes: ParquetBytes, options: ParquetOptions, known?: ParquetLayout): Promise<ParquetFileReader> {
  const layout = known ?? (await readParquetLayout(bytes));
  const plans = planParquetColumns(layout.metadata, options);
  const metadata: FileMetaData = metadataForExactDecode(layout.metadata);
  const decodedNames = plans.filter((p) => !p.unsupported).map((p) => p.name);

  async function decodeRows(rowStart: number, rowEnd: number): Promise<DecodedRows> {
    const rows = Math.max(0, rowEnd - rowStart);
    const chunks = new Map<string, { values: ArrayLike<unknown>; rowStart: number; rowEnd: number }[]>();
    if (rows > 0 && decodedNames.length > 0) {
      await parquetRead({
        file: bytes,
        metadata,
        rowStart,
        rowEnd,
        columns: decodedNames,
        compressors,
        utf8: false,
        parsers: RAW_VALUE_PARSERS,
        onChunk: (chunk) => {
          const list = chunks.get(chunk.columnName) ?? [];
          list.push({ values: chunk.columnData as ArrayLike<unknown>, rowStart: chunk.rowStart, rowEnd: chunk.rowEnd });
          chunks.set(chunk.columnName, list);
        },
      });
    }
    const columns = plans.map((plan): DecodedColumn | null => {
      if (plan.unsupported) return null;
      return assembleColumn(plan.name, chunks.get(plan.name) ?? [], rowStart, rows, bytes.name);
    });
    return { rowStart, rows, columns };
  }

  return { bytes, layout, plans, decodeRows };
}

/** One column's chunks as values for exactly the requested rows (no copy when one chunk covers them). */
function assembleColumn(name: string, chunks: { values: ArrayLike<unknown>; rowStart: number; rowEnd: number }[], rowStart: number, rows: number, file: string): DecodedColumn {
  const rowEnd = rowStart + rows;
  const covering = chunks.find((c) => c.rowStart <= rowStart && c.rowStart + c.values.length >= rowEnd);
  if (covering) return { values: covering.values, offset: rowStart - covering.rowStart };
  const values = new Array<unknown>(rows);
  let filled = 0;
  for (const chunk of chunks) {
    const from = Math.max(rowStart, chunk.rowStart);
    const to = Math.min(rowEnd, chunk.rowStart + chunk.values.length);
    for (let row = from; row < to; row++) values[row - rowStart] = chunk.values[row - chunk.rowStart];
    filled += Math.max(0, to - from);
  }
  if (filled < rows) throw new ParquetFileError(`${dataValue(file)}: column "${name}" decoded ${dataValue(filled)} of ${dataValue(rows)} rows (${dataValue(`${rowStart}-${rowEnd - 1}`)})`);
  return { values, offset: 0 };
}
