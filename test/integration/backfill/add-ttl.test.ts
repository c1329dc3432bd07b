import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { JobReport } from '../../../shared/job-report';
import { consumedRcuOf } from '../../../shared/job-status';
import { requireBuild, runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';
import { addTtlSpec, createFixtureTable, fixtureItemsLackingTtl, populate, wrongTtls } from './backfill-fixtures';

const ITEMS = 200_000;

describe('add-ttl backfill on a 200,000-item table over many partitions', () => {
  let dir: string;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-backfill-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    const client = localClient(sandbox.url);
    // 12,000 WCU and 6,000 RCU: ceil(6000/3000 + 12000/1000) = 14 partitions.
    await createFixtureTable(client, 'events', { wcu: 12_000, rcu: 6_000 });
    await populate(client, 'events', ITEMS);
  }, 150_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets the right TTL on every item that lacked one and touches no other', async () => {
    expect(sandbox.admin.table('events')!.table.partitions.length).toBeGreaterThanOrEqual(8);
    // A saved spec run by `capstan run` (the job in its own process, as an operator runs it; exit 0 means all processed).
    const specFile = join(dir, 'add-ttl.json');
    await writeFile(specFile, JSON.stringify(jobSpecSchema.parse(addTtlSpec(sandbox.url, 'events'))));
    const reportFile = join(dir, 'report.json');
    const { code, output } = await runCli(['run', specFile, '--report', reportFile, '--data-dir', join(dir, 'data')]);
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as JobReport;
    expect(report.job.state).toBe('completed');

    const lacking = fixtureItemsLackingTtl(ITEMS);
    expect(report?.reconciliation).toMatchObject({ read: ITEMS, written: lacking, unchanged: ITEMS - lacking, skipped: 0, rejected: 0, pending: 0, balanced: true });

    const items = await scanAll(localClient(sandbox.url), 'events');
    expect(items).toHaveLength(ITEMS);
    expect(wrongTtls(items, 30).slice(0, 10)).toEqual([]);
    expect(consumedRcuOf(report!.totals)).toBeGreaterThan(0);
    expect(report!.series.length).toBeGreaterThan(0);
  }, 420_000);
});
