import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { openLocalParquetBytes } from '../../../electron/engine/source/parquet/parquet-bytes';
import { openParquetFileReader } from '../../../electron/engine/source/parquet/parquet-file-reader';
import { parquetRowsChunk } from '../../../electron/engine/source/parquet/parquet-entries';
import { readParquetLayout } from '../../../electron/engine/source/parquet/parquet-layout';
import { parquetRowGroupShards, rowGroupsInRange } from '../../../electron/engine/source/parquet/parquet-shards';
import { previewSource } from '../../../electron/engine/source/preview-source';
import { parquetOptionsSchema } from '../../../shared/parquet-options';
import { arrow, int64Vector, tableOf, vectorOf, writeParquetFixture } from './parquet-fixture';
import { fixtureFolder, readAll, recordFields } from './parquet-test-helpers';

let folder: Awaited<ReturnType<typeof fixtureFolder>>;
const ROWS = 2500;
let path: string;
beforeAll(async () => {
  folder = await fixtureFolder();
  path = folder.path('groups.parquet');
  // Sorted keys, as a warehouse unload writes them: what spreading must break up.
  await writeParquetFixture(path, tableOf({
    id: int64Vector(Array.from({ length: ROWS }, (_, i) => BigInt(i))),
    name: vectorOf(new arrow.Utf8(), Array.from({ length: ROWS }, (_, i) => `row ${i}`)),
  }), { codec: 'ZSTD', rowGroupRows: 1000 });
});
afterAll(async () => {
  await folder.remove();
});

describe('row groups as units of work', () => {
  it('the layout gives each group its rows, first row and a byte range inside the file, in order and apart', async () => {
    const bytes = await openLocalParquetBytes(path);
    const reader = await openParquetFileReader(bytes, parquetOptionsSchema.parse({}));
    const groups = reader.layout.rowGroups;
    expect(groups.map((g) => [g.index, g.rows, g.firstRow])).toEqual([[0, 1000, 0], [1, 1000, 1000], [2, 500, 2000]]);
    expect(reader.layout.rowsTotal).toBe(ROWS);
    expect(groups[0]!.byteStart).toBe(4);
    for (let i = 1; i < groups.length; i++) expect(groups[i]!.byteStart).toBeGreaterThanOrEqual(groups[i - 1]!.byteEnd);
    expect(groups.at(-1)!.byteEnd).toBeLessThan(reader.layout.byteLength - 8);
    for (const g of groups) expect(g.byteEnd - g.byteStart).toBe(g.compressedBytes);
  });

  it('one row group decodes on its own from ranged reads of its bytes only', async () => {
    const bytes = await openLocalParquetBytes(path);
    const reader = await openParquetFileReader(bytes, parquetOptionsSchema.parse({}));
    const group = reader.layout.rowGroups[1]!;
    const before = bytes.bytesRead();
    const decoded = await reader.decodeRows(group.firstRow, group.firstRow + group.rows);
    expect(bytes.bytesRead() - before).toBeLessThanOrEqual(group.byteEnd - group.byteStart);
    const chunk = parquetRowsChunk(decoded, reader.plans, { file: path, firstOrdinal: 0 }, parquetOptionsSchema.parse({}), null);
    expect(chunk.length).toBe(1000);
    expect(chunk.entryAt(0)).toMatchObject({ kind: 'record', ordinal: 1000, line: 1001, offset: 1000, fields: { id: { N: '1000' }, name: { S: 'row 1000' } } });
    expect(chunk.entryAt(999)).toMatchObject({ ordinal: 1999, fields: { id: { N: '1999' } } });
  });
});

