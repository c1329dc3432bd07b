import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../electron/engine/s3/s3-client';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

const FILES = 3;
const PER_FILE = 700;
const EXPORT = 'AWSDynamoDB/01700000000000-abcdef12';

/** The files of a DynamoDB export to S3 (DYNAMODB_JSON), keyed by their path below the bucket. */
function exportFiles(): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const manifest: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: PER_FILE }, (_, i) => {
      const id = f * PER_FILE + i;
      return JSON.stringify({ Item: { pk: { S: `EXP#${id}` }, big: { N: `1234567890123456789${id}` }, tags: { SS: ['a', 'b'] } } });
    });
    const key = `${EXPORT}/data/file${f}abc.json.gz`;
    files[key] = gzipSync(`${lines.join('\n')}\n`);
    manifest.push(JSON.stringify({ itemCount: PER_FILE, md5Checksum: 'x', etag: 'y', dataFileS3Key: key }));
  }
  files[`${EXPORT}/manifest-files.json`] = `${manifest.join('\n')}\n`;
  files[`${EXPORT}/manifest-summary.json`] = JSON.stringify({ version: '2020-06-30', exportType: 'FULL_EXPORT', outputFormat: 'DYNAMODB_JSON', itemCount: FILES * PER_FILE, manifestFilesS3Key: `${EXPORT}/manifest-files.json` });
  return files;
}

describe('loading a DynamoDB export folder', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let s3: S3Client;
  const expected = Array.from({ length: FILES * PER_FILE }, (_, id) => `EXP#${id}`).sort();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-ddb-export-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    s3 = createS3Client({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
    for (const [key, body] of Object.entries(exportFiles())) {
      await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: key, Body: body }));
      await mkdir(join(dir, 'local', key, '..'), { recursive: true });
      await writeFile(join(dir, 'local', key), body);
    }
  });

  afterAll(async () => {
    s3?.destroy();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function load(table: string, source: string, format = 'ddb-json') {
    await createTable(localClient(sandbox.url), { tableName: table, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    return runCli(['load', '--endpoint', sandbox.url, '--table', table, '--source', source, '--format', format, '--rate', '20000', '--data-dir', join(dir, 'data')]);
  }

  async function tableItems(table: string) {
    return (await scanAll(localClient(sandbox.url), table)).sort((a, b) => (a.pk!.S! < b.pk!.S! ? -1 : 1));
  }

  it('loads every data file its manifest lists, from S3, with numbers exact', async () => {
    const { code, output } = await load('from-s3', `s3://exports/${EXPORT}/`);
    expect(code, output).toBe(0);
    const items = await tableItems('from-s3');
    expect(items.map((i) => i.pk!.S)).toEqual(expected);
    expect(items.find((i) => i.pk!.S === 'EXP#2099')?.big).toEqual({ N: '12345678901234567892099' });
  }, 300_000);

  it('loads the same export from a local folder', async () => {
    const { code, output } = await load('from-disk', join(dir, 'local', EXPORT));
    expect(code, output).toBe(0);
    expect((await tableItems('from-disk')).map((i) => i.pk!.S)).toEqual(expected);
  }, 300_000);

  it('says in words when an export is read as another format', async () => {
    const { code, output } = await load('wrong-format', `s3://exports/${EXPORT}/`, 'csv');
    expect(code).not.toBe(0);
    expect(output).toContain('is a DynamoDB export: load it with the format ddb-json');
  }, 300_000);
});
