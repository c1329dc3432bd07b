import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import type { SandboxHandle } from '../../../electron/sandbox/server';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { RejectLine } from '../../../shared/job-report';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { localClient, scanAll } from '../../support/table-reader';

describe('the load engine under faults and bad input', () => {
  let fixture: SandboxEngine;
  let dir: string;
  let sandbox: SandboxHandle;
  let engine: Engine;

  beforeAll(async () => {
    fixture = await startSandboxEngine('faults', { faults: { tables: { faulty: { errorRate: 0.05, dropRate: 0.02 } } } });
    ({ dir, sandbox, engine } = fixture);
  });

  afterAll(() => fixture?.close());

  const connection = () => fixture.connection();

  it('writes a 100,000-row file exactly through 5% server errors and 2% dropped connections', async () => {
    const client = localClient(sandbox.url);
    await createTable(client, { tableName: 'faulty', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 40_000, rcu: 40_000 } });
    const file = join(dir, 'faulty.csv');
    await writeCustomerSample({ rows: 100_000, out: file });
    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: connection(), table: 'faulty', source: { path: file },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: 40_000 },
    }));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.error).toBeNull();
    expect(report?.reconciliation).toMatchObject({ read: 100_000, written: 100_000, rejected: 0, pending: 0 });
    // The faults really happened and were retried, not ignored.
    expect(report!.totals.retried).toBeGreaterThan(100);
    const expected = (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((l) => `CUST#${l.split(',')[0]}`).sort();
    const keys = (await scanAll(client, 'faulty')).map((i) => i.pk!.S!).sort();
    expect(keys).toEqual(expected);
  });

  it('rejects every bad row with its reason, writes every good row, and the counts add up', async () => {
    const client = localClient(sandbox.url);
    await createTable(client, {
      tableName: 'messy', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'seq', type: 'N' },
      billing: { mode: 'PAY_PER_REQUEST' },
    });
    const good: string[] = [];
    const lines: Buffer[] = [Buffer.from('customer_id,seq,name\n')];
    for (let i = 0; i < 300; i++) {
      good.push(`c${i}`);
      lines.push(Buffer.from(`c${i},${i},name ${i}\n`));
    }
    const bad = [
      { text: ',5,missing key\n', reason: /customer_id/ },
      { text: `big,6,${'x'.repeat(450 * 1024)}\n`, reason: /400 KB|too large|size/i },
      { text: 'typed,abc,wrong key type\n', reason: /seq/ },
      { text: 'c7,7,duplicate of c7\n', reason: /duplicate key/ },
      { text: 'quoted,8,"never closed\n', reason: /quote/i },
    ];
    for (const b of bad) lines.push(Buffer.from(b.text));
    lines.push(Buffer.concat([Buffer.from('utf,9,bad '), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('\n')]));
    for (let i = 300; i < 320; i++) {
      good.push(`c${i}`);
      lines.push(Buffer.from(`c${i},${i},name ${i}\n`));
    }
    const file = join(dir, 'messy.csv');
    await writeFile(file, Buffer.concat(lines));

    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: connection(), table: 'messy', source: { path: file },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }, { attribute: 'seq', template: '{seq}', type: 'N' }] },
      rate: { mode: 'fixed', wcuPerSecond: 5_000 },
    }));
    const report = await engine.jobs.waitForEnd(job.id);
    const rejects = (await readFile(report!.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    const badCount = bad.length + 1;
    expect(report?.reconciliation).toMatchObject({ read: 320 + badCount, written: 320, rejected: badCount, pending: 0, balanced: true });
    expect(rejects).toHaveLength(badCount);
    for (const b of bad) {
      const hit = rejects.filter((r) => b.reason.test(r.reason));
      expect(hit.length, `a reject matching ${b.reason}: ${JSON.stringify(rejects.map((r) => r.reason))}`).toBeGreaterThanOrEqual(1);
    }
    expect(rejects.some((r) => /UTF-8/i.test(r.reason))).toBe(true);
    for (const r of rejects) expect(r.line).toBeGreaterThan(1);

    const items = await scanAll(client, 'messy');
    expect(items.map((i) => i.pk!.S!).sort()).toEqual(good.map((g) => `CUST#${g}`).sort());
    // Of the two c7 rows, the one in the table is the one not in the rejects file.
    const c7 = items.find((i) => i.pk!.S === 'CUST#c7')!;
    const rejectedC7 = rejects.find((r) => /duplicate key/.test(r.reason))!;
    expect(rejectedC7.raw).not.toContain(c7.name!.S!);
  });
});
