import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { runCli, startCli } from '../../support/built-app';
import { localClient, scanAll, waitFor } from '../../support/table-reader';

const ROWS = 40_000;
const OBJECTS = 8;

describe('capstan load from the sandbox S3', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let s3: S3Client;
  /** Keys of every record, and of the records in gzip objects only. */
  let allKeys: string[];
  let gzipKeys: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-s3-load-'));
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    s3 = new S3Client({ endpoint: sandbox.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
    const file = join(dir, 'customers.csv');
    await writeCustomerSample({ rows: ROWS, out: file });
    const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
    // A warehouse unload: the table split into chunks, half of them gzip, each with its header,
    // beside a _SUCCESS flag and a folder marker that are not data.
    await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
    const perObject = Math.ceil(lines.length / OBJECTS);
    allKeys = [];
    gzipKeys = [];
    for (let part = 0; part < OBJECTS; part++) {
      const rows = lines.slice(part * perObject, (part + 1) * perObject);
      const text = `${header}\n${rows.join('\n')}\n`;
      const gzip = part % 2 === 1;
      const keys = rows.map((line) => `CUST#${line.split(',')[0]}`);
      allKeys.push(...keys);
      if (gzip) gzipKeys.push(...keys);
      const name = `unload/part-${String(part).padStart(3, '0')}.csv${gzip ? '.gz' : ''}`;
      await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: name, Body: gzip ? gzipSync(text) : text }));
    }
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'unload/_SUCCESS', Body: '' }));
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'other/elsewhere.csv', Body: `${header}\n${lines[0]}\n` }));
    allKeys.sort();
    gzipKeys.sort();
  });

  afterAll(async () => {
    s3?.destroy();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const loadArgs = (table: string, source: string) => [
    'load', '--endpoint', sandbox.url, '--table', table, '--source', source,
    '--key', 'pk=CUST#{customer_id}', '--rate', '40000', '--data-dir', join(dir, 'data'),
  ];

  async function makeTable(name: string) {
    await createTable(localClient(sandbox.url), { tableName: name, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 40_000, rcu: 40_000 } });
  }

  async function tableKeys(name: string): Promise<string[]> {
    return (await scanAll(localClient(sandbox.url), name)).map((i) => i.pk!.S!).sort();
  }

  it('loads a prefix of mixed CSV and gzip objects so the table holds exactly their records', async () => {
    await makeTable('prefix');
    const reportPath = join(dir, 'prefix-report.json');
    const { code, output } = await runCli([...loadArgs('prefix', 's3://warehouse/unload/'), '--report', reportPath]);
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });
    expect(await tableKeys('prefix')).toEqual(allKeys);
  }, 300_000);

  it('loads only the objects a glob matches', async () => {
    await makeTable('glob');
    const { code, output } = await runCli(loadArgs('glob', 's3://warehouse/unload/*.csv.gz'));
    expect(code, output).toBe(0);
    expect(await tableKeys('glob')).toEqual(gzipKeys);
  }, 300_000);

  it('survives SIGKILL mid-object and, resumed, loses and repeats nothing', async () => {
    await makeTable('crashy');
    const first = startCli(loadArgs('crashy', 's3://warehouse/unload/'));
    const jobId = (await first.waitForLine(/Job (\S+)/))[1]!;
    const checkpointWritten = async (): Promise<number> => {
      try {
        return (JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'checkpoint.json'), 'utf8')) as { totals: { written: number } }).totals.written;
      } catch {
        return 0;
      }
    };
    await waitFor(async () => (await checkpointWritten()) >= ROWS * 0.3, 120_000, 'a third of the rows checkpointed', 100);
    first.child.kill('SIGKILL');
    await first.exited;
    const resumed = startCli(['load', '--resume', jobId, '--data-dir', join(dir, 'data')]);
    const code = await resumed.exited;
    expect(code, resumed.output.join('\n')).toBe(0);
    expect(await tableKeys('crashy')).toEqual(allKeys);
    const report = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });
  }, 400_000);

  it('says in words which bucket or prefix is wrong', async () => {
    await makeTable('wrong');
    const missingBucket = await runCli(loadArgs('wrong', 's3://no-such-bucket/unload/'));
    expect(missingBucket.code).not.toBe(0);
    expect(missingBucket.output).toMatch(/s3:\/\/no-such-bucket\/unload\/\S*: the bucket does not exist/);
    const empty = await runCli(loadArgs('wrong', 's3://warehouse/nothing-here/'));
    expect(empty.code).not.toBe(0);
    expect(empty.output).toContain('"s3://warehouse/nothing-here/" matches no objects');
  }, 200_000);
});
