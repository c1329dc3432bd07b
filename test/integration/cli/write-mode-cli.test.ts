import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

/**
 * `capstan load` into a table that already holds items: refused, in words, until
 * `--write-mode` says what happens to the items there; with insert-only the stored items
 * keep an attribute added outside the load and are reported as skipped.
 */
describe('capstan load --write-mode', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'capstan-cli-write-mode-'));
    file = join(dir, 'rows.csv');
    await writeFile(file, ['id,name', ...Array.from({ length: 40 }, (_, i) => `${i},new-${i}`)].join('\n') + '\n');
    const client = localClient(sandbox.url);
    for (const table of ['full', 'empty']) {
      await client.send(new CreateTableCommand({
        TableName: table, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
      }));
    }
    await client.send(new PutItemCommand({ TableName: 'full', Item: { pk: { S: '3' }, name: { S: 'old-3' } } }));
    await client.send(new UpdateItemCommand({ TableName: 'full', Key: { pk: { S: '3' } }, UpdateExpression: 'SET expires_at = :t', ExpressionAttributeValues: { ':t': { N: '1900000000' } } }));
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const load = (table: string, extra: string[]) =>
    runCli(['load', '--endpoint', sandbox.url, '--table', table, '--source', file, '--key', 'pk={id}', '--rate', '2000', '--data-dir', join(dir, 'data'), ...extra]);

  it('refuses a table that holds items without --write-mode, says why, and writes nothing', async () => {
    const { code, output } = await load('full', []);
    expect(code).not.toBe(0);
    expect(output).toMatch(/Table full already holds items/);
    expect(output).toMatch(/--write-mode replace\|insert-only\|merge/);
    expect(await scanAll(localClient(sandbox.url), 'full')).toHaveLength(1);
  }, 60_000);

  it('refuses a write mode it does not know', async () => {
    const { code, output } = await load('full', ['--write-mode', 'upsert']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/--write-mode must be one of replace, insert-only, merge/);
  }, 60_000);

  it('loads an empty table without asking', async () => {
    const { code, output } = await load('empty', []);
    expect(output).toMatch(/read 40 = written 40 \+ rejected 0 \+ pending 0/);
    expect(code).toBe(0);
  }, 60_000);

  it('with insert-only keeps the stored item as it was and reports it as skipped', async () => {
    const { code, output } = await load('full', ['--write-mode', 'insert-only']);
    expect(output).toMatch(/read 40 = written 39 \+ rejected 0 \+ skipped \(key already in the table\) 1 \+ pending 0/);
    expect(code).toBe(0);
    const items = await scanAll(localClient(sandbox.url), 'full');
    expect(items).toHaveLength(40);
    expect(items.find((i) => i.pk!.S === '3')).toEqual({ pk: { S: '3' }, name: { S: 'old-3' }, expires_at: { N: '1900000000' } });
  }, 60_000);
});
