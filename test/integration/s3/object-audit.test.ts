import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveFinishedObjects } from '../../../electron/engine/s3/move-finished-objects';
import { createS3Client } from '../../../electron/engine/s3/s3-client';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport, ObjectAuditLine } from '../../../shared/job-report';
import { loadSourceSchema } from '../../../shared/job-spec';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${from + i},name ${from + i}`);
const csv = (lines: string[]) => `customer_id,name\n${lines.join('\n')}\n`;

describe('per-object audit and done/failed prefixes for an S3 load', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let s3: S3Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-s3-audit-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    s3 = createS3Client({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'audit' }));
    const truncated = gzipSync(csv(rows(3000, 2000)));
    const objects: Record<string, string | Buffer> = {
      'in/a.csv': csv(rows(1000, 500)),
      'in/b.csv.gz': gzipSync(csv(rows(2000, 500))),
      // A gzip object cut short: the rows before the cut load, the object fails.
      'in/c.csv.gz': truncated.subarray(0, Math.floor(truncated.length / 2)),
      // One row with a quote never closed: rejected, the object is still done.
      'in/d.csv': `${csv(rows(5000, 300))}5300,"never closed\n`,
    };
    for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: 'audit', Key: key, Body: body }));
    await createTable(localClient(sandbox.url), { tableName: 'audited', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
  });

  afterAll(async () => {
    s3?.destroy();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function keysUnder(prefix: string): Promise<string[]> {
    return ((await s3.send(new ListObjectsV2Command({ Bucket: 'audit', Prefix: prefix }))).Contents ?? []).map((c) => c.Key!);
  }

  it('reports each object, goes on past a damaged one, and moves done and failed objects as asked', async () => {
    const reportPath = join(dir, 'report.json');
    const { output } = await runCli([
      'load', '--endpoint', sandbox.url, '--table', 'audited', '--source', 's3://audit/in/', '--key', 'pk=CUST#{customer_id}',
      '--rate', '20000', '--data-dir', join(dir, 'data'), '--report', reportPath,
      '--done-prefix', 's3://audit/done/', '--failed-prefix', 's3://audit/failed/', '--delete-originals',
    ]);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.job.state, output).toBe('completed');
    const byName = new Map((report.objects ?? []).map((line) => [line.name, line]));
    expect([...byName.keys()]).toEqual(['s3://audit/in/a.csv', 's3://audit/in/b.csv.gz', 's3://audit/in/c.csv.gz', 's3://audit/in/d.csv']);
    expect(byName.get('s3://audit/in/a.csv')).toMatchObject({ records: 500, written: 500, rejected: 0, state: 'done', movedTo: 's3://audit/done/a.csv', moveError: null });
    expect(byName.get('s3://audit/in/b.csv.gz')).toMatchObject({ records: 500, written: 500, rejected: 0, state: 'done', movedTo: 's3://audit/done/b.csv.gz' });
    expect(byName.get('s3://audit/in/d.csv')).toMatchObject({ records: 301, written: 300, rejected: 1, state: 'done', movedTo: 's3://audit/done/d.csv' });
    const damaged = byName.get('s3://audit/in/c.csv.gz')!;
    expect(damaged).toMatchObject({ rejected: 1, state: 'failed', movedTo: 's3://audit/failed/c.csv.gz' });
    expect(damaged.reason).toMatch(/gzip data is damaged/);
    expect(damaged.written).toBe(damaged.records! - 1);
    expect(damaged.written).toBeGreaterThan(0);
    // The table holds what the audit says was written, and the job went on past the damaged object.
    const keys = (await scanAll(localClient(sandbox.url), 'audited')).map((item) => item.pk!.S!);
    expect(keys).toHaveLength(500 + 500 + 300 + damaged.written);
    expect(report.reconciliation).toMatchObject({ read: 500 + 500 + 301 + damaged.records!, written: keys.length, rejected: 2, pending: 0 });
    expect(await keysUnder('in/')).toEqual([]);
    expect(await keysUnder('done/')).toEqual(['done/a.csv', 'done/b.csv.gz', 'done/d.csv']);
    expect(await keysUnder('failed/')).toEqual(['failed/c.csv.gz']);
  }, 300_000);
  it('moves again without errors after a move that deleted some originals and then died', async () => {
    for (const key of ['again/x.csv', 'again/y.csv', 'again/z.csv']) await s3.send(new PutObjectCommand({ Bucket: 'audit', Key: key, Body: csv(rows(1, 2)) }));
    const source = loadSourceSchema.parse({ path: 's3://audit/again/', afterLoad: { donePrefix: 's3://audit/moved/', failedPrefix: 's3://audit/moved-failed/', deleteOriginals: true } });
    const line = (name: string, state: ObjectAuditLine['state']): ObjectAuditLine => ({ name, sizeBytes: 1, records: 2, written: 2, rejected: 0, state, reason: null, movedTo: null, moveError: null });
    const lines = [line('s3://audit/again/x.csv', 'done'), line('s3://audit/again/y.csv', 'done'), line('s3://audit/again/z.csv', 'failed')];
    // The first attempt moved x only, then died.
    await moveFinishedObjects(s3, source, lines.slice(0, 1));
    expect(await keysUnder('again/')).toEqual(['again/y.csv', 'again/z.csv']);
    const second = await moveFinishedObjects(s3, source, lines);
    expect(second.map((l) => [l.movedTo, l.moveError])).toEqual([
      ['s3://audit/moved/x.csv', null],
      ['s3://audit/moved/y.csv', null],
      ['s3://audit/moved-failed/z.csv', null],
    ]);
    expect(await keysUnder('again/')).toEqual([]);
    // An object that is neither at its key nor moved is still an error in words.
    const lost = await moveFinishedObjects(s3, source, [line('s3://audit/again/never.csv', 'done')]);
    expect(lost[0]!.movedTo).toBeNull();
    expect(lost[0]!.moveError).toMatch(/Copying s3:\/\/audit\/again\/never\.csv to s3:\/\/audit\/moved\/never\.csv/);
  }, 60_000);
});
