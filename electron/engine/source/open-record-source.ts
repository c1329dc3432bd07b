import { loadSourceSchema, type LoadSource, type LoadSourceInput } from '../../../shared/job-spec';
import type { ClientTarget } from '../dynamo/client-target';
import { createS3Client } from '../s3/s3-client';
import { gzipDeclaredSizeBytes, isGzipSource, type ByteSource } from './byte-source';
import { concatRecordSources } from './concat-record-sources';
import { listByteSources } from './list-source-files';
import { openParquetSource } from './parquet/open-parquet-source';
import { splitParquetSources } from './parquet/parquet-source-files';
import { wholeEntryShard } from './parquet/parquet-shards';
import type { ShardInput } from '../shard/shard';
import type { ByteStream } from './open-byte-stream';
import { readFileRangePending, readRecordText, type FileRange, type RangeProgress, type ReadSettings } from './read-file-range';
import { seededRandom } from './seeded-random';
import { indexSource, type SourceFile } from './source-index';
import type { SourceEntry, SourceFormat } from './source-entry';
import { decodedSlices, interleaveLanes, shuffleInMemory, shuffledFactories, sliceBatches, type LaneChunk, type LaneFactory } from './spread';

export type { SourceEntry, SourceFormat } from './source-entry';

/** How the entries are being ordered: as in the input, shuffled in memory, or from far-apart ranges. */
export type SpreadMode = 'off' | 'undecided' | 'memory' | 'far-apart';

/** Options of `openRecordSource` that are not part of the job spec. */
export interface OpenRecordSourceOptions {
  /**
   * Ordinals already finished (from a checkpoint). They are counted, never decoded nor
   * yielded, so a resumed job sees exactly the records it has not settled. Called once
   * per record per read; keep it cheap (a bitmap or interval set).
   */
  skip?: (ordinal: number) => boolean;
  /** Seed of the spreading order; random by default. A fixed seed repeats the order (tests). */
  seed?: number;
  /** Far-apart places read at once when the input is over the memory budget (default 32). */
  spreadLanes?: number;
  /** Size of one far-apart range (default: input / (lanes x 16), 256 KB to 16 MB). */
  spreadChunkBytes?: number;
  /** The job's connection: S3 sources (`s3://...`) are read with its credentials, region and endpoint. */
  target?: ClientTarget;
}

/**
 * An opened input: every record of every file exactly once, as a record or an error.
 * Reading starts with `entries()` (or `batches()`, the same entries in arrays, cheaper
 * per record); each call reads the input anew.
 */
export interface RecordSource {
  /** The files or objects (local paths, `s3://` URLs), in the order that defines ordinals. */
  files: string[];
  /** The same, as the byte sources they are read from (size and version of each). */
  sources: ByteSource[];
  format: SourceFormat;
  /** Sum of the files' sizes on disk (compressed sizes for gzip). */
  bytesTotal: number;
  /** File bytes read so far in the current read; with in-memory spreading it reaches bytesTotal before the first entry. */
  bytesRead(): number;
  /** Records in the input (skipped ones included) once known: after an index pass, an in-memory load, or the end. */
  recordsTotal(): number | null;
  /** Each file or object with the ordinals of its records, once counted (null before): the per-object audit. */
  objectSpans(): ObjectSpan[];
  /** The units of work a load's plan cuts the input into: each text file or object whole, each Parquet row group alone. */
  shardInputs(): ShardInput[];
  spreadMode(): SpreadMode;
  entries(): AsyncIterable<SourceEntry>;
  batches(): AsyncIterable<SourceEntry[]>;
  /** The text of the record that starts at `offset` of one of the source's files (read again from disk). */
  readRecordAt(file: string, offset: number): Promise<string>;
  /** Stops reading and releases open files; an ongoing iteration ends. */
  close(): Promise<void>;
}

/** A file or object of a source and the ordinals `[firstOrdinal, endOrdinal)` its records have. */
export interface ObjectSpan {
  source: ByteSource;
  firstOrdinal: number | null;
  endOrdinal: number | null;
  /** Being read now: `endOrdinal` is how far, not yet its end. */
  reading?: boolean;
}

const DEFAULT_LANES = 32;
/** Lanes read in small chunks so that many lanes stay within a few megabytes. */
const LANE_READ_CHUNK_BYTES = 64 * 1024;

/** What is known of a source's files or objects before reading them. */
async function describeFiles(sources: ByteSource[]): Promise<SourceFile[]> {
  return Promise.all(
    sources.map(async (source) => {
      const size = source.sizeBytes;
      const gzip = await isGzipSource(source);
      // The trailer is modulo 4 GiB; a compressed size above it means it wrapped.
      const declared = gzip ? await gzipDeclaredSizeBytes(source) : size;
      const textBytes = gzip ? (declared >= size ? declared : size * 10) : size;
      return { source, gzip, sizeBytes: size, textBytes };
    }),
  );
}

