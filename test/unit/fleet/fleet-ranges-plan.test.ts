import { afterEach, describe, expect, it } from 'vitest';
import { fleetObjectAudit } from '../../../electron/engine/fleet/fleet-object-audit';
import { openRangeRecordSource, type RangeShardInput } from '../../../electron/engine/fleet/range-record-source';
import type { FleetShardCheckpoint } from '../../../electron/engine/fleet/redis-checkpoint-store';
import type { FleetShardRecord } from '../../../electron/engine/fleet/shard-store';
import { objectShardInputs } from '../../../electron/engine/fleet/object-shards';
import { localByteSource } from '../../../electron/engine/source/byte-source';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { loadSourceSchema } from '../../../shared/job-spec';
import { emptyTotals } from '../../../shared/job-status';
import { readAll, tempDir } from '../source/source-fixtures';

const ROWS = 2_000;
/** Planning hooks that keep nothing. */
const quiet = { log: () => {}, note: () => {} };

/** A CSV whose every 7th row has a quoted note with a line break and a comma; row 1500 has a field too many. */
function csvText(): string {
  const rows = Array.from({ length: ROWS }, (_, i) => (i === 1500 ? `${i},n${i},a,extra` : i % 7 === 3 ? `${i},n${i},"two, lines\nof ${i}"` : `${i},n${i},plain ${i}`));
  return `id,name,note\n${rows.join('\n')}\n`;
}

describe('byte-range shards of one object (fleet planning and the worker read)', () => {
  let temp: ReturnType<typeof tempDir>;
  afterEach(() => temp?.cleanup());

  it('reads the ranges one by one exactly as one front-to-back read: ordinals, lines, fields, the broken row', async () => {
    temp = tempDir();
    const path = temp.write('big.csv', csvText());
    const source = loadSourceSchema.parse({ path, format: 'csv', spread: false });
    const inputs = await objectShardInputs(source, await localByteSource(path), 4096, quiet);
    expect(inputs.length).toBeGreaterThanOrEqual(8);
    inputs.forEach((input, i) => {
      expect(input.kind).toBe('byte-range');
      const range = input as RangeShardInput;
      expect(range.from).toBeDefined();
      if (i > 0) expect(range.startByte).toBe((inputs[i - 1] as RangeShardInput).endByte);
    });
    expect((inputs.at(-1) as RangeShardInput).endByte).toBe((inputs[0] as RangeShardInput).entry.sizeBytes);

    const whole = await readAll(await openRecordSource(source));
    const pieces = [];
    for (const input of inputs) {
      const range = await openRangeRecordSource(source, input as RangeShardInput, {});
      const entries = await readAll(range);
      expect(range.recordsTotal()).toBe(entries.length);
      pieces.push(...entries);
    }
    expect(pieces).toEqual(whole);
    expect(pieces.filter((e) => e.kind === 'error').map((e) => e.ordinal)).toEqual([1500]);
  });

  it('skips the finished ordinals of a range (a shard taken over) and counts them in the range', async () => {
    temp = tempDir();
    const path = temp.write('big.csv', csvText());
    const source = loadSourceSchema.parse({ path, format: 'csv', spread: false });
    const inputs = await objectShardInputs(source, await localByteSource(path), 4096, quiet);
    const third = inputs[2] as RangeShardInput;
    const first = third.from!.firstOrdinal;
    const range = await openRangeRecordSource(source, third, { skip: (o) => o < first + 10 });
    const entries = await readAll(range);
    expect(entries[0]!.ordinal).toBe(first + 10);
    expect(range.recordsTotal()).toBe(entries.length + 10);
  });

  it('keeps small and gzip objects whole, and refuses a range of a changed object', async () => {
    temp = tempDir();
    const source = (path: string) => loadSourceSchema.parse({ path, format: 'csv' });
    const gz = temp.write('big.csv.gz', csvText(), true);
    const said: string[] = [];
    const notes: string[] = [];
    expect(await objectShardInputs(source(gz), await localByteSource(gz), 64, { log: (m) => said.push(m), note: (m) => notes.push(m) })).toEqual([
      { kind: 'byte-range', entry: expect.objectContaining({ name: gz }), startByte: 0, endByte: (await localByteSource(gz)).sizeBytes },
    ]);
    // A big gzip object stays whole, and the log and the report's notes say why, in words.
    expect(notes).toEqual([expect.stringMatching(/big\.csv\.gz is gzip \([\d.,]+ KB\): one shard, read by one worker from start to end, because a gzip stream cannot be entered in the middle/)]);
    expect(said).toEqual(notes);
    const small = temp.write('small.csv', 'id\n1\n2\n');
    expect(await objectShardInputs(source(small), await localByteSource(small), 4096, quiet)).toHaveLength(1);

    const path = temp.write('big.csv', csvText());
    const inputs = await objectShardInputs(source(path), await localByteSource(path), 4096, quiet);
    temp.write('big.csv', `${csvText()}9999,late,row\n`);
    await expect(openRangeRecordSource(source(path), inputs[1] as RangeShardInput, {})).rejects.toThrow(/changed since the job was planned/);
  });
});

describe('the fleet per-object audit', () => {
  const shard = (id: string, name: string, state: FleetShardRecord['state'], counts: { written: number; rejected: number; recordsTotal: number } | null, rejects = ''): FleetShardRecord<FleetShardCheckpoint> => {
    const input = { kind: 'byte-range' as const, entry: { name, sizeBytes: 100, version: null }, startByte: 0, endByte: 100 };
    const totals = counts ? { ...emptyTotals('load'), ...counts } : null;
    return {
      id, state, input, outcome: null, checkpointCounts: { read: 0, written: counts?.written ?? 0, rejected: counts?.rejected ?? 0 },
      checkpoint: totals ? { rejects, job: { version: 2, jobId: 'j', spec: {} as never, totals, work: null, notes: [], startedAtMs: 0, savedAtMs: 0, shards: [] } } : null,
    };
  };

  it('gives each object one line, its range shards summed; open while a shard is, failed when a read stopped', () => {
    const unreadable = `${JSON.stringify({ file: 's3://b/c', line: 9, ordinal: 8, key: null, reason: 'reading stopped at byte 50 (gone); the rest of the file cannot be read', raw: '' })}\n`;
    const lines = fleetObjectAudit([
      shard('object-0-range-0', 's3://b/a', 'done', { written: 40, rejected: 1, recordsTotal: 41 }),
      shard('object-0-range-1', 's3://b/a', 'done', { written: 59, rejected: 0, recordsTotal: 59 }),
      shard('object-1-range-0', 's3://b/b', 'done', { written: 10, rejected: 0, recordsTotal: 10 }),
      shard('object-1-range-1', 's3://b/b', 'running', { written: 3, rejected: 0, recordsTotal: 0 }),
      shard('object-2', 's3://b/c', 'done', { written: 7, rejected: 1, recordsTotal: 8 }, unreadable),
    ]);
    expect(lines.map(({ name, records, written, rejected, state }) => ({ name, records, written, rejected, state }))).toEqual([
      { name: 's3://b/a', records: 100, written: 99, rejected: 1, state: 'done' },
      { name: 's3://b/b', records: null, written: 13, rejected: 0, state: 'pending' },
      { name: 's3://b/c', records: 8, written: 7, rejected: 1, state: 'failed' },
    ]);
  });
});
