import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { jobSpecSchema } from '../../../shared/job-spec';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

const ROWS = 12_000;
/** 4,000 WCU and 3,000 RCU: ceil(3000/3000 + 4000/1000) = 5 partitions of 1,000 WCU/s each. */
const TABLE = { wcu: 4_000, rcu: 3_000 };

describe('spreading a sorted input across partitions', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let engine: Engine;
  let sortedFile: string;
  let shuffledFile: string;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-spread-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
    // The sorted input is what an export or a plain Scan gives: items grouped by partition.
    const client = localClient(sandbox.url);
    await createTable(client, { tableName: 'origin', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    for (let start = 0; start < ROWS; start += 25) {
      const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `id-${start + i}` } } } }));
      let pending = items;
      while (pending.length) {
        const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { origin: pending } }));
        pending = (answer.UnprocessedItems?.origin ?? []) as typeof items;
      }
    }
    const scanOrder = (await scanAll(client, 'origin')).map((item) => item.pk!.S!);
    expect(scanOrder).toHaveLength(ROWS);
    sortedFile = join(dir, 'sorted.csv');
    await writeFile(sortedFile, `id,payload\n${scanOrder.map((id) => `${id},${'p'.repeat(100)}`).join('\n')}\n`);
    const shuffled = [...scanOrder];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    shuffledFile = join(dir, 'shuffled.csv');
    await writeFile(shuffledFile, `id,payload\n${shuffled.map((id) => `${id},${'p'.repeat(100)}`).join('\n')}\n`);
  });

  afterAll(async () => {
    await engine?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function load(table: string, file: string, spread: boolean): Promise<JobReport> {
    await createTable(localClient(sandbox.url), { tableName: table, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', ...TABLE } });
    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table,
      source: { path: file, spread }, mapping: { templates: [{ attribute: 'pk', template: '{id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: TABLE.wcu },
    }));
    const report = (await engine.jobs.waitForEnd(job.id))!;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, pending: 0 });
    return report;
  }

  const rate = (r: JobReport) => r.totals.consumedWcu / r.times.durationSeconds!;
  const hotPartition = (r: JobReport) => r.throttles.byReason.TableWriteKeyRangeThroughputExceeded ?? 0;

  it('loads a sorted input about as fast as a shuffled one, throttled far less than without spreading', async () => {
    const shuffledSpread = await load('shuffled_spread', shuffledFile, true);
    const sortedSpread = await load('sorted_spread', sortedFile, true);
    const sortedPlain = await load('sorted_plain', sortedFile, false);
    console.log(`WCU/s: shuffled+spread ${rate(shuffledSpread).toFixed(0)}, sorted+spread ${rate(sortedSpread).toFixed(0)}, sorted without spreading ${rate(sortedPlain).toFixed(0)}; throttled items: ${shuffledSpread.totals.throttled}, ${sortedSpread.totals.throttled}, ${sortedPlain.totals.throttled}; hot-partition exceptions: ${hotPartition(shuffledSpread)}, ${hotPartition(sortedSpread)}, ${hotPartition(sortedPlain)}`);
    // Without spreading, every batch lands on one partition at a time, which pushes back
    // (as a hot-partition exception, or as unprocessed items of a batch: either way throttled).
    expect(sortedPlain.totals.throttled).toBeGreaterThan(0);
    // What spreading changes, whatever the machine's speed: the sorted load no longer piles onto
    // one partition, so it is throttled like the shuffled one (measured 0 items), not like the
    // plain sorted load (881 and 968 items in two runs).
    expect(sortedSpread.totals.throttled * 10).toBeLessThanOrEqual(sortedPlain.totals.throttled);
    // Rates over 3 s loads depend on the machine: quiet, 4,124 / 4,062 / 1,479 WCU/s (shuffled,
    // sorted+spread, plain); at load 10 on two cores, 2,001 / 2,159 / 1,432 and 2,936 / 2,417 /
    // 1,413 (0.82 of shuffled: the former bound was 0.8, and plain under 0.7 of sorted+spread
    // read 0.66), since the spread loads are CPU-bound there and the plain one partition-bound.
    // Without spreading the sorted load would read about 0.36 of the shuffled rate, quiet.
    expect(rate(sortedSpread)).toBeGreaterThanOrEqual(0.6 * rate(shuffledSpread));
    expect(rate(sortedPlain)).toBeLessThan(0.9 * rate(sortedSpread));
  });
});
