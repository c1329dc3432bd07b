import type { ParquetOptions } from '../../../../shared/parquet-options';
import { dataValue, reasonText } from '../../../../shared/report/reject-reasons';
import type { ObjectSpan, OpenRecordSourceOptions, RecordSource, SpreadMode } from '../open-record-source';
import { seededRandom, shuffleInPlace } from '../seeded-random';
import { UNREADABLE_REST, type SourceEntry } from '../source-entry';
import { decodedSlices, interleaveLanes, shuffledFactories, type LaneChunk, type LaneFactory } from '../spread';
import type { ByteSource } from '../byte-source';
import { parquetBytesOf } from './parquet-bytes';
import { failedRowsChunk, parquetRowEntry, parquetRowsChunk, type RowNumbering } from './parquet-entries';
import { openParquetFileReader, type ParquetFileReader } from './parquet-file-reader';
import { parquetProblem } from './parquet-file-error';
import { readParquetLayout, type ParquetLayout, type ParquetRowGroupInfo } from './parquet-layout';
import { parquetFileShards, rowGroupsInRange } from './parquet-shards';

/**
 * A load source over Parquet files: every row of every file exactly once, as a record of
 * attribute values or an error in words. Footers are read when the source opens, so the
 * record count is known before the first row (ordinals: files in order, rows in file
 * order). Data is decoded one row group at a time; spreading interleaves a few row
 * groups in random order, each handed out in a shuffled order, within a memory budget.
 */

/** The source spec fields a Parquet read uses. */
export interface ParquetSourceSettings {
  spread: boolean;
  spreadMemoryBytes: number;
  parquet: ParquetOptions;
  /**
   * Read only the row groups whose column chunks start in [startByte, endByte) (a fleet
   * shard of one file's row groups, see parquet-shards.ts); ordinals stay the file's row
   * numbers, and record counts and spans stay the file's (the shard's reader narrows them).
   */
  rowGroupRange?: { startByte: number; endByte: number };
}

interface FileState {
  file: ByteSource;
  firstOrdinal: number;
  layout: ParquetLayout | null;
  /** Why the file cannot be read (it then counts as one rejected entry), or null. */
  failure: string | null;
}

/** Rows handed out together when a spread row group is shuffled (see `rowOrder`). */
const SHUFFLE_RUN_ROWS = 32;

/** Most row groups decoded at once while spreading; the memory budget may allow fewer. */
const DEFAULT_PARQUET_LANES = 8;

/** Memory a decoded row group is estimated to hold (values as JS objects weigh more than their pages). */
function decodedGroupBytes(group: ParquetRowGroupInfo, columns: number): number {
  return group.uncompressedBytes * 3 + group.rows * columns * 16;
}

async function describeFile(file: ByteSource, firstOrdinal: number): Promise<FileState> {
  if (file.sizeBytes === 0) return { file, firstOrdinal, layout: null, failure: null };
  try {
    return { file, firstOrdinal, layout: await readParquetLayout(parquetBytesOf(file)), failure: null };
  } catch (error) {
    const reason = parquetProblem(error, file.name);
    // The ending marks the file failed in the per-object audit.
    return { file, firstOrdinal, layout: null, failure: `${reasonText(reason).includes(file.name) ? reason : `${dataValue(file.name)}: ${reason}`}; ${UNREADABLE_REST}` };
  }
}

/** Records a file contributes: its rows, one error entry when it cannot be read, none when empty. */
function recordsOf(state: FileState): number {
  return state.failure ? 1 : (state.layout?.rowsTotal ?? 0);
}

