import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { startCli } from '../../support/built-app';
import { localClient, scanAll, waitFor } from '../../support/table-reader';
import { createFixtureTable, fixtureItemsLackingTtl, populate, wrongTtls } from './backfill-fixtures';

const ITEMS = 200_000;

describe('add-ttl backfill from the CLI, killed with SIGKILL three times', () => {
  let dir: string;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-backfill-crash-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    const client = localClient(sandbox.url);
    await createFixtureTable(client, 'crashy', { wcu: 12_000, rcu: 6_000 });
    await populate(client, 'crashy', ITEMS);
  }, 150_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Items settled as of the job's last checkpoint (0 before the first). */
  async function checkpointRead(jobId: string): Promise<number> {
    try {
      const checkpoint = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'checkpoint.json'), 'utf8')) as { totals: { read: number } };
      return checkpoint.totals.read;
    } catch {
      return 0;
    }
  }

  it('resumed each time, sets every missing TTL once, touches nothing else, and its counts reconcile exactly', async () => {
    const args = [
      'backfill', '--endpoint', sandbox.url, '--table', 'crashy', '--op', 'add-ttl', '--from', 'created', '--days', '30',
      '--segments', '256', '--workers', '2', '--rate', '12000', '--read-rate', '20000', '--data-dir', join(dir, 'data'),
    ];
    let current = startCli(args);
    const jobId = (await current.waitForLine(/Job (\S+)/))[1]!;
    for (let kill = 0; kill < 3; kill++) {
      // Kill it hard at a random moment past a checkpoint: pages are in flight, writes half done.
      const target = Math.floor(ITEMS * (0.1 + 0.25 * kill) + Math.random() * ITEMS * 0.1);
      await waitFor(async () => (await checkpointRead(jobId)) >= target, 150_000, `${target} items settled before kill ${kill + 1}`, 100);
      current.child.kill('SIGKILL');
      await current.exited;
      current = startCli(['backfill', '--resume', jobId, '--data-dir', join(dir, 'data')]);
      await current.waitForLine(/Job (\S+)/);
    }
    const code = await current.exited;
    expect(code, current.output.join('\n')).toBe(0);

    const lacking = fixtureItemsLackingTtl(ITEMS);
    const report = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: lacking, unchanged: ITEMS - lacking, skipped: 0, rejected: 0, pending: 0, balanced: true });

    const items = await scanAll(localClient(sandbox.url), 'crashy');
    expect(items).toHaveLength(ITEMS);
    expect(wrongTtls(items, 30).slice(0, 10)).toEqual([]);
  }, 420_000);
});
