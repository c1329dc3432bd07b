import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { objectShardInputs, type IndexProgress } from '../../../electron/engine/fleet/object-shards';
import { indexProgressWords } from '../../../shared/fleet-status';
import { formatBytes } from '../../../shared/format';
import { parquetBytesOf as parquetBytesOfSource } from '../../../electron/engine/source/parquet/parquet-bytes';
import { readParquetLayout } from '../../../electron/engine/source/parquet/parquet-layout';
import { openParquetRangeRecordSource } from '../../../electron/engine/fleet/parquet-range-record-source';
import type { RangeShardInput } from '../../../electron/engine/fleet/range-record-source';
import { localByteSource, type ByteSource } from '../../../electron/engine/source/byte-source';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { loadSourceSchema } from '../../../shared/job-spec';
import { waitFor } from '../../support/table-reader';
import { arrow, int64Vector, parquetBytesOf, tableOf, vectorOf } from '../parquet/parquet-fixture';
import { readAll, tempDir } from '../source/source-fixtures';

const ROWS = 6_000;
const GROUP_ROWS = 750;
const GROUPS = ROWS / GROUP_ROWS;
const quiet = { log: () => {}, note: () => {} };

/** A Parquet file of GROUPS row groups: id (int64), name. */
function parquetFile(): Buffer {
  const index = Array.from({ length: ROWS }, (_, i) => i);
  const table = tableOf({ id: int64Vector(index.map((i) => BigInt(1_000_000 + i))), name: vectorOf(new arrow.Utf8(), index.map((i) => `name ${i}`)) });
  return Buffer.from(parquetBytesOf(table, { codec: 'SNAPPY', rowGroupRows: GROUP_ROWS }));
}

describe('a fleet load of a Parquet object in groups of row groups', () => {
  let temp: ReturnType<typeof tempDir>;
  afterEach(() => temp?.cleanup());

  it('plans one shard per row group (or per bounded group of them) and each shard reads only its rows, numbered as in the whole file', async () => {
    temp = tempDir();
    const path = temp.write('orders.parquet', parquetFile());
    const object = await localByteSource(path);
    const source = loadSourceSchema.parse({ path, format: 'csv', spread: false });
    const said: string[] = [];
    // A range size below one row group: a shard per group.
    const inputs = await objectShardInputs(source, object, 1, { log: (m) => said.push(m), note: () => {} });
    expect(inputs).toHaveLength(GROUPS);
    const largest = Math.max(...(await readParquetLayout(parquetBytesOfSource(object))).rowGroups.map((g) => g.compressedBytes));
    expect(said).toEqual([`${path}: ${GROUPS} shard(s) of 1 row group(s) each (${GROUPS} row groups, 6,000 rows; the largest shard ${formatBytes(largest)} for a range size of 1 B)`]);
    const whole = await readAll(await openRecordSource(source));
    expect(whole).toHaveLength(ROWS);
    const pieces = [];
    let recordsSum = 0;
    for (const input of inputs) {
      const part = await openParquetRangeRecordSource(source, input as RangeShardInput, {});
      const entries = await readAll(part);
      expect(entries).toHaveLength(GROUP_ROWS);
      expect(part.recordsTotal()).toBe(GROUP_ROWS);
      expect(part.bytesRead()).toBe(part.bytesTotal);
      expect(part.bytesTotal).toBeLessThan(object.sizeBytes / GROUPS);
      const [span] = part.objectSpans();
      expect([span!.firstOrdinal, span!.endOrdinal]).toEqual([entries[0]!.ordinal, entries[0]!.ordinal + GROUP_ROWS]);
      recordsSum += part.recordsTotal()!;
      pieces.push(...entries);
    }
    // Every row once, as the whole file's read has it (ordinals = row numbers of the file).
    expect(recordsSum).toBe(ROWS);
    expect(pieces).toEqual(whole);

    // A bigger range size packs several groups into a shard; one that holds the whole file leaves it whole.
    const meanGroupBytes = inputs.reduce((sum, i) => sum + ((i as RangeShardInput).endByte - (i as RangeShardInput).startByte), 0) / GROUPS;
    const bounded = await objectShardInputs(source, object, Math.ceil(meanGroupBytes * 3.5), quiet);
    expect(bounded).toHaveLength(Math.ceil(GROUPS / 3));
    const counted = await Promise.all(bounded.map(async (i) => (await readAll(await openParquetRangeRecordSource(source, i as RangeShardInput, {}))).length));
    expect(counted).toEqual([2250, 2250, 1500]);
    expect(await objectShardInputs(source, object, object.sizeBytes, quiet)).toEqual([{ kind: 'byte-range', entry: expect.objectContaining({ name: path }), startByte: 0, endByte: object.sizeBytes }]);
  });

  it('skips the finished rows of a shard taken over, and refuses a shard of a changed object', async () => {
    temp = tempDir();
    const path = temp.write('orders.parquet', parquetFile());
    const source = loadSourceSchema.parse({ path, format: 'parquet', spread: true });
    const inputs = await objectShardInputs(source, await localByteSource(path), 1, quiet);
    const third = inputs[2] as RangeShardInput;
    const first = 2 * GROUP_ROWS;
    const entries = await readAll(await openParquetRangeRecordSource(source, third, { skip: (o) => o < first + 100, seed: 7 }));
    expect(entries.map((e) => e.ordinal).sort((a, b) => a - b)).toEqual(Array.from({ length: GROUP_ROWS - 100 }, (_, i) => first + 100 + i));
    temp.write('orders.parquet', Buffer.concat([parquetFile(), Buffer.from('x')]));
    await expect(openParquetRangeRecordSource(source, third, {})).rejects.toThrow(/changed since the job was planned/);
  });
});

