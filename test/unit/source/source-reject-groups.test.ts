import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerMessage } from '../../../electron/engine/source/reader-message';
import type { SourceEntry } from '../../../electron/engine/source/source-entry';
import { reasonGroup, reasonText } from '../../../shared/report/reject-reasons';
import { arrow, dateVector, field, tableOf, timestampVector, vectorOf, writeParquetFixture } from '../parquet/parquet-fixture';
import { fixtureFolder, readAll } from '../parquet/parquet-test-helpers';

/**
 * The reasons the source readers (CSV, JSON lines, Parquet) reject records and files with
 * group by the problem, whatever the data: many distinct bad values, positions and file
 * names make one group, which names the column (see reject-reasons.ts).
 */

let folder: Awaited<ReturnType<typeof fixtureFolder>>;
beforeAll(async () => {
  folder = await fixtureFolder();
});
afterAll(async () => {
  await folder.remove();
});

/** Rejects counted by group, as the rejects file counts them. */
function groupCounts(entries: SourceEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) if (e.kind === 'error') counts[reasonGroup(e.reason)] = (counts[reasonGroup(e.reason)] ?? 0) + 1;
  return counts;
}

/** The distinct reasons as the operator reads them. */
function distinctTexts(entries: SourceEntry[]): number {
  return new Set(entries.flatMap((e) => (e.kind === 'error' ? [reasonText(e.reason)] : []))).size;
}

const ROWS = 500;
const rows = <T>(make: (i: number) => T): T[] => Array.from({ length: ROWS }, (_, i) => make(i));

describe('reject groups of the source readers', () => {
  it('Parquet cells: distinct out-of-range dates and timestamps, NaNs at distinct list places and map keys make one group per column', async () => {
    const path = folder.path('cells.parquet');
    await writeParquetFixture(path, tableOf({
      id: vectorOf(new arrow.Int32(), rows((i) => i)),
      // Each row is bad in one column only, so every row's reason is about that column.
      day: dateVector(rows((i) => (i % 4 === 0 ? 1_000_000_000 + i : 1))),
      at: timestampVector(rows((i) => (i % 4 === 1 ? 9_000_000_000_000_000_000n + BigInt(i) : 0n)), 'ms', 'UTC'),
      ratios: vectorOf(new arrow.List(field('element', new arrow.Float64())), rows((i) => (i % 4 === 2 ? [...Array.from({ length: i % 37 }, () => 0.5), Number.NaN] : [1]))),
      scores: vectorOf(
        new arrow.Map_(field('entries', new arrow.Struct([field('key', new arrow.Utf8(), false), field('value', new arrow.Float64())]), false)),
        rows((i) => new Map([[`player-${i}`, i % 4 === 3 ? (i % 8 === 3 ? Number.POSITIVE_INFINITY : Number.NaN) : 1]])),
      ),
    }));
    const { entries } = await readAll({ path });
    expect(entries.filter((e) => e.kind === 'error')).toHaveLength(ROWS);
    expect(distinctTexts(entries)).toBeGreaterThan(ROWS / 2);
    expect(groupCounts(entries)).toEqual({
      'column "day" (DATE): day … is outside the dates ISO text can show': ROWS / 4,
      'column "at" (TIMESTAMP(MILLIS)): timestamp … (MILLIS) is outside the dates ISO text can show': ROWS / 4,
      'column "ratios" (LIST<DOUBLE>): […]: … cannot be stored: DynamoDB numbers have no NaN or Infinity': ROWS / 4,
      'column "scores" (MAP<DOUBLE>): …: … cannot be stored: DynamoDB numbers have no NaN or Infinity': ROWS / 4,
    });
    const first = entries.find((e) => e.kind === 'error' && e.line === 4);
    expect(first?.kind === 'error' && reasonText(first.reason)).toBe('column "scores" (MAP<DOUBLE>): player-3: Infinity cannot be stored: DynamoDB numbers have no NaN or Infinity');
  });

  it('many files that are not Parquet, each named in its reason, make one group per problem', async () => {
    const dir = folder.path('not-parquet');
    await mkdir(dir);
    for (let i = 0; i < 40; i++) await writeFile(`${dir}/export-${i}.parquet`, i % 2 === 0 ? `id,name\n${i},${'x'.repeat(4 + i)}\n` : 'x'.repeat(1 + (i % 11)));
    const { entries } = await readAll({ path: dir });
    expect(distinctTexts(entries)).toBe(40);
    expect(groupCounts(entries)).toEqual({
      '… is not a Parquet file: it does not start with the bytes "PAR1"; the rest of the file cannot be read': 20,
      '… is not a Parquet file: it is only … bytes long; the rest of the file cannot be read': 20,
    });
    const one = entries.find((e) => e.file.endsWith('export-3.parquet'));
    expect(one?.kind === 'error' && reasonText(one.reason)).toBe(`${dir}/export-3.parquet is not a Parquet file: it is only 4 bytes long; the rest of the file cannot be read`);
  });

  it('CSV rows of many widths make one group naming the header', async () => {
    const path = folder.path('widths.csv');
    await writeFile(path, `a,b,c\n${rows((i) => Array.from({ length: 4 + (i % 30) }, () => i).join(',')).join('\n')}\n`);
    const { entries } = await readAll({ path, format: 'csv' });
    expect(groupCounts(entries)).toEqual({ 'the row has … fields but the header has 3 columns': ROWS });
  });

  it('a message a reader did not write keeps its words; the file it names and its numbers fold', () => {
    const file = '/data/in 2024/part-00017.csv';
    const marked = readerMessage(`ENOENT: no such file or directory, open '${file}'`, file);
    expect(reasonText(marked)).toBe(`ENOENT: no such file or directory, open '${file}'`);
    expect(reasonGroup(marked)).toBe("ENOENT: no such file or directory, open '…'");
    expect(reasonGroup(readerMessage('read ECONNRESET after 52428800 bytes', 's3://b/k'))).toBe('read ECONNRESET after … bytes');
  });
});