/**
 * Opens a load source: one file, a folder or a glob of CSV, JSON lines or DynamoDB JSON
 * export files, or the same in S3 (`s3://bucket/prefix/`, a glob, one object), each
 * optionally gzip, and Parquet files (known by name or by their "PAR1" magic bytes,
 * whatever the format says). Parquet files come first in the ordinal order (their row
 * counts are known from their footers), then the text files.
 */
export async function openRecordSource(spec: LoadSourceInput, options: OpenRecordSourceOptions = {}): Promise<RecordSource> {
  const source = loadSourceSchema.parse(spec);
  let s3: ReturnType<typeof createS3Client> | undefined;
  const target = options.target;
  const access = target ? { s3Client: () => (s3 ??= createS3Client(target)) } : {};
  const releaseS3 = (): void => s3?.destroy();
  try {
    const listed = await listByteSources(source.path, access);
    if (listed.dynamoDbExport && source.format !== 'ddb-json') throw new Error(`Source "${source.path}" is a DynamoDB export: load it with the format ddb-json (--format ddb-json)`);
    const { parquet, text } = await splitParquetSources(listed.sources, source.format);
    if (parquet.length === 0) return await openTextSource(source, text, options, releaseS3);
    const parquetSource = await openParquetSource(parquet, source, options);
    if (text.length === 0) return { ...parquetSource, close: async () => { await parquetSource.close(); releaseS3(); } };
    const shift = parquetSource.recordsTotal()!;
    const skip = options.skip;
    const textSource = await openTextSource(source, text, { ...options, skip: skip && ((ordinal) => skip(ordinal + shift)) }, releaseS3);
    return concatRecordSources(parquetSource, textSource, shift);
  } catch (error) {
    releaseS3();
    throw error;
  }
}

/**
 * Opens text files or objects (CSV, JSON lines, DynamoDB JSON; gzip). They are streamed,
 * never held whole, except when spreading decides the whole input fits its memory budget.
 * `release` runs at close (the S3 client).
 */
