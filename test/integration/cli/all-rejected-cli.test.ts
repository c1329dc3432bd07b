import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

/** A load whose every record is rejected ran to its end, but it is not a success: the CLI exits non-zero and says why. */
describe('capstan load where every record is rejected', () => {
  let sandbox: SandboxHandle;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'capstan-cli-rejected-'));
    await localClient(sandbox.url).send(new CreateTableCommand({
      TableName: 'target', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with the count, and nothing is written', async () => {
    const file = join(dir, 'rows.csv');
    await writeFile(file, ['id,name', ...Array.from({ length: 30 }, (_, i) => `${i},n${i}`)].join('\n') + '\n');
    const { code, output } = await runCli(['load', '--endpoint', sandbox.url, '--table', 'target', '--source', file, '--key', 'pk={no_such_column}', '--data-dir', join(dir, 'data')]);
    expect(output).toMatch(/read 30 = written 0 \+ rejected 30 \+ pending 0/);
    expect(output).toContain('Nothing was written: every record read (30) was rejected');
    expect(code).toBe(1);
    expect(await scanAll(localClient(sandbox.url), 'target')).toHaveLength(0);
  }, 60_000);
});
