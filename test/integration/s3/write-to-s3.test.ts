import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../electron/engine/s3/s3-client';
import { createS3UploadStream } from '../../../electron/engine/s3/s3-upload-stream';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { runCli } from '../../support/built-app';
import { localClient } from '../../support/table-reader';
import { createOrdersTable, populate } from '../backfill/backfill-fixtures';

const ORDERS = 20_000;

describe('outputs written to the sandbox S3', () => {
  let sandbox: SandboxHandle;
  let s3: S3Client;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-s3-out-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    s3 = createS3Client({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
    const client = localClient(sandbox.url);
    await createOrdersTable(client, 'orders');
    // ~600 bytes a line: 20,000 lines are about 12 MB, more than one 8 MiB part.
    await populate(client, 'orders', ORDERS, (i) => ({ pk: { S: 'CUST#1' }, sk: { S: `2024-${String(1 + (i % 12)).padStart(2, '0')}-01#${String(i).padStart(6, '0')}` }, note: { S: `order ${i} ${'x'.repeat(500)}` } }));
  }, 180_000);

  afterAll(async () => {
    s3?.destroy();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('query-export writes s3://... as a multipart upload byte for byte what it writes to a file', async () => {
    const args = ['query-export', '--endpoint', sandbox.url, '--table', 'orders', '--pk-name', 'pk', '--pk-value', 'CUST#1', '--sk-name', 'sk', '--months', '2024-01..2024-12'];
    const local = await runCli([...args, '--out', join(dir, 'orders.jsonl')]);
    expect(local.code, local.output).toBe(0);
    const toS3 = await runCli([...args, '--out', 's3://exports/orders/2024.jsonl']);
    expect(toS3.code, toS3.output).toBe(0);
    const expected = await readFile(join(dir, 'orders.jsonl'));
    expect(expected.toString('utf8').trim().split('\n')).toHaveLength(ORDERS);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'orders/2024.jsonl' }));
    expect(head.ETag).toMatch(/-2"$/); // two parts: 8 MiB and the rest
    const got = await s3.send(new GetObjectCommand({ Bucket: 'exports', Key: 'orders/2024.jsonl' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(expected)).toBe(true);
  }, 300_000);

  it('backfill find --out s3://... writes every item once as a multipart upload, read back from the object', async () => {
    const reportFile = join(dir, 'find-report.json');
    const result = await runCli([
      'backfill', '--endpoint', sandbox.url, '--table', 'orders', '--op', 'find', '--out', 's3://exports/found/all.jsonl',
      '--read-rate', '40000', '--report', reportFile, '--data-dir', join(dir, 'find-data'),
    ]);
    expect(result.code, result.output).toBe(0);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as { reconciliation: { read: number; written: number }; notes: string[] };
    expect(report.reconciliation).toMatchObject({ read: ORDERS, written: ORDERS });
    expect(report.notes.some((n) => n.includes('(written to s3://exports/found/all.jsonl)'))).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'found/all.jsonl' }));
    expect(head.ETag).toMatch(/-2"$/); // about 12 MB: an 8 MiB part and the rest
    const got = await s3.send(new GetObjectCommand({ Bucket: 'exports', Key: 'found/all.jsonl' }));
    const items = (await got.Body!.transformToString()).trim().split('\n').map((line) => JSON.parse(line) as { pk: { S: string }; sk: { S: string }; note: { S: string } });
    expect(items).toHaveLength(ORDERS);
    expect(new Set(items.map((item) => item.sk.S)).size).toBe(ORDERS);
    for (const item of items) expect(item.note.S).toBe(`order ${Number(item.sk.S.slice(11))} ${'x'.repeat(500)}`);
  }, 300_000);

  it('query-export to a missing bucket fails in words naming the object', async () => {
    const result = await runCli(['query-export', '--endpoint', sandbox.url, '--table', 'orders', '--pk-name', 'pk', '--pk-value', 'CUST#1', '--out', 's3://no-bucket/x.jsonl']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('s3://no-bucket/x.jsonl: the bucket does not exist');
  });

  it('an upload stream destroyed midway leaves neither an object nor open parts', async () => {
    const stream = createS3UploadStream(s3, 's3://exports/cut.bin', { partBytes: 5 * 1024 * 1024 });
    stream.on('error', () => undefined);
    for (let i = 0; i < 12; i++) await new Promise<void>((resolve, reject) => stream.write(Buffer.alloc(1024 * 1024, i), (error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy(new Error('the export was stopped'));
    });
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'exports' }));
    expect(uploads.Uploads ?? []).toEqual([]);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'cut.bin' }))).rejects.toThrow();
  });
});
