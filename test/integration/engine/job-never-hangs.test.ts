import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport, RejectLine } from '../../../shared/job-report';
import { startCli, WORKER_SCRIPTS } from '../../support/built-app';
import { Engine } from '../../../electron/engine/engine';
import { jobSpecSchema } from '../../../shared/job-spec';
import { localClient, scanAll } from '../../support/table-reader';

/**
 * The hang a new user met: a DynamoDB-JSON line whose value does not fit its type made the
 * mapper throw once the sender workers had started, and the load never returned. A record
 * that cannot be mapped is a rejected record; any other exception ends the job as failed.
 */
describe('a load never hangs on a record or an exception', () => {
  let dir: string;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-nohang-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const jobReport = async (dataDir: string): Promise<JobReport> => {
    const [id] = await readdir(join(dataDir, 'jobs'));
    return JSON.parse(await readFile(join(dataDir, 'jobs', id!, 'report.json'), 'utf8')) as JobReport;
  };

  it('rejects a DynamoDB-JSON record whose value does not fit its type, loads the rest, and exits', async () => {
    await createTable(localClient(sandbox.url), { tableName: 'typed', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'bad.json');
    await writeFile(file, ['{"Item":{"pk":{"S":"a"},"x":{"S":5}}}', '{"Item":{"pk":{"S":"b"},"x":{"S":"fine"}}}', '{"Item":{"pk":{"S":"c"},"n":{"N":"7"}}}'].join('\n') + '\n');
    const dataDir = join(dir, 'data-typed');
    const cli = startCli(['load', '--endpoint', sandbox.url, '--table', 'typed', '--source', file, '--format', 'ddb-json', '--data-dir', dataDir]);
    const code = await Promise.race([cli.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
    if (code === 'hung') cli.child.kill('SIGKILL');
    expect(code).not.toBe('hung');
    const report = await jobReport(dataDir);
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: 3, written: 2, rejected: 1, pending: 0 });
    const rejects = (await readFile(report.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 1, raw: '{"Item":{"pk":{"S":"a"},"x":{"S":5}}}' });
    // The mapper's own words (or, were it to throw, the executor's: the record cannot be mapped), never a hang.
    expect(rejects[0]!.reason).toMatch(/"x" S must be a string|cannot be mapped/);
    expect((await scanAll(localClient(sandbox.url), 'typed')).map((i) => i.pk!.S).sort()).toEqual(['b', 'c']);
  });

  it('fails within seconds, with its report and checkpoint, when a sender worker dies mid-load', async () => {
    await createTable(localClient(sandbox.url), { tableName: 'dying', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'rows.json');
    await writeFile(file, Array.from({ length: 2_000 }, (_, i) => `{"Item":{"pk":{"S":"k${i}"}}}`).join('\n') + '\n');
    // A sender worker that exits as soon as it is handed its first batch.
    const dyingWorker = join(dir, 'dying-worker.mjs');
    await writeFile(dyingWorker, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const engine = await Engine.start({ dataDir: join(dir, 'data-dying'), workerScripts: { ...WORKER_SCRIPTS, 'load-worker': dyingWorker }, sandbox: false });
    try {
      const spec = jobSpecSchema.parse({
        kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'dying',
        source: { path: file, format: 'ddb-json' }, rate: { mode: 'fixed', wcuPerSecond: 1_000 }, options: { workers: 2 },
      });
      const job = await engine.jobs.start(spec);
      const startedAt = Date.now();
      const report = await engine.jobs.waitForEnd(job.id);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(report?.job.state).toBe('failed');
      expect(report?.error?.message).toMatch(/sender worker/);
      const onDisk = JSON.parse(await readFile(join(dir, 'data-dying', 'jobs', job.id, 'report.json'), 'utf8')) as JobReport;
      expect(onDisk.job.state).toBe('failed');
      const checkpoint = JSON.parse(await readFile(join(dir, 'data-dying', 'jobs', job.id, 'checkpoint.json'), 'utf8')) as { totals: { written: number } };
      expect(checkpoint.totals.written).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
