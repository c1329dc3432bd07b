import type { ShardInput, SourceEntryRef } from '../../shard/shard';
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
