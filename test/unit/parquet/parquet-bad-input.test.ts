import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalParquetBytes } from '../../../electron/engine/source/parquet/parquet-bytes';
import { readParquetLayout } from '../../../electron/engine/source/parquet/parquet-layout';
import { previewSource } from '../../../electron/engine/source/preview-source';
import { arrow, decimalVector, int64Vector, parquetBytesOf, tableOf, vectorOf, writeParquetFixture } from './parquet-fixture';
import { fixtureFolder, readAll } from './parquet-test-helpers';
import { reasonGroup, reasonText } from '../../../shared/report/reject-reasons';

let folder: Awaited<ReturnType<typeof fixtureFolder>>;
beforeAll(async () => {
  folder = await fixtureFolder();
});
afterAll(async () => {
  await folder.remove();
});

const good = (rows: number): arrow.Table => tableOf({ id: int64Vector(Array.from({ length: rows }, (_, i) => BigInt(i))), name: vectorOf(new arrow.Utf8(), Array.from({ length: rows }, (_, i) => `n${i}`)) });

describe('files that are not readable Parquet', () => {
  it('a truncated file is one error naming it; the other files of the source load whole', async () => {
    const dir = folder.path('truncated');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeParquetFixture(`${dir}/a-good.parquet`, good(50));
    const bytes = parquetBytesOf(good(50), { codec: 'ZSTD' });
    await writeFile(`${dir}/b-cut.parquet`, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await writeParquetFixture(`${dir}/c-good.parquet`, good(20));
    const { entries, recordsTotal } = await readAll({ path: dir, format: 'parquet' });
    expect(recordsTotal).toBe(50 + 1 + 20);
    expect(entries).toHaveLength(71);
    const errors = entries.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'error', file: `${dir}/b-cut.parquet`, ordinal: 50 });
    expect(errors[0]!.kind === 'error' && reasonText(errors[0]!.reason)).toMatch(/b-cut\.parquet is a truncated Parquet file/);
    expect(entries.filter((e) => e.kind === 'record' && e.file.endsWith('c-good.parquet')).map((e) => e.ordinal)).toEqual(Array.from({ length: 20 }, (_, i) => 51 + i));
  });

  it('a file that is not Parquet is one error naming it, whether named .parquet or read as Parquet', async () => {
    await writeFile(folder.path('fake.parquet'), 'id,name\n1,a\n');
    const fake = await readAll({ path: folder.path('fake.parquet') });
    expect(fake.entries).toHaveLength(1);
    expect(fake.entries[0]!.kind === 'error' && reasonText(fake.entries[0]!.reason)).toBe(`${folder.path('fake.parquet')} is not a Parquet file: it does not start with the bytes "PAR1"; the rest of the file cannot be read`);
    await writeFile(folder.path('notes.txt'), 'just some text that is long enough');
    const declared = await readAll({ path: folder.path('notes.txt'), format: 'parquet' });
    expect(declared.entries.map((e) => e.kind === 'error' && reasonText(e.reason))).toEqual([`${folder.path('notes.txt')} is not a Parquet file: it does not start with the bytes "PAR1"; the rest of the file cannot be read`]);
    // Both files' rejects count under one group: the file's name is folded (each reject line names its file).
    expect(new Set([...fake.entries, ...declared.entries].map((e) => e.kind === 'error' && reasonGroup(e.reason)))).toEqual(new Set(['… is not a Parquet file: it does not start with the bytes "PAR1"; the rest of the file cannot be read']));
  });

  it('an empty file holds no records and is no error', async () => {
    await writeFile(folder.path('empty.parquet'), '');
    const { entries, recordsTotal } = await readAll({ path: folder.path('empty.parquet') });
    expect(entries).toEqual([]);
    expect(recordsTotal).toBe(0);
  });

  it('a damaged row group rejects each of its rows with the file and group named; the other groups load', async () => {
    const path = folder.path('damaged.parquet');
    await writeParquetFixture(path, good(300), { codec: 'SNAPPY', rowGroupRows: 100 });
    const handle = await openLocalParquetBytes(path);
    const layout = await readParquetLayout(handle);
    const middle = layout.rowGroups[1]!;
    const data = await readFile(path);
    data.fill(0xab, middle.byteStart, middle.byteEnd);
    await writeFile(path, data);
    const { entries } = await readAll({ path });
    expect(entries).toHaveLength(300);
    expect(entries.map((e) => e.ordinal)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const errors = entries.filter((e) => e.kind === 'error');
    expect(errors.map((e) => e.ordinal)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(errors[0]!.kind === 'error' && reasonText(errors[0]!.reason)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: row group 1 \\(rows 101-200\\) cannot be decoded: `));
    expect(errors[0]).toMatchObject({ line: 101, offset: 100 });
    // Every row of the group counts under one group that names neither the file nor the rows.
    expect(new Set(errors.map((e) => e.kind === 'error' && reasonGroup(e.reason).replace(/cannot be decoded: .*$/, 'cannot be decoded: ')))).toEqual(new Set(['…: row group … (rows …) cannot be decoded: ']));
  });
});

describe('values and columns the mapping cannot hold', () => {
  it('a NaN or a 39-digit decimal rejects its row naming the column; the other rows load', async () => {
    const path = folder.path('unholdable.parquet');
    await writeParquetFixture(path, tableOf({
      id: vectorOf(new arrow.Int32(), [1, 2, 3]),
      ratio: vectorOf(new arrow.Float64(), [0.5, Number.NaN, 1]),
      huge: decimalVector([1n, 2n, 10n ** 38n + 1n], 38, 0),
    }));
    const { entries } = await readAll({ path });
    expect(entries.map((e) => e.kind)).toEqual(['record', 'error', 'error']);
    expect(entries[1]!.kind === 'error' && reasonText(entries[1]!.reason)).toBe('column "ratio" (DOUBLE): NaN cannot be stored: DynamoDB numbers have no NaN or Infinity');
    expect(entries[2]!.kind === 'error' && reasonText(entries[2]!.reason)).toMatch(/^column "huge" \(DECIMAL\(38,0\)\): "100000000000000000000000000000000000001" has 39 significant digits; DynamoDB keeps at most 38/);
    expect(entries[1]!.raw).toBe('{"id":{"N":"2"},"ratio":"NaN","huge":{"N":"2"}}');
  });

  it('an INTERVAL column cannot be loaded: every row of the file is rejected naming the column, and the preview says why', async () => {
    const path = folder.path('interval.parquet');
    await writeParquetFixture(path, tableOf({ id: vectorOf(new arrow.Int32(), [1, 2]), wait: vectorOf(new arrow.IntervalYearMonth(), [Int32Array.from([1]), Int32Array.from([2])]) }));
    const { entries } = await readAll({ path });
    expect(entries.map((e) => e.kind === 'error' && e.reason)).toEqual([
      'column "wait" cannot be loaded: its type INTERVAL has no DynamoDB counterpart',
      'column "wait" cannot be loaded: its type INTERVAL has no DynamoDB counterpart',
    ]);
    const preview = await previewSource(path, undefined, 5);
    expect(preview.columns).toEqual([
      { name: 'id', inferredType: 'N', parquetType: 'INT32' },
      { name: 'wait', inferredType: 'NULL', parquetType: 'INTERVAL (cannot be loaded: its type INTERVAL has no DynamoDB counterpart)' },
    ]);
  });
});
