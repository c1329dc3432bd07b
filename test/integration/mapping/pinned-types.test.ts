import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { validateSample } from '../../../electron/engine/mapping/validate-sample';
import { previewSource } from '../../../electron/engine/source/preview-source';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { buildLoadSpec } from '../../../renderer/src/components/wizard/build-load-spec';
import { checkSampleRows } from '../../../renderer/src/components/wizard/sample-item';
import type { TableSummary } from '../../../shared/contract';
import type { RejectLine } from '../../../shared/job-report';
import { loadJobSpecSchema } from '../../../shared/job-spec';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { scanAll } from '../../support/table-reader';

/**
 * The wizard's preview, the engine's sample check and the job agree on column types: a
 * file whose first 20 rows look numeric and whose row 150 does not. The wizard pins the
 * types its preview showed into the spec; the sample check and the job use exactly them.
 * (Before, the preview guessed from 20 rows, the check and the job from 200: the preview
 * said N, the job stored row 150 as text.)
 */
describe('one set of column types from the preview to the job', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-pinned-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a column numeric in the first 20 rows is N everywhere, and row 150 is rejected the same way by the check and the job', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'pinned', partitionKey: { name: 'id', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const rows = Array.from({ length: 200 }, (_, i) => `r${i + 1},${i === 149 ? 'n/a' : `${i + 1}.25`},note ${i + 1}`);
    const file = join(dir, 'amounts.csv');
    await writeFile(file, `id,amount,note\n${rows.join('\n')}\n`);

    // The wizard: preview 20 rows, pin what it shows.
    const preview = await previewSource(file, 'csv', 20);
    expect(preview.columns.find((c) => c.name === 'amount')?.inferredType).toBe('N');
    const table: TableSummary = {
      name: 'pinned', status: 'ACTIVE', billingMode: 'PAY_PER_REQUEST', readCapacityUnits: null, writeCapacityUnits: null,
      itemCount: 0, sizeBytes: 0, keySchema: [{ name: 'id', type: 'S', role: 'HASH' }], globalSecondaryIndexes: [],
    };
    const input = buildLoadSpec({
      name: '', connection: { kind: 'sandbox' }, table, path: file, format: 'csv', spread: false, templates: {},
      previewColumns: preview.columns, columns: { types: {}, dropped: [] }, rateWcuPerSecond: 1_000,
      maxWcuPerSecond: null, maxCostUsd: null, maxRejects: null,
    });
    expect(input.mapping?.columnTypes).toEqual({ amount: 'N', note: 'S' });
    const spec = loadJobSpecSchema.parse(input);

    // The wizard's own preview check, with the shared mapper: N in every previewed row.
    const local = checkSampleRows(preview, table, input.mapping);
    expect(local.mappingError).toBeNull();
    expect(local.results.map((r) => (r.ok ? r.item.amount : r.reason))).toEqual(Array.from({ length: 20 }, (_, i) => ({ N: `${i + 1}.25` })));

    // The engine's sample check over 200 rows: line 151 (row 150) is refused.
    const reason = 'column "amount" should be a number (N) but "n/a" is not a number';
    const checked = await validateSample(spec, engine.targetFor(spec.connection), 200);
    expect(checked.mappingError).toBeNull();
    expect(checked.rows.filter((r) => !r.ok)).toEqual([{ line: 151, ok: false, key: null, reason, sizeBytes: null, wcu: null }]);

    // The job: the same reject, and every stored amount is a number.
    const job = await engine.jobs.start(spec);
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ read: 200, written: 199, rejected: 1, balanced: true });
    const rejects = (await readFile(report!.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([[151, reason]]);
    const items = await scanAll(client, 'pinned');
    expect(items).toHaveLength(199);
    expect(items.every((item) => item.amount?.N !== undefined && item.amount.S === undefined)).toBe(true);
  });
});
