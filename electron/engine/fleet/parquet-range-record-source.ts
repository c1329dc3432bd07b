import type { LoadSource } from '../../../shared/job-spec';
import type { OpenRecordSourceOptions, RecordSource } from '../source/open-record-source';
import { openParquetSource } from '../source/parquet/open-parquet-source';
import { parquetBytesOf } from '../source/parquet/parquet-bytes';
import { readParquetLayout } from '../source/parquet/parquet-layout';
import { rowGroupsInRange } from '../source/parquet/parquet-shards';
import { plannedEntry } from './planned-entry';
import type { RangeShardInput } from './range-record-source';

/**
 * The rows of some row groups of one Parquet object: what a fleet worker reads for a
 * row-group shard. The coordinator cut the object at row-group boundaries from its footer
 * (parquet-shards.ts: a byte range stands for the groups whose column chunks start in
 * it); the worker reads the footer again and decodes only those groups, with ranged reads
 * of their column chunks. Rows keep the object's row numbers as ordinals, so rejects name
 * their place in the whole object, and the shard's record count and span are its groups'
 * alone, so the per-object audit adds the shards of one object up to its rows.
 */
export async function openParquetRangeRecordSource(source: LoadSource, input: RangeShardInput, options: OpenRecordSourceOptions): Promise<RecordSource> {
  const planned = await plannedEntry(input.entry, options.target);
  const entry = planned.source;
  try {
    const layout = await readParquetLayout(parquetBytesOf(entry));
    const groups = rowGroupsInRange(layout, input.startByte, input.endByte);
    if (groups.length === 0) throw new Error(`${entry.name}: no row group starts in bytes ${input.startByte}-${input.endByte}, where the plan put this shard's row groups`);
    const firstOrdinal = groups[0]!.firstRow;
    const endOrdinal = groups[groups.length - 1]!.firstRow + groups[groups.length - 1]!.rows;
    const bytesTotal = groups.reduce((sum, g) => sum + g.compressedBytes, 0);
    const inner = await openParquetSource([entry], { ...source, rowGroupRange: { startByte: input.startByte, endByte: input.endByte } }, options);
    return {
      ...inner,
      bytesTotal,
      // The inner source counts only the groups it decodes, and the whole object once it ended.
      bytesRead: () => Math.min(inner.bytesRead(), bytesTotal),
      recordsTotal: () => endOrdinal - firstOrdinal,
      objectSpans: () => [{ source: entry, firstOrdinal, endOrdinal }],
      shardInputs: () => [input],
      close: async () => {
        await inner.close();
        planned.release();
      },
    };
  } catch (error) {
    planned.release();
    throw error;
  }
}
