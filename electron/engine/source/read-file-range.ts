import { openByteStream, type ByteStream } from './open-byte-stream';
import { decodeRecord, headerColumns, numberedColumns, type DecoderContext } from './record-decoder';
import { RecordSplitter, countFields, type RawRecord, type SplitterStart } from './record-splitter';
import type { SourceEntry, SourceFormat } from './source-entry';

/** How the files of one source are read. */
export interface ReadSettings {
  format: SourceFormat;
  delimiter: string;
  header: boolean;
  maxRecordBytes: number;
  /** Read size; smaller when many ranges are read at once, to bound memory. */
  readChunkBytes?: number;
  /** Ordinals already finished (a resumed job): neither decoded nor yielded. */
  skip?: ((ordinal: number) => boolean) | undefined;
}

/**
 * A stretch of one file that starts at a record boundary: the whole file, or a chunk an
 * index pass found. The ordinal and line of its first record are known, so a chunk read
 * on its own numbers its records exactly as a read of the whole input would.
 */
export interface FileRange {
  file: string;
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
 * Reads one range and yields its entries in input order, one array per read chunk (an
 * array per chunk keeps the per-record cost of async iteration away from the hot path).
 * `register` hands the caller the open stream so `close()` can stop it.
 */
export function readFileRange(
  range: FileRange,
  settings: ReadSettings,
  progress: RangeProgress,
  register?: (stream: ByteStream | null) => void,
): AsyncGenerator<SourceEntry[]> {
  return readRange<SourceEntry>(range, settings, progress, register, decodeRecord);
}

/**
 * A record split and numbered but not decoded yet: what far-apart lanes hold until the
 * record is taken. Decoding on take keeps 32 lanes' worth of buffered records as a few
 * small objects each instead of a decoded row (fields, strings) that outlives several
 * young-generation collections and is promoted, which made the main thread's heap grow.
 */
export interface PendingRecord {
  raw: RawRecord;
  ordinal: number;
  context: DecoderContext;
}

/** A lane's element: a pending record, or an entry already made (a damaged gzip tail). */
export type LaneItem = PendingRecord | SourceEntry;

/** The entry of a lane's element. */
export function decodeLaneItem(item: LaneItem): SourceEntry {
  return 'kind' in item ? item : decodeRecord(item.raw, item.ordinal, item.context);
}

/** `readFileRange` whose records are decoded only when taken (`decodeLaneItem`). */
export function readFileRangePending(
  range: FileRange,
  settings: ReadSettings,
  progress: RangeProgress,
  register?: (stream: ByteStream | null) => void,
): AsyncGenerator<LaneItem[]> {
  return readRange<LaneItem>(range, settings, progress, register, (raw, ordinal, context) => ({ raw, ordinal, context }));
}

async function* readRange<T>(
  range: FileRange,
  settings: ReadSettings,
  progress: RangeProgress,
  register: ((stream: ByteStream | null) => void) | undefined,
  make: (raw: RawRecord, ordinal: number, context: DecoderContext) => T | SourceEntry,
): AsyncGenerator<(T | SourceEntry)[]> {
  const bytes = openByteStream(range.file, range.gzip, range.start.offset, settings.readChunkBytes);
  register?.(bytes);
  progress.fileBytesRead = bytes.fileBytesRead;
  progress.nextOrdinal = range.firstOrdinal;
  progress.columns = range.columns;
  const splitter = new RecordSplitter(splitterOptions(settings), range.start);
  const context: DecoderContext = { format: settings.format, file: range.file, columns: range.columns ?? [], delimiter: settings.delimiter };
  const skip = settings.skip;
  const raws: RawRecord[] = [];
  let finished = false;

  const take = (): (T | SourceEntry)[] => {
    const entries: (T | SourceEntry)[] = [];
    for (const raw of raws) {
      if (raw.offset >= range.endOffset) { finished = true; break; }
      if (raw.first && settings.format === 'csv') {
        const columns = settings.header ? headerColumns(raw, settings.delimiter, range.file) : numberedColumns(countFields(raw.bytes, settings.delimiter.charCodeAt(0)));
        context.columns = columns;
        progress.columns = columns;
        if (settings.header) continue;
      }
      const ordinal = progress.nextOrdinal++;
      if (skip && skip(ordinal)) continue;
      entries.push(make(raw, ordinal, context));
    }
    raws.length = 0;
    return entries;
  };

  try {
    try {
      for await (const chunk of bytes.stream as AsyncIterable<Buffer>) {
        splitter.push(chunk, raws);
        const entries = take();
        if (entries.length > 0) yield entries;
        if (finished) return;
      }
    } catch (error) {
      if (!range.gzip) throw error;
      // Damaged gzip: everything before the damage was read; the rest is one error
      // entry that says where reading stopped, so the count still adds up.
      const ordinal = progress.nextOrdinal++;
      if (skip && skip(ordinal)) return;
      yield [{
        kind: 'error',
        ordinal,
        file: range.file,
        line: splitter.nextLine,
        offset: splitter.nextOffset,
        reason: `the gzip data is damaged (${(error as Error).message}); the rest of the file cannot be read`,
        raw: '',
      }];
      return;
    }
    splitter.end(raws);
    const entries = take();
    if (entries.length > 0) yield entries;
  } finally {
    bytes.destroy();
    register?.(null);
  }
}
