import type { ByteSource } from './byte-source';
import { openByteStream, type ByteStream } from './open-byte-stream';
import { decodeRecord, headerColumns, numberedColumns, type DecoderContext } from './record-decoder';
import { RecordSplitter, countFields, type RawRecord, type SplitterStart } from './record-splitter';
import type { RecordTextFormat } from '../../../shared/mapping/decode-record-text';
import { dataValue } from '../../../shared/report/reject-reasons';
import { UNREADABLE_REST, type SourceEntry } from './source-entry';
import { readerMessage } from './reader-message';
import { entriesChunk, type LaneChunk } from './spread';

/** How the files of one source are read. */
export interface ReadSettings {
  /** A text format (Parquet files never reach the text reader). */
  format: RecordTextFormat;
  delimiter: string;
  header: boolean;
  maxRecordBytes: number;
  /** Read size; smaller when many ranges are read at once, to bound memory. */
  readChunkBytes?: number;
  /** Ordinals already finished (a resumed job): neither decoded nor yielded. */
  skip?: ((ordinal: number) => boolean) | undefined;
  /** True once the source was closed on purpose: a read cut short then is not a failure. */
  isClosed?: () => boolean;
}

/**
 * A stretch of one file that starts at a record boundary: the whole file, or a chunk an
 * index pass found. The ordinal and line of its first record are known, so a chunk read
 * on its own numbers its records exactly as a read of the whole input would.
 */
export interface FileRange {
  source: ByteSource;
  gzip: boolean;
  start: SplitterStart;
  /** Records starting at or after this offset belong to the next range. */
  endOffset: number;
  firstOrdinal: number;
  /** Column names when starting after the header; null to read them from the file's first row. */
  columns: string[] | null;
}

/** Progress of a range being read, visible while it is read. */
export interface RangeProgress {
  /** Ordinal the next record gets; after the read, the first ordinal past the range. */
  nextOrdinal: number;
  /** Column names once known. */
  columns: string[] | null;
  /** File bytes read so far (compressed bytes for gzip). */
  fileBytesRead(): number;
}

/** Splitter options for a source's settings. */
export function splitterOptions(settings: ReadSettings): { csv: boolean; delimiter: number; maxRecordBytes: number } {
  return { csv: settings.format === 'csv', delimiter: settings.delimiter.charCodeAt(0), maxRecordBytes: settings.maxRecordBytes };
}

/**
 * Reads one range in input order, a chunk per read: each chunk's records split and
 * numbered but not decoded, decoded one by one as they are taken (`LaneChunk.entryAt`).
 * `register` hands the caller the open stream so `close()` can stop it.
 */
export function readFileRangePending(
  range: FileRange,
  settings: ReadSettings,
  progress: RangeProgress,
  register?: (stream: ByteStream | null) => void,
): AsyncGenerator<LaneChunk> {
  return readRawRange(range, settings, progress, register, (chunk) => new PendingRecords(chunk.raws, chunk.ordinals, chunk.context), (entry) => entriesChunk([entry]));
}

/** Fields per record in `PendingRecords`: byte offset and length in its buffer, file offset, line, ordinal, flags. */
const STRIDE = 6;

/**
 * A read chunk's records, split and numbered but not decoded, as one Float64Array and the
 * buffers their bytes are in: what a far-apart lane holds until each record is taken.
 * 32 lanes hold tens of thousands of records for a fraction of a second, long enough to
 * outlive two young-generation collections; held as objects (a record, its Buffer view,
 * a wrapper: three per record) they were promoted and grew the main thread's old space
 * by about 25 MB/s at full speed. Here a chunk is a handful of objects, and the Buffer
 * view and record object of `entryAt` die young.
 */
export class PendingRecords implements LaneChunk {
  readonly length: number;
  private readonly fields: Float64Array;
  /** The distinct ArrayBuffers the records' bytes lie in (usually one or two per chunk). */
  private readonly buffers: ArrayBufferLike[] = [];
  /** Why a record is broken, for the rare ones that are. */
  private readonly broken = new Map<number, string>();

  constructor(raws: RawRecord[], ordinals: number[], private readonly context: DecoderContext) {
    this.length = raws.length;
    this.fields = new Float64Array(raws.length * STRIDE);
    const f = this.fields;
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i]!;
      let buffer = this.buffers.indexOf(raw.bytes.buffer);
      if (buffer < 0) buffer = this.buffers.push(raw.bytes.buffer) - 1;
      const at = i * STRIDE;
      f[at] = raw.bytes.byteOffset;
      f[at + 1] = raw.bytes.byteLength;
      f[at + 2] = raw.offset;
      f[at + 3] = raw.line;
      f[at + 4] = ordinals[i]!;
      f[at + 5] = buffer * 2 + (raw.quoted ? 1 : 0);
      if (raw.broken !== null) this.broken.set(i, raw.broken);
    }
  }

  entryAt(index: number): SourceEntry {
    const f = this.fields;
    const at = index * STRIDE;
    const flags = f[at + 5]!;
    const raw: RawRecord = {
      offset: f[at + 2]!,
      line: f[at + 3]!,
      bytes: Buffer.from(this.buffers[flags >> 1]!, f[at]!, f[at + 1]!),
      quoted: (flags & 1) === 1,
      broken: this.broken.size > 0 ? (this.broken.get(index) ?? null) : null,
      first: false,
    };
    return decodeRecord(raw, f[at + 4]!, this.context);
  }
}

