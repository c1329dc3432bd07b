import type { LoadSource } from '../../../shared/job-spec';
import type { ShardInput } from '../shard/shard';
import type { ByteStream } from '../source/open-byte-stream';
import type { OpenRecordSourceOptions, RecordSource } from '../source/open-record-source';
import { readFileRangePending, readRecordText, type FileRange, type RangeProgress, type ReadSettings } from '../source/read-file-range';
import type { SourceEntry } from '../source/source-entry';
import { decodedSlices } from '../source/spread';
import { plannedEntry } from './planned-entry';

/** A byte-range shard's input: a range of one uncompressed text entry, with where it starts. */
export type RangeShardInput = Extract<ShardInput, { kind: 'byte-range' }>;

/**
 * The records of one byte range of one uncompressed CSV or JSON-lines object, as a load
 * reads a source: what a fleet worker reads for a range shard of a big object. The range
 * starts at a record boundary the coordinator's index pass found, with the line, ordinal,
 * field count and header columns of the object there, so its records are numbered, named
 * and decoded exactly as a front-to-back read of the whole object would do; records that
 * start at or after `endByte` belong to the next range. Read in order (no spreading: the
 * other ranges run on other workers at the same time).
 */
export async function openRangeRecordSource(source: LoadSource, input: RangeShardInput, options: OpenRecordSourceOptions): Promise<RecordSource> {
  if (source.format !== 'csv' && source.format !== 'jsonl') throw new Error(`A byte range of an object can only be read as CSV or JSON lines, not ${source.format}`);
  const planned = await plannedEntry(input.entry, options.target);
  const entry = planned.source;
  let closed = false;
  let open: ByteStream | null = null;
  try {
    const from = input.from ?? { line: 1, firstOrdinal: 0, expectedFields: -1, columns: null };
    const range: FileRange = {
      source: entry, gzip: false, start: { offset: input.startByte, line: from.line, expectedFields: from.expectedFields },
      endOffset: input.endByte >= entry.sizeBytes ? Number.POSITIVE_INFINITY : input.endByte, firstOrdinal: from.firstOrdinal, columns: from.columns,
    };
    const settings: ReadSettings = {
      format: source.format, delimiter: source.delimiter, header: source.header, maxRecordBytes: source.maxRecordBytes, skip: options.skip, isClosed: () => closed,
    };
    const lengthBytes = input.endByte - input.startByte;
    let progress: RangeProgress = { nextOrdinal: from.firstOrdinal, columns: from.columns, fileBytesRead: () => 0 };
    let ended = false;

    async function* batches(): AsyncGenerator<SourceEntry[]> {
      progress = { nextOrdinal: from.firstOrdinal, columns: from.columns, fileBytesRead: () => 0 };
      ended = false;
      for await (const chunk of readFileRangePending(range, settings, progress, (stream) => { open = stream; })) {
        for (const batch of decodedSlices(chunk)) {
          if (closed) return;
          yield batch;
        }
      }
      ended = !closed;
    }

    return {
      files: [entry.name],
      sources: [entry],
      format: source.format,
      bytesTotal: lengthBytes,
      bytesRead: () => (ended ? lengthBytes : Math.min(progress.fileBytesRead(), lengthBytes)),
      recordsTotal: () => (ended ? progress.nextOrdinal - from.firstOrdinal : null),
      objectSpans: () => [{ source: entry, firstOrdinal: from.firstOrdinal, endOrdinal: progress.nextOrdinal, ...(ended ? {} : { reading: true }) }],
      shardInputs: () => [input],
      spreadMode: () => 'off',
      batches,
      entries: async function* () {
        for await (const batch of batches()) yield* batch;
      },
      readRecordAt: (file, offset) => (file === entry.name ? readRecordText(entry, false, offset, settings) : Promise.reject(new Error(`${file} is not the object of this range`))),
      close: async () => {
        closed = true;
        (open as ByteStream | null)?.destroy();
        planned.release();
      },
    };
  } catch (error) {
    planned.release();
    throw error;
  }
}
