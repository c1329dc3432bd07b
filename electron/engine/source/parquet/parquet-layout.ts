import { parquetMetadataAsync, type FileMetaData } from 'hyparquet';
import type { ParquetBytes } from './parquet-bytes';
import { startsWithParquetMagic } from './parquet-bytes';
import { dataValue } from '../../../../shared/report/reject-reasons';
import { ParquetFileError, parquetProblem } from './parquet-file-error';

/**
 * A Parquet file's layout from its footer alone: how many rows, and the row groups with
 * their rows and byte ranges. A row group is the unit of parallel work (a shard): it can
 * be fetched with ranged reads and decoded on its own, so a planner cuts shards from
 * this without reading any data page.
 */

/** One row group: its rows and where its column chunks lie in the file. */
export interface ParquetRowGroupInfo {
  index: number;
  /** Rows in this group. */
  rows: number;
  /** Row number (0-based, within the file) of the group's first row. */
  firstRow: number;
  /** First byte of the group's column chunks (a dictionary page if there is one). */
  byteStart: number;
  /** One past the last byte of its column chunks. */
  byteEnd: number;
  /** Bytes on disk (compressed) and decoded (uncompressed pages) of its column chunks. */
  compressedBytes: number;
  uncompressedBytes: number;
}

/** A file's footer, read and checked. */
export interface ParquetLayout {
  name: string;
  byteLength: number;
  rowsTotal: number;
  rowGroups: ParquetRowGroupInfo[];
  /** The codecs the file's column chunks use, e.g. ["SNAPPY"]. */
  codecs: string[];
  metadata: FileMetaData;
}

/** Reads the footer and row-group layout; throws `ParquetFileError` in words for a file that cannot be read as Parquet. */
export async function readParquetLayout(bytes: ParquetBytes): Promise<ParquetLayout> {
  const { byteLength } = bytes;
  // The file's name as it stands in a reason (marked: see ParquetFileError).
  const file = dataValue(bytes.name);
  if (byteLength < 12) throw new ParquetFileError(`${file} is not a Parquet file: it is only ${dataValue(byteLength)} bytes long`);
  const head = new Uint8Array(await bytes.slice(0, 4));
  if (!startsWithParquetMagic(head)) throw new ParquetFileError(`${file} is not a Parquet file: it does not start with the bytes "PAR1"`);
  const tail = new Uint8Array(await bytes.slice(byteLength - 8, byteLength));
  if (!startsWithParquetMagic(tail.subarray(4))) {
    throw new ParquetFileError(`${file} is a truncated Parquet file: it starts as Parquet but its footer (ending with "PAR1") is missing; was it cut short while copying?`);
  }
  const footerBytes = new DataView(tail.buffer).getUint32(0, true);
  if (footerBytes + 12 > byteLength) throw new ParquetFileError(`${file} is a damaged Parquet file: its footer claims ${dataValue(footerBytes)} bytes, more than the file holds`);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(bytes, { geoparquet: false });
  } catch (error) {
    throw new ParquetFileError(`${file} is a damaged Parquet file: its footer cannot be read (${parquetProblem(error, bytes.name)})`);
  }
  const dataEnd = byteLength - 8 - footerBytes;
  const codecs = new Set<string>();
  const rowGroups: ParquetRowGroupInfo[] = [];
  let firstRow = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    let byteStart = Number.POSITIVE_INFINITY;
    let byteEnd = 0;
    let compressedBytes = 0;
    let uncompressedBytes = 0;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta) throw new ParquetFileError(`${file}: row group ${dataValue(index)} has a column chunk without metadata (encrypted or stored in another file), which Capstan cannot read`);
      codecs.add(meta.codec);
      const start = Number(meta.dictionary_page_offset && meta.dictionary_page_offset > 0n ? meta.dictionary_page_offset : meta.data_page_offset);
      byteStart = Math.min(byteStart, start);
      byteEnd = Math.max(byteEnd, start + Number(meta.total_compressed_size));
      compressedBytes += Number(meta.total_compressed_size);
      uncompressedBytes += Number(meta.total_uncompressed_size);
    }
    if (byteEnd > dataEnd) throw new ParquetFileError(`${file} is a damaged Parquet file: row group ${dataValue(index)} lies past the start of the footer (byte ${dataValue(byteEnd)} of ${dataValue(dataEnd)})`);
    const rows = Number(group.num_rows);
    rowGroups.push({ index, rows, firstRow, byteStart: Number.isFinite(byteStart) ? byteStart : 4, byteEnd, compressedBytes, uncompressedBytes });
    firstRow += rows;
  }
  if (firstRow !== Number(metadata.num_rows)) {
    throw new ParquetFileError(`${file} is a damaged Parquet file: its row groups hold ${dataValue(firstRow)} rows but its footer says ${dataValue(String(metadata.num_rows))}`);
  }
  return { name: bytes.name, byteLength, rowsTotal: firstRow, rowGroups, codecs: [...codecs].sort(), metadata };
}
