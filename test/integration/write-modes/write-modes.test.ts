import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { WriteMode } from '../../../shared/write-mode';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { scanAll } from '../../support/table-reader';

/**
 * The three write modes end to end, item by item: a first load, then an attribute added
 * to every stored item (as a TTL backfill would), then a second load of the same keys
 * with new values plus new keys. Replace loses the added attribute; insert-only keeps
 * the stored items untouched and counts them as skipped; merge keeps the added attribute
 * and takes the file's new values.
 */
describe('write modes against the sandbox', () => {
  const OLD = 120;
  const NEW = 30;
  let dir: string;
  let engine: Engine;
  let firstFile: string;
  let secondFile: string;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-write-modes-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
    const rows = (ids: number[], version: string) => ['id,name,score', ...ids.map((i) => `${i},${version}-${i},${i * 10}`)].join('\n') + '\n';
    firstFile = join(dir, 'first.csv');
    secondFile = join(dir, 'second.csv');
    await writeFile(firstFile, rows(range(0, OLD), 'v1'));
    await writeFile(secondFile, rows(range(0, OLD + NEW), 'v2'));
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const load = async (table: string, path: string, writeMode?: WriteMode) => {
    const spec = jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'sandbox' }, table,
      source: { path, format: 'csv' },
      mapping: { templates: [{ attribute: 'pk', template: 'ID#{id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: 5_000 },
      options: { workers: 2 },
      ...(writeMode ? { writeMode } : {}),
    });
    const job = await engine.jobs.start(spec);
    const report = await engine.jobs.waitForEnd(job.id);
    if (!report) throw new Error('the job ended without a report');
    return report;
  };

  /** A table loaded once with v1, then `expires_at` added to every item outside the load. */
  const prepared = async (table: string) => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: table, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const first = await load(table, firstFile);
    expect(first.reconciliation).toMatchObject({ read: OLD, written: OLD, pending: 0 });
    for (const i of range(0, OLD)) {
      await client.send(new UpdateItemCommand({
        TableName: table, Key: { pk: { S: `ID#${i}` } },
        UpdateExpression: 'SET expires_at = :t', ExpressionAttributeValues: { ':t': { N: String(1_900_000_000 + i) } },
      }));
    }
    return client;
  };

  const byKey = (items: Record<string, AttributeValue>[]) => new Map(items.map((item) => [item.pk!.S!, item]));

  it('replace writes whole items: the attribute added since the first load is lost', async () => {
    const client = await prepared('modes-replace');
    const report = await load('modes-replace', secondFile, 'replace');
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: OLD + NEW, written: OLD + NEW, skipped: 0, pending: 0 });
    const items = byKey(await scanAll(client, 'modes-replace'));
    expect(items.size).toBe(OLD + NEW);
    for (const i of range(0, OLD + NEW)) {
      const item = items.get(`ID#${i}`)!;
      expect(item.name).toEqual({ S: `v2-${i}` });
      expect(item.expires_at).toBeUndefined();
    }
  }, 120_000);

  it('insert-only skips every key already there, counts it, and writes only the new keys', async () => {
    const client = await prepared('modes-insert');
    const report = await load('modes-insert', secondFile, 'insert-only');
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: OLD + NEW, written: NEW, skipped: OLD, rejected: 0, pending: 0, balanced: true });
    expect(report.reconciliation.statement).toContain(`skipped (key already in the table) ${OLD}`);
    const items = byKey(await scanAll(client, 'modes-insert'));
    expect(items.size).toBe(OLD + NEW);
    for (const i of range(0, OLD)) {
      const item = items.get(`ID#${i}`)!;
      expect(item.name).toEqual({ S: `v1-${i}` });
      expect(item.expires_at).toEqual({ N: String(1_900_000_000 + i) });
    }
    for (const i of range(OLD, OLD + NEW)) expect(items.get(`ID#${i}`)!.name).toEqual({ S: `v2-${i}` });
  }, 120_000);

  it('merge sets only the mapped attributes: new values arrive and the added attribute survives', async () => {
    const client = await prepared('modes-merge');
    const report = await load('modes-merge', secondFile, 'merge');
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: OLD + NEW, written: OLD + NEW, skipped: 0, pending: 0 });
    const items = byKey(await scanAll(client, 'modes-merge'));
    expect(items.size).toBe(OLD + NEW);
    for (const i of range(0, OLD)) {
      const item = items.get(`ID#${i}`)!;
      expect(item.name).toEqual({ S: `v2-${i}` });
      expect(item.score).toEqual({ N: String(i * 10) });
      expect(item.expires_at).toEqual({ N: String(1_900_000_000 + i) });
    }
    for (const i of range(OLD, OLD + NEW)) {
      const item = items.get(`ID#${i}`)!;
      expect(item.name).toEqual({ S: `v2-${i}` });
      expect(item.expires_at).toBeUndefined();
    }
  }, 120_000);
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