describe("the coordinator's index pass over a big uncompressed object", () => {
  let temp: ReturnType<typeof tempDir>;
  afterEach(() => temp?.cleanup());

  it('says how far it is while it reads, in bytes of the object and in words', async () => {
    temp = tempDir();
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`);
    const path = temp.write('big.csv', `id,name\n${rows.join('\n')}\n`);
    const local = await localByteSource(path);
    // The object's bytes arrive only when the test lets them: half first, the rest after progress was seen.
    const half = Math.floor(local.sizeBytes / 2);
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => { release = resolve; });
    const gated: ByteSource = {
      ...local,
      openRange: (start, end) => {
        let delivered = 0;
        const body = async function* () {
          const all = await local.readBytes(start, Math.min(end, local.sizeBytes) - start);
          delivered = half;
          yield all.subarray(0, half);
          await released;
          delivered = all.length;
          yield all.subarray(half);
        };
        return { stream: Readable.from(body()), bytesRead: () => delivered };
      },
    };
    const seen: IndexProgress[] = [];
    const planning = objectShardInputs(loadSourceSchema.parse({ path, format: 'csv' }), gated, 16 * 1024, { ...quiet, progress: (p) => seen.push(p) });
    const midway = await waitFor(async () => seen.find((p) => p.bytesRead === half) ?? null, 10_000, 'progress at half the object', 20);
    expect(seen[0]).toEqual({ object: path, bytesRead: 0, bytesTotal: local.sizeBytes });
    expect(indexProgressWords(midway)).toMatch(new RegExp(`^Finding record boundaries in ${path.replace(/[.]/g, '\\.')}: (49|50)% of [\\d.]+ KB$`));
    release();
    const inputs = await planning;
    expect(inputs.length).toBeGreaterThan(4);
    expect(seen.at(-1)).toEqual({ object: path, bytesRead: local.sizeBytes, bytesTotal: local.sizeBytes });
  });

  it('ends within a second, in words, when the job is stopped while it reads', async () => {
    temp = tempDir();
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`);
    const path = temp.write('big.csv', `id,name\n${rows.join('\n')}\n`);
    const local = await localByteSource(path);
    // Half the object arrives; the rest never does (a read that would last for ever).
    const stalled: ByteSource = {
      ...local,
      openRange: (start, end) => {
        let delivered = 0;
        const body = async function* () {
          const all = await local.readBytes(start, Math.min(end, local.sizeBytes) - start);
          delivered = all.length >> 1;
          yield all.subarray(0, delivered);
          await new Promise(() => {});
        };
        return { stream: Readable.from(body()), bytesRead: () => delivered };
      },
    };
    let stopped = false;
    const seen: IndexProgress[] = [];
    const planning = objectShardInputs(loadSourceSchema.parse({ path, format: 'csv' }), stalled, 16 * 1024, { ...quiet, progress: (p) => seen.push(p), isClosed: () => stopped });
    await waitFor(async () => seen.some((p) => p.bytesRead > 0) || null, 10_000, 'the index pass under way', 20);
    stopped = true;
    await expect(planning).rejects.toThrow(`Stopped while finding record boundaries in ${path}: nothing was queued`);
  });
});
