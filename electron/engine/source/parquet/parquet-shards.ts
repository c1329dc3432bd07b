import type { ShardInput, SourceEntryRef } from '../../shard/shard';
import type { ByteSource } from '../byte-source';
import type { ParquetLayout, ParquetRowGroupInfo } from './parquet-layout';

/**
 * Parquet row groups as shards. A row group is decoded on its own from ranged reads of
 * its column chunks, so a byte-range shard of a Parquet entry means "the row groups whose
 * column chunks start in this range": a planner cuts shards at row-group boundaries from
 * the footer alone, and an executor finds its groups again from the same footer.
 */

/**
 * The row groups that hold rows, in file order, packed into runs of about `rangeBytes`
 * each by every group's own compressed bytes (its column chunks, from the footer): a run
 * takes the next group while the run stays within `rangeBytes`, a group bigger than that
 * is a run by itself, and a group is never split. `rangeBytes` 0 gives a run per group.
 */
export function rowGroupRuns(layout: ParquetLayout, rangeBytes = 0): ParquetRowGroupInfo[][] {
  const runs: ParquetRowGroupInfo[][] = [];
  let run: ParquetRowGroupInfo[] = [];
  let runBytes = 0;
  for (const group of layout.rowGroups) {
    if (group.rows <= 0) continue;
    if (run.length > 0 && (rangeBytes <= 0 || runBytes + group.compressedBytes > rangeBytes)) {
      runs.push(run);
      run = [];
      runBytes = 0;
    }
    run.push(group);
    runBytes += group.compressedBytes;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Byte-range shards of one Parquet entry, one per run of `rowGroupRuns(layout, rangeBytes)`
 * (by default one per row group). The ranges run from one run's first byte to the next
 * run's first byte, so together they cover every group once.
 */
export function parquetRowGroupShards(layout: ParquetLayout, entry: SourceEntryRef, rangeBytes = 0): ShardInput[] {
  const runs = rowGroupRuns(layout, rangeBytes);
  return runs.map((run, i) => {
    const next = runs[i + 1];
    return { kind: 'byte-range', entry, startByte: run[0]!.byteStart, endByte: next ? next[0]!.byteStart : run.at(-1)!.byteEnd };
  });
}

/** The row groups a byte-range shard of a Parquet entry stands for: those whose column chunks start in [startByte, endByte). */
export function rowGroupsInRange(layout: ParquetLayout, startByte: number, endByte: number): ParquetRowGroupInfo[] {
  return layout.rowGroups.filter((g) => g.rows > 0 && g.byteStart >= startByte && g.byteStart < endByte);
}

/** How a shard names its entry: the byte source's name, size and version. */
export function entryRefOf(source: ByteSource): SourceEntryRef {
  return { name: source.name, sizeBytes: source.sizeBytes, version: source.version };
}

/** One shard for a whole entry: a text file or object, or a Parquet file without row groups to split. */
export function wholeEntryShard(source: ByteSource): ShardInput {
  return { kind: 'byte-range', entry: entryRefOf(source), startByte: 0, endByte: source.sizeBytes };
}

/**
 * The shards of a Parquet file: one per row group that holds rows (a warehouse writes
 * groups of 64-128 MB, so a big file is many units of work and a small one is one), or
 * the whole file when its footer could not be read or it holds no rows.
 */
export function parquetFileShards(source: ByteSource, layout: ParquetLayout | null): ShardInput[] {
  const shards = layout ? parquetRowGroupShards(layout, entryRefOf(source)) : [];
  return shards.length > 0 ? shards : [wholeEntryShard(source)];
}