describe('the Parquet load source', () => {
  it('spreading hands out every row exactly once, mixing row groups, with the count known up front', async () => {
    const source = await openRecordSource({ path, spread: true }, { seed: 7 });
    expect(source.recordsTotal()).toBe(ROWS);
    const ordinals: number[] = [];
    for await (const entry of source.entries()) {
      if (entry.kind !== 'record') throw new Error(entry.reason);
      expect(entry.fields.id).toEqual({ N: String(entry.ordinal) });
      ordinals.push(entry.ordinal);
    }
    await source.close();
    expect(source.spreadMode()).toBe('far-apart');
    expect([...ordinals].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    // The first 100 records out come from more than one row group, in no sorted order.
    const groupsSeen = new Set(ordinals.slice(0, 100).map((o) => Math.floor(o / 1000)));
    expect(groupsSeen.size).toBeGreaterThan(1);
    expect(ordinals.slice(0, 100)).not.toEqual([...ordinals.slice(0, 100)].sort((a, b) => a - b));
  });

  it('a resumed read skips finished ordinals and yields exactly the rest', async () => {
    const done = (ordinal: number): boolean => ordinal < 1000 || ordinal % 3 === 0;
    for (const spread of [false, true]) {
      const { entries } = await readAll({ path, spread }, { skip: done, seed: 3 });
      const expected = Array.from({ length: ROWS }, (_, i) => i).filter((o) => !done(o));
      expect(entries.map((e) => e.ordinal)).toEqual(expected);
    }
  });

  it('reads back one record by its row offset, as the rejects file shows it', async () => {
    const source = await openRecordSource({ path, spread: false });
    expect(await source.readRecordAt(path, 1234)).toBe('{"id":{"N":"1234"},"name":{"S":"row 1234"}}');
    await source.close();
  });

  it('a folder of Parquet and CSV loads both: Parquet rows first, then the CSV records', async () => {
    const dir = folder.path('mixed');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeParquetFixture(`${dir}/b.parquet`, tableOf({ id: vectorOf(new arrow.Int32(), [1, 2]) }));
    await writeFile(`${dir}/a.csv`, 'id\n3\n4\n5\n');
    const { entries, recordsTotal } = await readAll({ path: dir });
    expect(recordsTotal).toBe(5);
    expect(entries.map((e) => [e.ordinal, e.file.slice(dir.length + 1), e.kind === 'record' ? e.fields.id : e.reason])).toEqual([
      [0, 'b.parquet', { N: '1' }],
      [1, 'b.parquet', { N: '2' }],
      [2, 'a.csv', '3'],
      [3, 'a.csv', '4'],
      [4, 'a.csv', '5'],
    ]);
  });

  it('the preview takes column types from the schema and gives the exact row count by its bytes share', async () => {
    const preview = await previewSource(path, undefined, 10);
    expect(preview.format).toBe('parquet');
    expect(preview.columns).toEqual([{ name: 'id', inferredType: 'N', parquetType: 'INT64' }, { name: 'name', inferredType: 'S', parquetType: 'STRING' }]);
    expect(preview.rows[3]).toEqual({ id: 3, name: 'row 3' });
    expect(Math.round((preview.sizeBytes / preview.previewBytes!) * preview.rows.length)).toBe(ROWS);
    expect(recordFields((await readAll({ path })).entries)).toHaveLength(ROWS);
  });
});

describe('row groups as shards', () => {
  it('cuts byte-range shards at row-group boundaries that cover every group once, and finds them again', async () => {
    const bytes = await openLocalParquetBytes(path);
    const layout = await readParquetLayout(bytes);
    const entry = { name: path, sizeBytes: layout.byteLength, version: null };
    const [a, b, c] = layout.rowGroups.map((g) => g.compressedBytes) as [number, number, number];
    // By each group's own bytes: none packed (0), the first two together, all three.
    for (const [rangeBytes, count] of [[0, 3], [a + b, 2], [a + b + c, 1]] as const) {
      const shards = parquetRowGroupShards(layout, entry, rangeBytes);
      expect(shards).toHaveLength(count);
      const covered = shards.flatMap((s) => (s.kind === 'byte-range' ? rowGroupsInRange(layout, s.startByte, s.endByte).map((g) => g.index) : []));
      expect(covered).toEqual([0, 1, 2]);
    }
    const [first] = parquetRowGroupShards(layout, entry);
    expect(first).toEqual({ kind: 'byte-range', entry, startByte: 4, endByte: layout.rowGroups[1]!.byteStart });
  });
});