/** Opens Parquet files as one record source; a file that cannot be read becomes one error entry naming it. */
export async function openParquetSource(files: ByteSource[], settings: ParquetSourceSettings, options: OpenRecordSourceOptions = {}): Promise<RecordSource> {
  const states: FileState[] = [];
  let ordinal = 0;
  for (const file of files) {
    const state = await describeFile(file, ordinal);
    const only = settings.rowGroupRange;
    if (only && state.layout) state.layout = { ...state.layout, rowGroups: rowGroupsInRange(state.layout, only.startByte, only.endByte) };
    states.push(state);
    ordinal += recordsOf(state);
  }
  const recordsTotal = ordinal;
  const bytesTotal = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  const skip = options.skip;
  let closed = false;
  let bytesDone = 0;
  let mode: SpreadMode = settings.spread ? 'undecided' : 'off';

  const openReader = (state: FileState): Promise<ParquetFileReader> => openParquetFileReader(parquetBytesOf(state.file), settings.parquet, state.layout!);

  /**
   * Row indexes of a group still to hand out (all unless resuming); null means all in
   * order. When spreading, runs of `SHUFFLE_RUN_ROWS` rows go out in a shuffled order:
   * each lane then jumps across its group's key range, while reading a run's columns
   * stays sequential (a shuffle of single rows made mapping 2x slower on cache misses).
   */
  const rowOrder = (state: FileState, group: ParquetRowGroupInfo, random: (() => number) | null): Int32Array | null => {
    if (!skip && !random) return null;
    const kept: number[] = [];
    for (let i = 0; i < group.rows; i++) if (!skip || !skip(state.firstOrdinal + group.firstRow + i)) kept.push(i);
    if (!random) return Int32Array.from(kept);
    const runs = Int32Array.from({ length: Math.ceil(kept.length / SHUFFLE_RUN_ROWS) }, (_, r) => r);
    shuffleInPlace(runs, random);
    const order = new Int32Array(kept.length);
    let at = 0;
    for (const run of runs) for (let i = run * SHUFFLE_RUN_ROWS; i < Math.min(kept.length, (run + 1) * SHUFFLE_RUN_ROWS); i++) order[at++] = kept[i]!;
    return order;
  };

  /** One row group as a chunk: decoded rows, or every row as an error when the group cannot be decoded. */
  const groupChunk = async (reader: ParquetFileReader, state: FileState, group: ParquetRowGroupInfo, random: (() => number) | null): Promise<LaneChunk> => {
    const numbering: RowNumbering = { file: state.file.name, firstOrdinal: state.firstOrdinal };
    const order = rowOrder(state, group, random);
    if (order && order.length === 0) {
      bytesDone += group.compressedBytes;
      return { length: 0, entryAt: () => { throw new Error('an empty chunk has no entries'); } };
    }
    try {
      const decoded = await reader.decodeRows(group.firstRow, group.firstRow + group.rows);
      return parquetRowsChunk(decoded, reader.plans, numbering, settings.parquet, order);
    } catch (error) {
      const rows = `${group.firstRow + 1}-${group.firstRow + group.rows}`;
      const reason = `${dataValue(state.file.name)}: row group ${dataValue(group.index)} (rows ${dataValue(rows)}) cannot be decoded: ${parquetProblem(error, state.file.name)}`;
      return failedRowsChunk(group.firstRow, group.rows, numbering, reason, order);
    } finally {
      bytesDone += group.compressedBytes;
    }
  };

  const failureEntry = (state: FileState): SourceEntry => ({ kind: 'error', ordinal: state.firstOrdinal, file: state.file.name, line: 1, offset: 0, reason: state.failure!, raw: '' });

  async function* sequential(): AsyncGenerator<SourceEntry[]> {
    for (const state of states) {
      if (closed) return;
      if (state.failure) {
        if (!skip?.(state.firstOrdinal)) yield [failureEntry(state)];
        continue;
      }
      if (!state.layout || state.layout.rowGroups.length === 0) continue;
      const reader = await openReader(state);
      for (const group of state.layout.rowGroups) {
        if (closed) return;
        const chunk = await groupChunk(reader, state, group, null);
        for (const batch of decodedSlices(chunk)) {
          if (closed) return;
          yield batch;
        }
      }
    }
  }

  async function* spread(random: () => number): AsyncGenerator<SourceEntry[]> {
    const failures = states.filter((s) => s.failure && !skip?.(s.firstOrdinal)).map(failureEntry);
    if (failures.length > 0) yield failures;
    const factories: LaneFactory[] = [];
    let largestGroupBytes = 0;
    for (const state of states) {
      if (!state.layout) continue;
      const columns = state.layout.metadata.schema.length;
      for (const group of state.layout.rowGroups) {
        largestGroupBytes = Math.max(largestGroupBytes, decodedGroupBytes(group, columns));
        factories.push(() => groupLane(state, group, random)[Symbol.asyncIterator]());
      }
    }
    const lanes = Math.max(1, Math.min(options.spreadLanes ?? DEFAULT_PARQUET_LANES, Math.floor(settings.spreadMemoryBytes / Math.max(1, largestGroupBytes))));
    mode = factories.length <= 1 ? 'memory' : 'far-apart';
    yield* interleaveLanes(shuffledFactories(factories, random), lanes, random, () => closed);
  }

  async function* groupLane(state: FileState, group: ParquetRowGroupInfo, random: () => number): AsyncGenerator<LaneChunk> {
    yield await groupChunk(await openReader(state), state, group, random);
  }

  async function* batches(): AsyncGenerator<SourceEntry[]> {
    bytesDone = 0;
    if (settings.spread) yield* spread(seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32)));
    else yield* sequential();
    if (!closed) bytesDone = bytesTotal;
  }

  return {
    files: files.map((f) => f.name),
    sources: files,
    format: 'parquet',
    bytesTotal,
    bytesRead: () => Math.min(bytesDone, bytesTotal),
    recordsTotal: () => recordsTotal,
    shardInputs: () => states.flatMap((state) => parquetFileShards(state.file, state.layout)),
    objectSpans: (): ObjectSpan[] => states.map((state) => ({ source: state.file, firstOrdinal: state.firstOrdinal, endOrdinal: state.firstOrdinal + recordsOf(state) })),
    spreadMode: () => mode,
    batches,
    entries: async function* () {
      for await (const batch of batches()) yield* batch;
    },
    readRecordAt: async (file, offset) => {
      const state = states.find((s) => s.file.name === file);
      if (!state) throw new Error(`${file} is not a file of this source`);
      if (!state.layout) return '';
      const reader = await openReader(state);
      const decoded = await reader.decodeRows(offset, offset + 1);
      return parquetRowEntry(decoded, 0, reader.plans, { file, firstOrdinal: state.firstOrdinal }, settings.parquet).raw;
    },
    close: async () => {
      closed = true;
    },
  };
}
