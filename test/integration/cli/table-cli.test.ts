import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient } from '../../support/table-reader';

/** `capstan table create|describe|delete` against a sandbox: the table the README's examples load into. */
describe('capstan table', () => {
  let sandbox: SandboxHandle;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'capstan-cli-table-'));
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => runCli(['table', ...args, '--endpoint', sandbox.url, '--data-dir', join(dir, 'data')]);

  it('creates a provisioned table with a sort key, describes it, and deletes it only with --confirm', async () => {
    const created = await cli(['create', 'orders', '--pk', 'pk', '--sk', 'created:N', '--wcu', '50', '--rcu', '10']);
    expect(created.output).toContain('Created orders (50 WCU, 10 RCU)');
    expect(created.code).toBe(0);

    const described = await cli(['describe', 'orders']);
    expect(described.code).toBe(0);
    const summary = JSON.parse(described.output.slice(described.output.indexOf('{'))) as { keySchema: unknown; billingMode: string; writeCapacityUnits: number };
    expect(summary).toMatchObject({ billingMode: 'PROVISIONED', writeCapacityUnits: 50, keySchema: [{ name: 'pk', type: 'S', role: 'HASH' }, { name: 'created', type: 'N', role: 'RANGE' }] });

    const refused = await cli(['delete', 'orders', '--confirm', 'other']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('give --confirm orders');
    expect((await localClient(sandbox.url).send(new ListTablesCommand({}))).TableNames).toContain('orders');

    const deleted = await cli(['delete', 'orders', '--confirm', 'orders']);
    expect(deleted.code).toBe(0);
    expect((await localClient(sandbox.url).send(new ListTablesCommand({}))).TableNames).not.toContain('orders');
  }, 90_000);

  it('refuses a bad key type in words', async () => {
    const { code, output } = await cli(['create', 'bad', '--pk', 'pk:X']);
    expect(code).not.toBe(0);
    expect(output).toContain('--pk takes NAME or NAME:S|N|B (got "pk:X")');
  }, 30_000);
});
