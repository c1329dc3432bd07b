import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { jobSpecSchema } from '../../../shared/job-spec';
import { WORKER_SCRIPTS } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

const ROWS = 20_000;

/**
 * Records a failed run never read still belong to its accounting: its report names them,
 * history offers the resume, and the resumed run's report covers the whole input.
 */
describe('records never read stay in the accounting', () => {
  let dir: string;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-unread-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a load that fails part-way reports what it did not read, is resumable, and its resume accounts for every record', async () => {
    await createTable(localClient(sandbox.url), { tableName: 'unread', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'customers.csv');
    await writeCustomerSample({ rows: ROWS, out: file });
    // The real sender worker, which dies after its 20th batch: the job fails with most of its input unread.
    const dying = join(dir, 'dying-load-worker.mjs');
    await writeFile(dying, `import { parentPort } from 'node:worker_threads';\nlet batches = 0;\nparentPort.on('message', () => { if (++batches > 20) process.exit(3); });\nawait import(${JSON.stringify(WORKER_SCRIPTS['load-worker'])});\n`);
    const spec = jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'unread',
      source: { path: file, format: 'csv' }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: 2_000 }, options: { workers: 1, inFlightPerWorker: 2 },
    });
    const dataDir = join(dir, 'data');

    const first = await Engine.start({ dataDir, workerScripts: { ...WORKER_SCRIPTS, 'load-worker': dying }, sandbox: false });
    let jobId: string;
    try {
      jobId = (await first.jobs.start(spec)).id;
      const report = (await first.jobs.waitForEnd(jobId))!;
      expect(report.job.state).toBe('failed');
      const r = report.reconciliation;
      expect(r.read).toBeLessThan(ROWS);
      expect(r.workLeft).toBe(true);
      // Spreading loads this input in memory, so its count is known: every record not read is named.
      expect(r.notYetRead).toBe(ROWS - r.read);
      expect(r.statement).toMatch(new RegExp(`not yet read: ${(ROWS - r.read).toLocaleString('en-US')} records of ${ROWS.toLocaleString('en-US')}`));
    } finally {
      await first.close();
    }

    const second = await Engine.start({ dataDir, workerScripts: WORKER_SCRIPTS, sandbox: false });
    try {
      const stored = (await second.history.list(new Map())).find((run) => run.id === jobId);
      expect(stored?.state).toBe('failed');
      expect(stored?.resumable).toBe(true);
      await second.jobs.resume(jobId);
      const report = (await second.jobs.waitForEnd(jobId))!;
      expect(report.job.state).toBe('completed');
      expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, notYetRead: 0, workLeft: false });
      const onDisk = JSON.parse(await readFile(join(dataDir, 'jobs', jobId, 'report.json'), 'utf8')) as typeof report;
      expect(onDisk.reconciliation.read).toBe(ROWS);
      expect((await second.history.list(new Map())).find((run) => run.id === jobId)?.resumable).toBe(false);
    } finally {
      await second.close();
    }
    expect(await scanAll(localClient(sandbox.url), 'unread')).toHaveLength(ROWS);
  });
});
