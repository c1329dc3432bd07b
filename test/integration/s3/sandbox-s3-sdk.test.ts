import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';

const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

function s3For(sandbox: SandboxHandle): S3Client {
  return new S3Client({ endpoint: sandbox.url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/** Sends a raw HTTP request (the kind no SDK would send) and returns status and body. */
function raw(sandbox: SandboxHandle, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the sandbox S3 face with the AWS SDK, unmodified', () => {
  let sandbox: SandboxHandle;
  let s3: S3Client;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    s3 = s3For(sandbox);
  });
  afterAll(async () => {
    s3.destroy();
    await sandbox.close();
  });

  it('creates, finds, lists and deletes buckets, with S3 error names', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'alpha' }));
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toContain('alpha');
    expect(await errorName(s3.send(new CreateBucketCommand({ Bucket: 'alpha' })))).toBe('BucketAlreadyOwnedByYou');
    expect(await errorName(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toBe('InvalidBucketName');
    expect(await errorName(s3.send(new HeadBucketCommand({ Bucket: 'nowhere' })))).toBe('NotFound');
    expect(await errorName(s3.send(new ListObjectsV2Command({ Bucket: 'nowhere' })))).toBe('NoSuchBucket');
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'x', Body: 'x' }));
    expect(await errorName(s3.send(new DeleteBucketCommand({ Bucket: 'alpha' })))).toBe('BucketNotEmpty');
    await s3.send(new DeleteObjectCommand({ Bucket: 'alpha', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'alpha' }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name) ?? []).not.toContain('alpha');
  });

  it('puts, heads and gets objects whole and by range', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'objects' }));
    const text = 'id,name\n1,Ada\n2,Grace\n';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv', Body: text, ContentType: 'text/csv', Metadata: { origin: 'unload' } }));
    expect(put.ETag).toBe(`"${md5(Buffer.from(text))}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv' }));
    expect([head.ContentLength, head.ContentType, head.ETag, head.Metadata]).toEqual([text.length, 'text/csv', put.ETag, { origin: 'unload' }]);
    const whole = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv' }));
    expect(await whole.Body?.transformToString()).toBe(text);
    const middle = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv', Range: 'bytes=8-12' }));
    expect([await middle.Body?.transformToString(), middle.ContentRange, middle.ContentLength]).toEqual(['1,Ada', `bytes 8-12/${text.length}`, 5]);
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv', Range: 'bytes=-6' }));
    expect(await tail.Body?.transformToString()).toBe('Grace\n');
    expect(await errorName(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv', Range: `bytes=${text.length}-` })))).toBe('InvalidRange');
    expect(await errorName(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'missing' })))).toBe('NoSuchKey');
    expect(await errorName(s3.send(new HeadObjectCommand({ Bucket: 'objects', Key: 'missing' })))).toBe('NotFound');
    expect(await errorName(s3.send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/a b+c.csv', IfMatch: '"0000"' })))).toBe('PreconditionFailed');
  });

  it('stores a streamed body of unknown length (aws-chunked) byte for byte', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'streams' }));
    const parts = [randomBytes(70_000), randomBytes(3), randomBytes(200_000)];
    await s3.send(new PutObjectCommand({ Bucket: 'streams', Key: 'streamed.bin', Body: Readable.from(parts), ContentLength: 270_003 }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'streams', Key: 'streamed.bin' }));
    expect(md5(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()))).toBe(md5(Buffer.concat(parts)));
  });

  it('lists with prefix, delimiter, max-keys and continuation tokens', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = [...Array.from({ length: 23 }, (_, i) => `unload/part-${String(i).padStart(3, '0')}.csv`), 'unload/sub/a.csv', 'unload/sub/b.csv', 'unload/zeta/c.csv', 'other/x.csv'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'unload/', MaxKeys: 10, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      token = page.NextContinuationToken;
      pages++;
      expect(page.KeyCount).toBe((page.Contents ?? []).length);
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys.filter((k) => k.startsWith('unload/')).sort());
    const folders = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'unload/', Delimiter: '/', MaxKeys: 24 }));
    expect(folders.Contents).toHaveLength(23);
    expect([folders.CommonPrefixes?.map((p) => p.Prefix), folders.IsTruncated]).toEqual([['unload/sub/'], true]);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'unload/', Delimiter: '/', ContinuationToken: folders.NextContinuationToken }));
    expect([rest.Contents ?? [], rest.CommonPrefixes?.map((p) => p.Prefix), rest.IsTruncated]).toEqual([[], ['unload/zeta/'], false]);
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['other/', 'unload/']);
  });

  it('copies objects and deletes many at once', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'copies' }));
    await s3.send(new PutObjectCommand({ Bucket: 'copies', Key: 'in/one.csv', Body: 'one', Metadata: { kept: 'yes' } }));
    await s3.send(new CopyObjectCommand({ Bucket: 'copies', Key: 'done/one.csv', CopySource: 'copies/in/one.csv' }));
    const copy = await s3.send(new GetObjectCommand({ Bucket: 'copies', Key: 'done/one.csv' }));
    expect([await copy.Body?.transformToString(), copy.Metadata]).toEqual(['one', { kept: 'yes' }]);
    expect(await errorName(s3.send(new CopyObjectCommand({ Bucket: 'copies', Key: 'x', CopySource: 'copies/in/none.csv' })))).toBe('NoSuchKey');
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'copies', Delete: { Objects: [{ Key: 'in/one.csv' }, { Key: 'done/one.csv' }, { Key: 'never-there' }] } }));
    expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(['done/one.csv', 'in/one.csv', 'never-there']);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'copies' }))).KeyCount).toBe(0);
  });

  it('assembles a multipart upload, and refuses small middle parts and unknown uploads', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'multi' }));
    const first = randomBytes(5 * 1024 * 1024);
    const second = randomBytes(1234);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'big.bin' }));
    const one = await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'big.bin', UploadId, PartNumber: 1, Body: first }));
    const two = await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'big.bin', UploadId, PartNumber: 2, Body: second }));
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'multi', Key: 'big.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, first.length], [2, second.length]]);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'multi', Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }));
    expect(done.ETag).toMatch(/-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'multi', Key: 'big.bin' }));
    expect(md5(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()))).toBe(md5(Buffer.concat([first, second])));

    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'small.bin' }));
    const a = await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 1, Body: 'tiny' }));
    const b = await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'small.bin', UploadId: small.UploadId, PartNumber: 2, Body: 'tiny' }));
    const complete = new CompleteMultipartUploadCommand({ Bucket: 'multi', Key: 'small.bin', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }] } });
    expect(await errorName(s3.send(complete))).toBe('EntityTooSmall');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'multi', Key: 'small.bin', UploadId: small.UploadId }));
    expect(await errorName(s3.send(new ListPartsCommand({ Bucket: 'multi', Key: 'small.bin', UploadId: small.UploadId })))).toBe('NoSuchUpload');
  });

  it('answers malformed requests with errors and keeps serving S3 and DynamoDB', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'hostile' }));
    const badFraming = await raw(sandbox, 'PUT', '/hostile/x', { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked' }, 'zz\r\nnot hex\r\n');
    expect([badFraming.status, badFraming.body]).toEqual([400, expect.stringContaining('<Code>IncompleteBody</Code>')]);
    expect((await raw(sandbox, 'GET', '/hostile/%E0%A4%A', {})).body).toContain('<Code>InvalidURI</Code>');
    expect((await raw(sandbox, 'POST', '/hostile?delete', {}, '<Delete><Object>')).body).toContain('<Code>MalformedXML</Code>');
    expect((await raw(sandbox, 'PUT', '/hostile/x', { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, 'abc')).body).toContain('<Code>BadDigest</Code>');
    expect((await raw(sandbox, 'GET', '/hostile?list-type=2&max-keys=lots', {})).body).toContain('<Code>InvalidArgument</Code>');
    expect((await raw(sandbox, 'GET', '/hostile?list-type=2&continuation-token=%FF%FE', {})).body).toContain('<Code>InvalidArgument</Code>');
    expect((await raw(sandbox, 'PUT', '/hostile/y?partNumber=0&uploadId=nope', {}, 'abc')).body).toContain('<Code>InvalidArgument</Code>');
    // A client that hangs up in the middle of an upload leaves no object behind.
    await new Promise<void>((resolve) => {
      const req = request(`${sandbox.url}/hostile/cut`, { method: 'PUT', headers: { 'content-length': '1000000' } });
      req.on('error', () => resolve());
      req.write(randomBytes(1000), () => {
        req.destroy();
        resolve();
      });
    });
    expect(await errorName(s3.send(new HeadObjectCommand({ Bucket: 'hostile', Key: 'cut' })))).toBe('NotFound');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'hostile' }))).KeyCount).toBe(0);
    const dynamo = new DynamoDBClient({ endpoint: sandbox.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    dynamo.destroy();
  });
});

describe('the sandbox S3 face keeps objects', () => {
  it('on disk under the data folder across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'capstan-s3-data-'));
    try {
      const first = await startSandbox({ tableStatusDelayMs: 0, dataDir });
      const s3 = s3For(first);
      await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
      await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a/one.txt', Body: 'first' }));
      await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a/one.txt', Body: 'second' }));
      s3.destroy();
      await first.close();
      expect(await readdir(join(dataDir, 's3', 'blobs'))).toHaveLength(1);
      const second = await startSandbox({ tableStatusDelayMs: 0, dataDir });
      const again = s3For(second);
      const got = await again.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a/one.txt' }));
      expect(await got.Body?.transformToString()).toBe('second');
      again.destroy();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
