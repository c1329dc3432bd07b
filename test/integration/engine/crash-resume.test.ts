import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { runCli, startCli } from '../../support/built-app';
import { localClient, scanAll, waitFor } from '../../support/table-reader';

const ROWS = 100_000;

describe('capstan load from the CLI against a sandbox', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let file: string;
  let expectedKeys: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-crash-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    file = join(dir, 'customers.csv');
    await writeCustomerSample({ rows: ROWS, out: file });
    expectedKeys = (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((l) => `CUST#${l.split(',')[0]}`).sort();
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const loadArgs = (table: string) => [
    'load', '--endpoint', sandbox.url, '--table', table, '--source', file,
    '--key', 'pk=CUST#{customer_id}', '--rate', '40000', '--data-dir', join(dir, 'data'),
  ];

  async function makeTable(name: string) {
    await createTable(localClient(sandbox.url), {
      tableName: name, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 40_000, rcu: 40_000 },
    });
  }

  /** Items written as of the job's last checkpoint (0 before the first). */
  async function checkpointWritten(jobId: string): Promise<number> {
    try {
      const checkpoint = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'checkpoint.json'), 'utf8')) as { totals: { written: number } };
      return checkpoint.totals.written;
    } catch {
      return 0;
    }
  }

  async function tableKeys(name: string): Promise<string[]> {
    return (await scanAll(localClient(sandbox.url), name)).map((i) => i.pk!.S!).sort();
  }

  it('loads a 100,000-row file so the table holds exactly its records, and exits 0', async () => {
    await makeTable('plain');
    const reportPath = join(dir, 'plain-report.json');
    const { code, output } = await runCli([...loadArgs('plain'), '--report', reportPath]);
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });
    expect(await tableKeys('plain')).toEqual(expectedKeys);
  });

  it('stops at a cost ceiling with its checkpoint when run headless, and says how to resume', async () => {
    await createTable(localClient(sandbox.url), { tableName: 'capped', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    // 100,000 items x 1 WRU x $0.625 per million = $0.0625 projected, over a $0.01 ceiling.
    const { code, output } = await runCli([...loadArgs('capped'), '--max-cost', '0.01']);
    expect(code).toBe(1);
    expect(output).toMatch(/ceiling/i);
    expect(output).toMatch(/resume with: capstan load --resume load-\S+ --max-cost/);
    expect(output).toMatch(/stopped: read [\d,]+ = written [\d,]+ \+ rejected 0 \+ pending [\d,]+/);
  });

  it('survives SIGKILL at random moments three times and, resumed each time, loses and repeats nothing', async () => {
    await makeTable('crashy');
    const first = startCli(loadArgs('crashy'));
    const jobId = (await first.waitForLine(/Job (\S+)/))[1]!;
    let current = first;
    for (let kill = 0; kill < 3; kill++) {
      // Let it write for a random while (past its first checkpoint), then kill it hard.
      const target = Math.floor(ROWS * (0.1 + 0.25 * kill) + Math.random() * ROWS * 0.1);
      await waitFor(async () => (await checkpointWritten(jobId)) >= target, 120_000, `${target} items checkpointed before kill ${kill + 1}`, 100);
      current.child.kill('SIGKILL');
      await current.exited;
      current = startCli(['load', '--resume', jobId, '--data-dir', join(dir, 'data')]);
      await current.waitForLine(/Job (\S+)/);
    }
    const code = await current.exited;
    expect(code, current.output.join('\n')).toBe(0);
    expect(await tableKeys('crashy')).toEqual(expectedKeys);
    const report = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });
  });
});
