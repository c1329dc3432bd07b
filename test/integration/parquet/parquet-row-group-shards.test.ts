import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import type { ShardRecord } from '../../../electron/engine/shard/shard';
import type { JobReport } from '../../../shared/job-report';
import { startCli } from '../../support/built-app';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { scanAll, waitFor } from '../../support/table-reader';
import { arrow, decimalVector, int64Vector, tableOf, vectorOf, writeParquetFixture } from '../../unit/parquet/parquet-fixture';

const ROWS = 24_000;
const GROUP_ROWS = 3_000;
const GROUPS = ROWS / GROUP_ROWS;
const idOf = (i: number): bigint => 2n ** 55n + BigInt(i);

/**
 * A Parquet file of several row groups is planned as one shard per row group (byte
 * ranges cut at the groups' boundaries, from the footer alone), loads exactly, and after
 * a SIGKILL mid-load resumes from its checkpoint without losing or repeating a row.
 */
describe('Parquet row groups as shards', () => {
  let fixture: SandboxEngine;

  beforeAll(async () => {
    fixture = await startSandboxEngine('parquet-shards');
  });

  afterAll(() => fixture?.close());

  it('plans a shard per row group, survives SIGKILL mid-file and, resumed, writes every row once, exactly', async () => {
    const { dir, sandbox, client } = fixture;
    await createTable(client, { tableName: 'grouped', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'grouped.parquet');
    const index = Array.from({ length: ROWS }, (_, i) => i);
    await writeParquetFixture(file, tableOf({
      id: int64Vector(index.map(idOf)),
      name: vectorOf(new arrow.Utf8(), index.map((i) => `name ${i}`)),
      amount: decimalVector(index.map((i) => BigInt(i * 101 - 7)), 14, 2),
    }), { codec: 'ZSTD', rowGroupRows: GROUP_ROWS });

    const dataDir = join(dir, 'data');
    const first = startCli(['load', '--endpoint', sandbox.url, '--table', 'grouped', '--source', file, '--key', 'pk=ROW#{id}', '--rate', '2000', '--data-dir', dataDir]);
    const jobId = (await first.waitForLine(/Job (\S+)/))[1]!;
    const checkpointPath = join(dataDir, 'jobs', jobId, 'checkpoint.json');
    const checkpoint = async (): Promise<{ totals: { written: number }; shards: ShardRecord[] } | null> => {
      try {
        return JSON.parse(await readFile(checkpointPath, 'utf8')) as { totals: { written: number }; shards: ShardRecord[] };
      } catch {
        return null;
      }
    };
    const saved = await waitFor(async () => {
      const c = await checkpoint();
      return c && c.totals.written >= ROWS * 0.25 && c.totals.written < ROWS * 0.9 ? c : null;
    }, 120_000, 'a quarter of the rows checkpointed', 100);
    first.child.kill('SIGKILL');
    await first.exited;

    // The plan: one byte-range shard per row group of the one file, in file order, without gaps or overlaps.
    expect(saved.shards).toHaveLength(GROUPS);
    const ranges = saved.shards.map((s) => (s.input.kind === 'byte-range' ? [s.input.entry.name, s.input.startByte, s.input.endByte] as const : null));
    expect(ranges.every((r) => r?.[0] === file)).toBe(true);
    for (let g = 1; g < GROUPS; g++) expect(ranges[g]![1]).toBe(ranges[g - 1]![2]);
    expect(ranges[0]![1]).toBe(4); // the first column chunk follows the "PAR1" magic

    const resumed = startCli(['load', '--resume', jobId, '--data-dir', dataDir]);
    const code = await resumed.exited;
    expect(code, resumed.output.join('\n')).toBe(0);
    const report = JSON.parse(await readFile(join(dataDir, 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });

    const items = await scanAll(client, 'grouped');
    expect(items).toHaveLength(ROWS);
    const byPk = new Map(items.map((item) => [item.pk!.S!, item]));
    for (let i = 0; i < ROWS; i++) {
      const cents = i * 101 - 7;
      const amount = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`.replace(/\.?0+$/, '');
      expect(byPk.get(`ROW#${idOf(i)}`), `row ${i}`).toEqual({ pk: { S: `ROW#${idOf(i)}` }, id: { N: idOf(i).toString() }, name: { S: `name ${i}` }, amount: { N: amount } });
    }
  }, 400_000);
});
