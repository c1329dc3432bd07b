import type { FleetPlanning } from '../../../shared/fleet-status';
import { formatBytes, formatCount } from '../../../shared/format';
import type { LoadSource } from '../../../shared/job-spec';
import type { ShardInput } from '../shard/shard';
import { isGzipSource, type ByteSource } from '../source/byte-source';
import type { ByteStream } from '../source/open-byte-stream';
import { parquetBytesOf } from '../source/parquet/parquet-bytes';
import { readParquetLayout } from '../source/parquet/parquet-layout';
import { entryRefOf, parquetRowGroupShards, rowGroupRuns } from '../source/parquet/parquet-shards';
import { splitParquetSources } from '../source/parquet/parquet-source-files';
import { indexSource } from '../source/source-index';

/**
 * How a fleet load cuts one object into shards, so several workers share a big one: an
 * uncompressed CSV or JSON-lines object above the range size into byte ranges found by an
 * index pass (record boundaries, quoted line breaks respected), a Parquet object into
 * runs of whole row groups of at most the range size by each group's own compressed bytes
 * (from its footer alone; a bigger group is a shard by itself), and a gzip object not at
 * all (a gzip stream cannot be entered in the middle: one worker reads it from start to
 * end, which the coordinator says in words when the object is big).
 */

/** How far the index pass over one object is: what the coordinator shows while it plans. */
export type IndexProgress = FleetPlanning;

/** How often the index pass reports how far it is. */
export const INDEX_PROGRESS_MS = 1000;

/** What planning one object tells its coordinator. */
export interface ObjectShardHooks {
  log(message: string): void;
  /** A fact for the report's notes (a big gzip object that stays one shard). */
  note(message: string): void;
  /** The index pass's progress, at its start, every INDEX_PROGRESS_MS and at its end. */
  progress?(progress: IndexProgress): void;
  /** True once the job is no longer wanted: the index pass ends early. */
  isClosed?(): boolean;
}

/** The shards of one object of a fleet load (see the file's comment); `rangeBytes` is the spec's fleet.rangeMb in bytes. */
export async function objectShardInputs(source: LoadSource, object: ByteSource, rangeBytes: number, hooks: ObjectShardHooks): Promise<ShardInput[]> {
  const entry = entryRefOf(object);
  const whole: ShardInput[] = [{ kind: 'byte-range', entry, startByte: 0, endByte: object.sizeBytes }];
  if ((await splitParquetSources([object], source.format)).parquet.length > 0) return parquetShards(object, whole, rangeBytes, hooks);
  if (object.sizeBytes <= rangeBytes || (source.format !== 'csv' && source.format !== 'jsonl')) return whole;
  if (await isGzipSource(object)) {
    const words = `${object.name} is gzip (${formatBytes(object.sizeBytes)}): one shard, read by one worker from start to end, because a gzip stream cannot be entered in the middle. To share it among workers, store it uncompressed or as several smaller objects.`;
    hooks.log(words);
    hooks.note(words);
    return whole;
  }
  const settings = { format: source.format, delimiter: source.delimiter, header: source.header, maxRecordBytes: source.maxRecordBytes };
  const index = await indexWithProgress(object, settings, rangeBytes, hooks);
  const ranges = index.ranges;
  hooks.log(`${object.name}: ${ranges.length} byte range(s) of about ${rangeBytes.toLocaleString('en-US')} bytes, ${index.recordsTotal.toLocaleString('en-US')} record(s)`);
  return ranges.map((range) => ({
    kind: 'byte-range', entry, startByte: range.start.offset, endByte: Number.isFinite(range.endOffset) ? range.endOffset : object.sizeBytes,
    from: { line: range.start.line, firstOrdinal: range.firstOrdinal, expectedFields: range.start.expectedFields, columns: range.columns },
  }));
}

/** The index pass over one uncompressed object, saying how far it is (bytes read from the object) while it runs. */
async function indexWithProgress(object: ByteSource, settings: Parameters<typeof indexSource>[1], rangeBytes: number, hooks: ObjectShardHooks): ReturnType<typeof indexSource> {
  let stream: ByteStream | null = null;
  let lastRead = 0;
  const report = (bytesRead: number) => hooks.progress?.({ object: object.name, bytesRead, bytesTotal: object.sizeBytes });
  const stoppedWords = `Stopped while finding record boundaries in ${object.name}: nothing was queued`;
  let stop: (error: Error) => void = () => {};
  // A job stopped while it plans ends here within a second, whatever its read is waiting for.
  const stopped = new Promise<never>((_, reject) => { stop = reject; });
  report(0);
  const timer = setInterval(() => {
    if (hooks.isClosed?.()) {
      stream?.destroy();
      stop(new Error(stoppedWords));
      return;
    }
    lastRead = stream?.fileBytesRead() ?? lastRead;
    report(lastRead);
  }, INDEX_PROGRESS_MS);
  try {
    const file = { source: object, gzip: false, sizeBytes: object.sizeBytes, textBytes: object.sizeBytes };
    const pass = indexSource([file], settings, rangeBytes, (opened) => {
      // The stream is let go at its end: keep the count it reached.
      lastRead = stream?.fileBytesRead() ?? lastRead;
      stream = opened;
    }, hooks.isClosed);
    pass.catch(() => undefined); // a pass left behind by a stop ends on its own
    const index = await Promise.race([pass, stopped]);
    if (hooks.isClosed?.()) throw new Error(stoppedWords);
    report(object.sizeBytes);
    return index;
  } finally {
    clearInterval(timer);
  }
}

/**
 * A Parquet object in runs of whole row groups of at most `rangeBytes` of column chunks
 * each, by each group's own compressed bytes from the footer (`rowGroupRuns`; a group
 * bigger than that is a shard by itself): `whole` when it all fits in one, or it has one row group.
 */
async function parquetShards(object: ByteSource, whole: ShardInput[], rangeBytes: number, hooks: ObjectShardHooks): Promise<ShardInput[]> {
  let layout;
  try {
    layout = await readParquetLayout(parquetBytesOf(object));
  } catch {
    // A file that cannot be read as Parquet is one shard: its worker rejects it in words, as a local load does.
    return whole;
  }
  const runs = rowGroupRuns(layout, rangeBytes);
  if (runs.length <= 1) return whole;
  const sizes = runs.map((run) => run.length);
  const [fewest, most] = [Math.min(...sizes), Math.max(...sizes)];
  const groups = fewest === most ? `${most} row group(s) each` : `${fewest} to ${most} row group(s)`;
  const largest = Math.max(...runs.map((run) => run.reduce((sum, g) => sum + g.compressedBytes, 0)));
  hooks.log(`${object.name}: ${runs.length} shard(s) of ${groups} (${sizes.reduce((a, b) => a + b, 0)} row groups, ${formatCount(layout.rowsTotal)} rows; the largest shard ${formatBytes(largest)} for a range size of ${formatBytes(rangeBytes)})`);
  return parquetRowGroupShards(layout, entryRefOf(object), rangeBytes);
}
