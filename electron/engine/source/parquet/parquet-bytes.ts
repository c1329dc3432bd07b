import { dataValue } from '../../../../shared/report/reject-reasons';
import { localByteSource, type ByteSource } from '../byte-source';
import { ParquetFileError } from './parquet-file-error';

/**
 * Ranged access to one Parquet file's bytes, over the source layer's `ByteSource` (a
 * local file or an S3 object). Parquet is read from its end (the footer holds the schema
 * and where every row group lies) and then by column chunk, so a reader needs ranges,
 * never a stream; this is hyparquet's `AsyncBuffer` shape with a name and a byte count.
 */
export interface ParquetBytes {
  /** What the file is called in words (a path or an s3:// address). */
  readonly name: string;
  readonly byteLength: number;
  /** Bytes [start, end) as an ArrayBuffer of exactly that length. */
  slice(start: number, end?: number): Promise<ArrayBuffer>;
  /** Bytes read through this object so far, for progress. */
  bytesRead(): number;
}

/** The 4 bytes "PAR1" that open and close every Parquet file. */
const MAGIC = 0x31524150;

/** A byte source read as Parquet. A short read (the object changed or was cut while read) is an error naming it. */
export function parquetBytesOf(source: ByteSource): ParquetBytes {
  let read = 0;
  return {
    name: source.name,
    byteLength: source.sizeBytes,
    async slice(start, end = source.sizeBytes) {
      const from = Math.max(0, Math.min(start, source.sizeBytes));
      const length = Math.max(0, Math.min(end, source.sizeBytes) - from);
      const bytes = await source.readBytes(from, length);
      if (bytes.length < length) throw new ParquetFileError(`${dataValue(source.name)} ended at byte ${dataValue(from + bytes.length)} while ${dataValue(from + length)} bytes were expected (was it cut short while being read?)`);
      read += bytes.length;
      // A fresh Buffer of its own memory is handed over as is; a view into a larger one is copied.
      if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes.buffer as ArrayBuffer;
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
    bytesRead: () => read,
  };
}

/** A local file as Parquet bytes. */
export async function openLocalParquetBytes(path: string): Promise<ParquetBytes> {
  return parquetBytesOf(await localByteSource(path));
}

/** Whether bytes start with Parquet's magic "PAR1" (the format test that does not trust a file name). */
export function startsWithParquetMagic(head: Uint8Array): boolean {
  return head.length >= 4 && new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0, true) === MAGIC;
}

/** Whether a file or object name says Parquet (`.parquet`, also the `.pq` and `.parq` some tools write). */
export function hasParquetExtension(name: string): boolean {
  return /\.(parquet|parq|pq)$/i.test(name);
}

/** Whether a byte source is Parquet by its first 4 bytes. */
export async function isParquetSource(source: ByteSource): Promise<boolean> {
  return startsWithParquetMagic(await source.readBytes(0, 4));
}
