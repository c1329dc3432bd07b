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
 * Byte-range shards of one Parquet entry, `groupsPerShard` row groups each (at least
 * one). The ranges run from one group's first byte to the next shard's first byte, so
 * together they cover every group once.
 */
export function parquetRowGroupShards(layout: ParquetLayout, entry: SourceEntryRef, groupsPerShard = 1): ShardInput[] {
  const per = Math.max(1, Math.floor(groupsPerShard));
  const groups = layout.rowGroups.filter((g) => g.rows > 0);
  const shards: ShardInput[] = [];
  for (let first = 0; first < groups.length; first += per) {
    const next = groups[first + per];
    const last = groups[Math.min(groups.length, first + per) - 1]!;
    shards.push({ kind: 'byte-range', entry, startByte: groups[first]!.byteStart, endByte: next ? next.byteStart : last.byteEnd });
  }
  return shards;
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