async function openTextSource(source: LoadSource, sources: ByteSource[], options: OpenRecordSourceOptions, release: () => void): Promise<RecordSource> {
  const files = await describeFiles(sources);
  const settings: ReadSettings = {
    format: source.format === 'parquet' ? 'csv' : source.format,
    delimiter: source.delimiter,
    header: source.header,
    maxRecordBytes: source.maxRecordBytes,
    skip: options.skip,
    isClosed: () => closed,
  };
  const bytesTotal = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  const textBytesTotal = files.reduce((sum, f) => sum + f.textBytes, 0);
  const laneCount = Math.max(1, options.spreadLanes ?? DEFAULT_LANES);
  const chunkBytes = options.spreadChunkBytes ?? Math.min(16 * 1024 * 1024, Math.max(256 * 1024, Math.ceil(textBytesTotal / (laneCount * 16))));

  const open = new Set<ByteStream>();
  const active = new Set<{ progress: RangeProgress; lengthBytes: number }>();
  let finishedBytes = 0;
  let closed = false;
  let recordsTotal: number | null = null;
  // Ordinals of each file or object, once a read or the index has counted them.
  const spans = new Map<string, { firstOrdinal: number; endOrdinal: number }>();
  // The file a sequential read is in, and how far: the live audit shows its records so far.
  let reading: { name: string; firstOrdinal: number; progress: RangeProgress } | null = null;
  let mode: SpreadMode = source.spread ? 'undecided' : 'off';
  const isClosed = (): boolean => closed;
  const register = (previous: { stream: ByteStream | null }) => (stream: ByteStream | null) => {
    if (previous.stream) open.delete(previous.stream);
    previous.stream = stream;
    if (stream) open.add(stream);
  };

  /** Reads one range, keeping the byte count of the whole read right. */
  async function* readTracked(range: FileRange, rangeSettings: ReadSettings, info: SourceFile, progress: RangeProgress): AsyncGenerator<LaneChunk> {
    const lengthBytes = range.gzip || !Number.isFinite(range.endOffset) ? info.sizeBytes - range.start.offset : range.endOffset - range.start.offset;
    const tracked = { progress, lengthBytes };
    active.add(tracked);
    try {
      yield* readFileRangePending(range, rangeSettings, progress, register({ stream: null }));
    } finally {
      active.delete(tracked);
      finishedBytes += lengthBytes;
    }
  }

  const newProgress = (firstOrdinal: number): RangeProgress => ({ nextOrdinal: firstOrdinal, columns: null, fileBytesRead: () => 0 });

  async function* sequential(): AsyncGenerator<SourceEntry[]> {
    let ordinal = 0;
    for (const info of files) {
      if (closed) return;
      const range: FileRange = { source: info.source, gzip: info.gzip, start: { offset: 0, line: 1, expectedFields: -1 }, endOffset: Number.POSITIVE_INFINITY, firstOrdinal: ordinal, columns: null };
      const progress = newProgress(ordinal);
      reading = { name: info.source.name, firstOrdinal: ordinal, progress };
      // Records are decoded a few dozen at a time as they are taken, not a read chunk at once.
      for await (const chunk of readTracked(range, settings, info, progress)) {
        for (const batch of decodedSlices(chunk)) {
          if (closed) return;
          yield batch;
        }
      }
      spans.set(info.source.name, { firstOrdinal: range.firstOrdinal, endOrdinal: progress.nextOrdinal });
      reading = null;
      ordinal = progress.nextOrdinal;
    }
    recordsTotal = ordinal;
  }

  async function* farApart(random: () => number): AsyncGenerator<SourceEntry[]> {
    const index = await indexSource(files, settings, chunkBytes, register({ stream: null }), isClosed);
    recordsTotal = index.recordsTotal;
    const firsts = new Map<string, number>();
    for (const range of index.ranges) if (!firsts.has(range.source.name)) firsts.set(range.source.name, range.firstOrdinal);
    files.forEach((info, position) => {
      const first = firsts.get(info.source.name);
      const next = files[position + 1];
      if (first !== undefined) spans.set(info.source.name, { firstOrdinal: first, endOrdinal: (next && firsts.get(next.source.name)) ?? index.recordsTotal });
    });
    const byFile = new Map(files.map((f) => [f.source.name, f]));
    const laneSettings: ReadSettings = { ...settings, readChunkBytes: LANE_READ_CHUNK_BYTES };
    const factories: LaneFactory[] = index.ranges
      .filter((range, position) => !settings.skip || !rangeFullySkipped(index.ranges, position, index.recordsTotal, settings.skip))
      .map((range) => () => readTracked(range, laneSettings, byFile.get(range.source.name)!, newProgress(range.firstOrdinal))[Symbol.asyncIterator]());
    finishedBytes = 0;
    yield* interleaveLanes(shuffledFactories(factories, random), laneCount, random, isClosed);
  }

  async function* batches(): AsyncGenerator<SourceEntry[]> {
    finishedBytes = 0;
    if (!source.spread) {
      yield* sequential();
      return;
    }
    const random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    // Estimate first; the in-memory load still gives up if the estimate was wrong.
    if (textBytesTotal * 3 <= source.spreadMemoryBytes) {
      const all = await shuffleInMemory(sequential(), source.spreadMemoryBytes, random);
      if (closed) return;
      if (all) {
        mode = 'memory';
        yield* sliceBatches(all);
        return;
      }
      finishedBytes = 0;
    }
    mode = 'far-apart';
    yield* farApart(random);
  }

  return {
    files: files.map((f) => f.source.name),
    sources: files.map((f) => f.source),
    format: source.format,
    bytesTotal,
    bytesRead: () => {
      let bytes = finishedBytes;
      for (const { progress, lengthBytes } of active) bytes += Math.min(progress.fileBytesRead(), lengthBytes);
      return Math.min(bytes, bytesTotal);
    },
    recordsTotal: () => recordsTotal,
    shardInputs: () => files.map((f) => wholeEntryShard(f.source)),
    objectSpans: () => files.map((f) => {
      if (reading?.name === f.source.name) return { source: f.source, firstOrdinal: reading.firstOrdinal, endOrdinal: reading.progress.nextOrdinal, reading: true };
      return { source: f.source, ...(spans.get(f.source.name) ?? { firstOrdinal: null, endOrdinal: null }) };
    }),
    spreadMode: () => mode,
    batches,
    entries: async function* () {
      for await (const batch of batches()) yield* batch;
    },
    readRecordAt: (file, offset) => {
      const info = files.find((f) => f.source.name === file);
      if (!info) return Promise.reject(new Error(`${file} is not a file of this source`));
      return readRecordText(info.source, info.gzip, offset, settings);
    },
    close: async () => {
      closed = true;
      for (const stream of open) stream.destroy();
      open.clear();
      release();
    },
  };
}

/** Whether every ordinal of a range was finished before (a resumed job skips the range unread). */
function rangeFullySkipped(ranges: FileRange[], position: number, recordsTotal: number, skip: (ordinal: number) => boolean): boolean {
  const end = ranges[position + 1]?.firstOrdinal ?? recordsTotal;
  for (let ordinal = ranges[position]!.firstOrdinal; ordinal < end; ordinal++) if (!skip(ordinal)) return false;
  return true;
}
