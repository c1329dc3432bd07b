import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { EngineEvent } from '../../../shared/contract';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { scanAll, waitFor } from '../../support/table-reader';

describe('load engine against the sandbox', () => {
  let dir: string;
  let engine: Engine;
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-engine-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
    engine.subscribe((e) => events.push(e));
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const spec = (table: string, path: string, wcuPerSecond: number) =>
    jobSpecSchema.parse({
      kind: 'load',
      connection: { kind: 'sandbox' },
      table,
      source: { path, format: 'csv' },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond },
      options: { workers: 2 },
    });

  it('writes exactly the file through worker threads and reconciles the counts', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'exact', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'exact.csv');
    await writeCustomerSample({ rows: 20_000, out: file });
    const job = await engine.jobs.start(spec('exact', file, 50_000));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.job.state).toBe('completed');
    expect(report?.reconciliation).toMatchObject({ read: 20_000, written: 20_000, rejected: 0, pending: 0, balanced: true });
    expect(report?.totals.consumedWcu).toBe(20_000);

    const ids = (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((l) => `CUST#${l.split(',')[0]}`);
    const items = await scanAll(client, 'exact');
    expect(items.map((i) => i.pk!.S).sort()).toEqual(ids.sort());
    expect(events.some((e) => e.kind === 'job.tick' && e.jobId === job.id)).toBe(true);
  });

  it('holds a pause: no item is written while paused, and the job completes after resume', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'paused', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'paused.csv');
    await writeCustomerSample({ rows: 6_000, out: file });
    const job = await engine.jobs.start(spec('paused', file, 2_000));
    const live = engine.jobs.get(job.id);
    await waitFor(() => live.snapshot().totals.written >= 1_000, 30_000, '1,000 items written');
    live.pause();
    // Requests already in flight may finish; after they settle nothing moves.
    await waitFor(() => live.snapshot().state === 'paused', 15_000, 'paused');
    let settled = -1;
    await waitFor(() => {
      const written = live.snapshot().totals.written;
      const same = written === settled;
      settled = written;
      return same;
    }, 5_000, 'in-flight requests to settle', 300);
    // The next tick may still count the settling requests; the ones after it must be empty.
    const ticksBefore = live.tickHistory().length + 1;
    await waitFor(() => live.tickHistory().length >= ticksBefore + 2, 15_000, 'two more ticks');
    expect(live.snapshot().totals.written).toBe(settled);
    expect(live.tickHistory().slice(ticksBefore).map((t) => t.written)).toEqual([0, 0]);
    expect(settled).toBeLessThan(6_000);
    live.resume();
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ read: 6_000, written: 6_000, pending: 0 });
  });

  it('pauses at a cost ceiling (not stops), and goes on when the ceiling is raised', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'costly', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'costly.csv');
    await writeCustomerSample({ rows: 6_000, out: file });
    // 6,000 items x 1 WRU x $0.625 per million = $0.00375 projected, over a $0.002 ceiling.
    const job = await engine.jobs.start(jobSpecSchema.parse({ ...spec('costly', file, 1_000), limits: { maxCostUsd: 0.002 } }));
    const live = engine.jobs.get(job.id);
    await waitFor(() => live.snapshot().state === 'paused', 20_000, 'the ceiling to pause the job');
    const paused = live.snapshot();
    expect(paused.pauseReason).toMatch(/ceiling/i);
    expect(paused.cost).toMatchObject({ billing: 'on-demand', ceilingUsd: 0.002 });
    expect(paused.cost!.projectedTotalUsd).toBeCloseTo(0.00375, 4);
    expect(paused.totals.written).toBeLessThan(6_000);
    live.setCostCeiling(0.01);
    live.resume();
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ written: 6_000, pending: 0 });
    expect(report?.cost?.spentUsd).toBeCloseTo(0.00375, 6);
  });

  it('follows its rate mode: outside its time window it waits, switched to fixed it runs', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'windowed', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'windowed.csv');
    await writeCustomerSample({ rows: 2_000, out: file });
    // A window twelve hours away (UTC): closed now.
    const hour = (new Date().getUTCHours() + 12) % 24;
    const at = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const windows = { mode: 'windows', timeZone: 'UTC', windows: [{ start: at(hour), end: at((hour + 1) % 24) }], inside: { kind: 'rate', wcuPerSecond: 2_000 } };
    const job = await engine.jobs.start(jobSpecSchema.parse({ ...spec('windowed', file, 2_000), rate: windows }));
    const live = engine.jobs.get(job.id);
    await waitFor(() => live.snapshot().state === 'paused', 20_000, 'the closed window to pause the job');
    expect(live.snapshot().pauseReason).toBeTruthy();
    const windowed = live.snapshot();
    expect(windowed.kind === 'load' && windowed.rateMode.mode).toBe('windows');
    const writtenWhileClosed = live.snapshot().totals.written;
    expect(writtenWhileClosed).toBeLessThan(2_000);
    live.setMode!({ mode: 'fixed', wcuPerSecond: 2_000 });
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ written: 2_000, pending: 0 });
    expect(report?.job.state).toBe('completed');
  });

  it('rejects bad rows with their reason and writes every good one', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'bad', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'bad.csv');
    const lines = ['customer_id,name'];
    for (let i = 0; i < 500; i++) lines.push(i % 50 === 7 ? `,no key ${i}` : `c${i},name ${i}`);
    await writeFile(file, `${lines.join('\n')}\n`);
    const job = await engine.jobs.start(spec('bad', file, 10_000));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ read: 500, written: 490, rejected: 10, pending: 0, balanced: true });
    const rejects = (await readFile(report!.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; raw: string });
    expect(rejects).toHaveLength(10);
    for (const r of rejects) {
      expect(r.reason).toMatch(/customer_id/);
      expect(r.raw).toMatch(/no key/);
    }
    expect((await scanAll(client, 'bad')).length).toBe(490);
  });

  it('rejects the records the table itself refuses, with file, line, key and the record read again from the file', async () => {
    const client = await engine.client('sandbox');
    // An index keyed on a string: DynamoDB refuses an item whose `region` is a number.
    await client.send(new CreateTableCommand({
      TableName: 'refusing',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'region', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{ IndexName: 'by-region', KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    }));
    const file = join(dir, 'refusing.jsonl');
    const lines: string[] = [];
    const refused = new Map<number, string>();
    for (let i = 0; i < 3_000; i++) {
      const line = i % 97 === 5 ? JSON.stringify({ customer_id: `c${i}`, region: 40 + i, note: 'a "quoted", number region' }) : JSON.stringify({ customer_id: `c${i}`, note: `row ${i}` });
      if (i % 97 === 5) refused.set(i + 1, line);
      lines.push(line);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'sandbox' }, table: 'refusing',
      source: { path: file, format: 'jsonl' },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }], columns: [{ from: 'region', to: 'region', type: 'N' }] },
      rate: { mode: 'fixed', wcuPerSecond: 20_000 },
    }));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.reconciliation).toMatchObject({ read: 3_000, written: 3_000 - refused.size, rejected: refused.size, pending: 0, balanced: true });
    const rejects = (await readFile(report!.rejects.file!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; key: string | null; reason: string; raw: string });
    expect(rejects.map((r) => r.line).sort((a, b) => a - b)).toEqual([...refused.keys()]);
    for (const r of rejects) {
      expect(r.file).toBe(file);
      expect(r.raw).toBe(refused.get(r.line));
      expect(r.key).toBe(`pk="CUST#c${r.line - 1}"`);
      expect(r.reason).toMatch(/DynamoDB refused the item/);
    }
    expect((await scanAll(client, 'refusing')).length).toBe(3_000 - refused.size);
  });

  it('fails with words when the table does not exist, and still writes a report', async () => {
    const file = join(dir, 'missing.csv');
    await writeCustomerSample({ rows: 10, out: file });
    const job = await engine.jobs.start(spec('no_such_table', file, 100));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.job.state).toBe('failed');
    expect(report?.error?.message).toMatch(/table does not exist/i);
  });
});