/** The records of one read chunk that are to be yielded, each with its ordinal. */
interface RawChunk {
  raws: RawRecord[];
  ordinals: number[];
  context: DecoderContext;
}

/**
 * Reads one range as chunks of split, numbered records (header and skipped ones left out),
 * each turned into what the caller yields by `convert` before the yield: a generator
 * suspended at `yield` keeps its locals, and a chunk's record objects held that way by
 * 32 lanes would live long enough to be promoted to the old generation.
 */
async function* readRawRange<T>(
  range: FileRange,
  settings: ReadSettings,
  progress: RangeProgress,
  register: ((stream: ByteStream | null) => void) | undefined,
  convert: (chunk: RawChunk) => T,
  convertError: (entry: SourceEntry) => T,
): AsyncGenerator<T> {
  const bytes = openByteStream(range.source, range.gzip, range.start.offset, settings.readChunkBytes);
  register?.(bytes);
  progress.fileBytesRead = bytes.fileBytesRead;
  progress.nextOrdinal = range.firstOrdinal;
  progress.columns = range.columns;
  const splitter = new RecordSplitter(splitterOptions(settings), range.start);
  const context: DecoderContext = { format: settings.format, file: range.source.name, columns: range.columns ?? [], delimiter: settings.delimiter };
  const skip = settings.skip;
  const raws: RawRecord[] = [];
  let finished = false;

  /** The records split so far, or null when none is to be yielded. */
  const take = (): RawChunk | null => {
    const chunk: RawChunk = { raws: [], ordinals: [], context };
    for (const raw of raws) {
      if (raw.offset >= range.endOffset) { finished = true; break; }
      if (raw.first && settings.format === 'csv') {
        const columns = settings.header ? headerColumns(raw, settings.delimiter, range.source.name) : numberedColumns(countFields(raw.bytes, settings.delimiter.charCodeAt(0)));
        context.columns = columns;
        progress.columns = columns;
        if (settings.header) continue;
      }
      const ordinal = progress.nextOrdinal++;
      if (skip && skip(ordinal)) continue;
      chunk.raws.push(raw);
      chunk.ordinals.push(ordinal);
    }
    raws.length = 0;
    return chunk.raws.length > 0 ? chunk : null;
  };
  /** What to yield for the records split so far (null for none); the raw chunk never outlives this call. */
  const takeConverted = (): T | null => {
    const chunk = take();
    return chunk ? convert(chunk) : null;
  };

  try {
    try {
      for await (const data of bytes.stream as AsyncIterable<Buffer>) {
        splitter.push(data, raws);
        const out = takeConverted();
        if (out !== null) yield out;
        if (finished) return;
      }
    } catch (error) {
      if (settings.isClosed?.()) return;
      // Damaged gzip, or an object that could not be read to its end (deleted, access
      // denied, connection lost for good): everything before was read; the rest is one
      // error entry that names the object and says where reading stopped, so the count
      // still adds up and the rest of the job goes on.
      const ordinal = progress.nextOrdinal++;
      if (skip && skip(ordinal)) return;
      yield convertError({
        kind: 'error',
        ordinal,
        file: range.source.name,
        line: splitter.nextLine,
        offset: splitter.nextOffset,
        reason: range.gzip
          ? `the gzip data is damaged (${readerMessage((error as Error).message, range.source.name)}); ${UNREADABLE_REST}`
          : `reading stopped at byte ${dataValue(range.start.offset + progress.fileBytesRead())} (${readerMessage((error as Error).message, range.source.name)}); ${UNREADABLE_REST}`,
        raw: '',
      });
      return;
    }
    splitter.end(raws);
    const out = takeConverted();
    if (out !== null) yield out;
  } finally {
    bytes.destroy();
    register?.(null);
  }
}

/**
 * The text of the record that starts at `offset` of a file (the decompressed stream's
 * offset for gzip, which is read from its start to get there): what the rejects file
 * shows for a record DynamoDB refused after the job had let go of it. Cut to 64 KB like
 * any raw record; empty if nothing starts there.
 */
export async function readRecordText(source: ByteSource, gzip: boolean, offset: number, settings: ReadSettings): Promise<string> {
  const bytes = openByteStream(source, gzip, gzip ? 0 : offset, 64 * 1024);
  const splitter = new RecordSplitter(splitterOptions(settings), { offset, line: 1, expectedFields: -1 });
  const raws: RawRecord[] = [];
  let skip = gzip ? offset : 0;
  try {
    for await (const chunk of bytes.stream as AsyncIterable<Buffer>) {
      let data = chunk;
      if (skip > 0) {
        if (data.length <= skip) {
          skip -= data.length;
          continue;
        }
        data = data.subarray(skip);
        skip = 0;
      }
      splitter.push(data, raws);
      if (raws.length > 0) return raws[0]!.bytes.toString('utf8');
    }
    splitter.end(raws);
    return raws[0]?.bytes.toString('utf8') ?? '';
  } finally {
    bytes.destroy();
  }
}
