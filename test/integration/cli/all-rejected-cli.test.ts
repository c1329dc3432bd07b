import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

/**
 * A load whose first rows would all be rejected is refused before it starts, in words,
 * unless the operator says --start-without-valid-sample; run anyway, it is not a success:
 * the CLI exits non-zero and says why.
 */
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

  const jobsIn = async (data: string) => (await readdir(join(data, 'jobs')).catch(() => [] as string[])).length;

  it('refuses to start when no row of the sample is valid, says why and how to start anyway, and starts no job', async () => {
    const file = join(dir, 'refused.csv');
    await writeFile(file, ['id,name', ...Array.from({ length: 30 }, (_, i) => `${i},n${i}`)].join('\n') + '\n');
    const data = join(dir, 'refused-data');
    const { code, output } = await runCli(['load', '--endpoint', sandbox.url, '--table', 'target', '--source', file, '--key', 'pk={no_such_column}', '--data-dir', data]);
    expect(output).toContain(`Not started: none of the first 30 rows of ${file} would be written`);
    expect(output).toContain('no_such_column');
    expect(output).toContain('give --start-without-valid-sample to start anyway');
    expect(code).toBe(2);
    expect(await jobsIn(data)).toBe(0);
    expect(await scanAll(localClient(sandbox.url), 'target')).toHaveLength(0);
  }, 60_000);

  it('refuses a fleet load the same way, before it reaches the queue', async () => {
    const file = join(dir, 'refused.csv');
    const data = join(dir, 'fleet-refused-data');
    // Nothing listens on port 1: the refusal has to come before any connection to the queue.
    const { code, output } = await runCli(['load', '--fleet', 'redis://127.0.0.1:1', '--endpoint', sandbox.url, '--table', 'target', '--source', file, '--key', 'pk={no_such_column}', '--data-dir', data]);
    expect(output).toContain(`Not started: none of the first 30 rows of ${file} would be written`);
    expect(code).toBe(2);
    expect(await jobsIn(data)).toBe(0);
  }, 60_000);

  it('a sample with one valid row starts as before', async () => {
    const file = join(dir, 'one-good.csv');
    await writeFile(file, ['id,name', ...Array.from({ length: 30 }, (_, i) => (i === 17 ? `${i},n${i}` : `,n${i}`))].join('\n') + '\n');
    const { code, output } = await runCli(['load', '--endpoint', sandbox.url, '--table', 'target', '--source', file, '--key', 'pk={id}', '--data-dir', join(dir, 'one-good-data')]);
    expect(output).toMatch(/read 30 = written 1 \+ rejected 29 \+ pending 0/);
    expect(code).toBe(0);
    expect(await scanAll(localClient(sandbox.url), 'target')).toHaveLength(1);
    await rm(join(dir, 'one-good-data'), { recursive: true, force: true });
  }, 60_000);

  it('with --start-without-valid-sample it runs, exits 1 with the count, and nothing is written', async () => {
    const file = join(dir, 'rows.csv');
    await writeFile(file, ['id,name', ...Array.from({ length: 30 }, (_, i) => `${i},n${i}`)].join('\n') + '\n');
    const before = (await scanAll(localClient(sandbox.url), 'target')).length;
    const { code, output } = await runCli(['load', '--endpoint', sandbox.url, '--table', 'target', '--source', file, '--key', 'pk={no_such_column}', '--start-without-valid-sample', '--write-mode', 'insert-only', '--data-dir', join(dir, 'data')]);
    expect(output).toMatch(/read 30 = written 0 \+ rejected 30 \+ pending 0/);
    expect(output).toContain('Nothing was written: every record read (30) was rejected');
    expect(code).toBe(1);
    expect(await scanAll(localClient(sandbox.url), 'target')).toHaveLength(before);
  }, 60_000);
});
