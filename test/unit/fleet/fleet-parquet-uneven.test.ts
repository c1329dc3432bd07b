import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { objectShardInputs } from '../../../electron/engine/fleet/object-shards';
import { openParquetRangeRecordSource } from '../../../electron/engine/fleet/parquet-range-record-source';
import type { RangeShardInput } from '../../../electron/engine/fleet/range-record-source';
import { localByteSource } from '../../../electron/engine/source/byte-source';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { parquetBytesOf as parquetBytesOfSource } from '../../../electron/engine/source/parquet/parquet-bytes';
import { readParquetLayout, type ParquetLayout } from '../../../electron/engine/source/parquet/parquet-layout';
import { rowGroupsInRange } from '../../../electron/engine/source/parquet/parquet-shards';
import { loadSourceSchema } from '../../../shared/job-spec';
import { arrow, int64Vector, parquetBytesOf, tableOf, vectorOf } from '../parquet/parquet-fixture';
import { readAll, tempDir } from '../source/source-fixtures';

const GROUP_ROWS = 500;
const GROUPS = 8;
const ROWS = GROUP_ROWS * GROUPS;
/** The row group whose rows carry about 2 KB of random text each: one group of about 1 MB among seven of a few KB. */
const BIG = 2;

/** A Parquet file of 8 row groups of 500 rows each, all small but group BIG, which is about a hundred times bigger. */
function unevenParquetFile(): Buffer {
  const index = Array.from({ length: ROWS }, (_, i) => i);
  const names = index.map((i) => (Math.floor(i / GROUP_ROWS) === BIG ? randomBytes(1000).toString('hex') : `name ${String(i).padStart(6, '0')}`));
  const table = tableOf({ id: int64Vector(index.map((i) => BigInt(1_000_000 + i))), name: vectorOf(new arrow.Utf8(), names) });
  return Buffer.from(parquetBytesOf(table, { codec: 'SNAPPY', rowGroupRows: GROUP_ROWS, dictionary: false }));
}

/** The row groups (by index) each shard stands for, and its bytes of column chunks. */
function shardGroups(layout: ParquetLayout, inputs: RangeShardInput[]): { groups: number[]; bytes: number }[] {
  return inputs.map((input) => {
    const groups = rowGroupsInRange(layout, input.startByte, input.endByte);
    return { groups: groups.map((g) => g.index), bytes: groups.reduce((sum, g) => sum + g.compressedBytes, 0) };
  });
}

describe('a fleet load of a Parquet object whose row groups are very uneven', () => {
  let temp: ReturnType<typeof tempDir>;
  afterEach(() => temp?.cleanup());

  it('sizes each shard by its row groups\' own bytes: the big group alone, the small ones packed up to the range size, every row once', async () => {
    temp = tempDir();
    const path = temp.write('uneven.parquet', unevenParquetFile());
    const object = await localByteSource(path);
    const layout = await readParquetLayout(parquetBytesOfSource(object));
    const sizes = layout.rowGroups.map((g) => g.compressedBytes);
    expect(layout.rowGroups.map((g) => g.rows)).toEqual(Array(GROUPS).fill(GROUP_ROWS));
    const small = Math.max(...sizes.filter((_, i) => i !== BIG));
    expect(Math.min(...sizes.filter((_, i) => i !== BIG))).toBeGreaterThan(small * 0.9);
    expect(sizes[BIG]).toBeGreaterThan(small * 50);
    const source = loadSourceSchema.parse({ path, format: 'parquet', spread: false });
    const quiet = { log: () => {}, note: () => {} };

    // A range of 3.5 small groups: sizing by the mean group (about 28 small ones: 129 KB here) made a shard of every group.
    const rangeBytes = Math.floor(small * 3.5);
    const inputs = (await objectShardInputs(source, object, rangeBytes, quiet)) as RangeShardInput[];
    const cut = shardGroups(layout, inputs);
    expect(cut.map((s) => s.groups)).toEqual([[0, 1], [2], [3, 4, 5], [6, 7]]);
    expect(cut.map((s) => s.bytes)).toEqual([sizes[0]! + sizes[1]!, sizes[2]!, sizes[3]! + sizes[4]! + sizes[5]!, sizes[6]! + sizes[7]!]);
    for (const s of cut) if (s.groups.length > 1) expect(s.bytes).toBeLessThanOrEqual(rangeBytes);
    expect(cut[1]!.bytes).toBeGreaterThan(rangeBytes);
    // The shards' byte ranges follow one another from the first group to the last group's end.
    expect(inputs[0]!.startByte).toBe(layout.rowGroups[0]!.byteStart);
    for (let i = 1; i < inputs.length; i++) expect(inputs[i]!.startByte).toBe(inputs[i - 1]!.endByte);
    expect(inputs.at(-1)!.endByte).toBe(layout.rowGroups.at(-1)!.byteEnd);

    // Every row lands exactly once, numbered as the whole file's read numbers it.
    const whole = await readAll(await openRecordSource(source));
    expect(whole).toHaveLength(ROWS);
    const pieces = [];
    for (const [i, input] of inputs.entries()) {
      const part = await openParquetRangeRecordSource(source, input, {});
      const entries = await readAll(part);
      expect(entries).toHaveLength(cut[i]!.groups.length * GROUP_ROWS);
      expect(part.bytesTotal).toBe(cut[i]!.bytes);
      pieces.push(...entries);
    }
    expect(pieces.map((e) => e.ordinal)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(pieces).toEqual(whole);

    // A range that holds the big group and two and a half small ones: the big group joins the two before it.
    const wider = (await objectShardInputs(source, object, sizes[BIG]! + Math.floor(small * 2.5), quiet)) as RangeShardInput[];
    expect(shardGroups(layout, wider).map((s) => s.groups)).toEqual([[0, 1, 2], [3, 4, 5, 6, 7]]);
  });
});
