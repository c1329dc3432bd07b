import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

/** `capstan run` of a spec saved in the app (connection: the app's sandbox): refused in words, then run with --endpoint. */
describe('capstan run --endpoint for a spec saved in the app', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let specFile: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'capstan-cli-run-'));
    await localClient(sandbox.url).send(new CreateTableCommand({
      TableName: 'saved', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
    const source = join(dir, 'rows.csv');
    await writeFile(source, ['id,name', ...Array.from({ length: 25 }, (_, i) => `${i},n${i}`)].join('\n') + '\n');
    specFile = join(dir, 'job.json');
    await writeFile(specFile, JSON.stringify({ kind: 'load', connection: { kind: 'sandbox' }, table: 'saved', source: { path: source }, mapping: { templates: [{ attribute: 'pk', template: '{id}' }] }, rate: { mode: 'fixed', wcuPerSecond: 500 } }));
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says how to run a sandbox spec without --endpoint/--sandbox', async () => {
    const { code, output } = await runCli(['run', specFile, '--data-dir', join(dir, 'data')]);
    expect(code).not.toBe(0);
    expect(output).toMatch(/names the app's built-in sandbox, which the CLI does not start: add --sandbox .* or --endpoint <url>/);
  }, 60_000);

  it('runs it against --endpoint to the exact end', async () => {
    const { code, output } = await runCli(['run', specFile, '--endpoint', sandbox.url, '--data-dir', join(dir, 'data')]);
    expect(output).toMatch(/read 25 = written 25 \+ rejected 0 \+ pending 0/);
    // The AWS SDK's Node-version notice (once per thread: main and every sender) is not printed.
    expect(output).not.toContain('NodeVersionSupportWarning');
    expect(code).toBe(0);
    expect(await scanAll(localClient(sandbox.url), 'saved')).toHaveLength(25);
  }, 60_000);
});
