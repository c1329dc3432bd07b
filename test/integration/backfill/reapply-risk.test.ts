import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { requireBuild, runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';
import { createFixtureTable, populate } from './backfill-fixtures';

const ITEMS = 300;

/**
 * A non-idempotent update (ADD to a number) without a guarding condition would be applied
 * twice to the items in flight at a crash. `capstan backfill` refuses it in words and
 * changes nothing; with --accept-reapply-risk it runs and the report records the risk.
 */
describe('backfill updates that a resume could apply twice', () => {
  let dir: string;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-reapply-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    await createFixtureTable(localClient(sandbox.url), 'counters', { wcu: 1_000, rcu: 1_000 });
    await populate(localClient(sandbox.url), 'counters', ITEMS);
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const args = (name: string, extra: string[] = []) => [
    'backfill', '--endpoint', sandbox.url, '--table', 'counters', '--op', 'update',
    '--update', 'ADD n :one', '--condition', 'attribute_exists(n)', '--value', ':one=1',
    '--confirm', 'counters', '--override-safety', '--segments', '4',
    '--report', join(dir, `${name}.json`), '--data-dir', join(dir, `${name}-data`), ...extra,
  ];
  const values = async () => (await scanAll(localClient(sandbox.url), 'counters')).map((item) => Number(item.n!.N)).sort((a, b) => a - b);

  it('refuses an unguarded ADD in words and changes no item', async () => {
    const before = await values();
    const { code, output } = await runCli(args('refused'));
    expect(code, output).not.toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'refused.json'), 'utf8')) as JobReport;
    expect(report.job.state).toBe('failed');
    expect(report.error?.name).toBe('InvalidOperation');
    expect(report.error?.message).toMatch(/^Refusing to start: the update is not idempotent: ADD n :one \(adds to a number each time it is applied\)/);
    expect(report.error?.message).toMatch(/--accept-reapply-risk/);
    expect(await values()).toEqual(before);
  }, 120_000);

  it('runs it when the operator accepts the risk, and the report records the risk and its bound', async () => {
    const before = await values();
    const { code, output } = await runCli(args('accepted', ['--accept-reapply-risk']));
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'accepted.json'), 'utf8')) as JobReport;
    expect(report.job.state).toBe('completed');
    expect(report.notes.some((n) => /^ACCEPTED RISK: the update is not idempotent \(ADD n :one.*in flight at the last checkpoint/.test(n)), JSON.stringify(report.notes)).toBe(true);
    expect(await values()).toEqual(before.map((n) => n + 1));
  }, 120_000);
});
