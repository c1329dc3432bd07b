import { existsSync } from 'node:fs';
import { CreateTableCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { BackfillJobSpecInput } from '../../../shared/backfill-spec';
import type { JobReport } from '../../../shared/job-report';
import { jobSpecSchema } from '../../../shared/job-spec';
import { requireBuild, runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';
import type { JobUpdate } from '../../../electron/engine/lifecycle/engine-job';
import { createBackfillJob } from '../../../electron/engine/backfill/backfill-job';
import { pitrEnabled } from '../../../electron/engine/backfill/table-facts';
import type { BackfillJobSpec } from '../../../shared/backfill-spec';
import { BACKFILL_WORKER_SCRIPTS, createFixtureTable, fixtureItem, populate } from './backfill-fixtures';

/** Items per table: a few thousand, enough for several partitions and several pages per segment. */
const ITEMS = 3_000;
/** 4,000 WCU and 3,000 RCU: ceil(3000/3000 + 4000/1000) = 5 partitions. */
const CAPACITY = { wcu: 4_000, rcu: 3_000 };
/** Small pages over 32 segments: about 4 pages a segment, so every segment is continued from its LastEvaluatedKey. */
const SCAN = { segments: 32, workers: 2, pageLimit: 25 };
const RATE = { mode: 'fixed', wcuPerSecond: 3_000, rcuPerSecond: 6_000 } as const;
const STATUSES = ['open', 'done', 'closed'] as const;

/**
 * Item i of these tests: the add-ttl fixture item plus every attribute type (sets, a
 * binary, a map, a list, BOOL, NULL), a status on most items, an owner on most, a
 * revision counter on some (text on a few, which an ADD cannot add to) and a 1.5 KB note
 * on a few (2 WCU items).
 */
function richItem(i: number): Record<string, AttributeValue> {
  const item = fixtureItem(i);
  const status = statusOf(i);
  if (status) item.status = { S: status };
  if (i % 5 !== 0) item.owner = { S: `owner-${i}` };
  if (i % 4 === 1) item.revisions = { N: String(i % 9) };
  if (i % 97 === 5) item.revisions = { S: 'n/a' };
  item.secret = { S: `secret-${i}` };
  item.flags = { M: { vip: { BOOL: i % 11 === 0 }, note: { NULL: true }, level: { N: String(i % 4) } } };
  item.history = { L: [{ S: 'created' }, { N: String(i % 13) }, { M: { by: { S: `user-${i % 17}` } } }] };
  item.tags = { SS: ['all', `t${i % 5}`] };
  item.scores = { NS: [String(i), String(i + 0.5)] };
  item.blob = { B: Uint8Array.from([i & 255, (i >> 8) & 255, 7]) };
  if (i % 100 === 42) item.note = { S: 'x'.repeat(1_500) };
  return item;
}

/** The status richItem(i) has (none on every seventh item). */
function statusOf(i: number): (typeof STATUSES)[number] | null {
  return i % 7 === 6 ? null : STATUSES[i % 3]!;
}

/** The item numbers i < ITEMS for which the predicate holds. */
const indexes = (predicate: (i: number) => boolean) => Array.from({ length: ITEMS }, (_, i) => i).filter(predicate);

type Canonical = Record<string, unknown>;

/**
 * An item in one comparable form, whether it came from the SDK (binaries as bytes) or
 * from a wire-JSON file (binaries as base64): binaries as base64, set members sorted.
 */
function canonical(item: Record<string, unknown>): Canonical {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, canonicalValue(value as Record<string, unknown>)]));
}

/** One attribute value in canonical form (see canonical). */
function canonicalValue(value: Record<string, unknown>): unknown {
  const base64 = (b: unknown) => (typeof b === 'string' ? b : Buffer.from(b as Uint8Array).toString('base64'));
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: (value.BS as unknown[]).map(base64).sort() };
  if (value.SS !== undefined) return { SS: [...(value.SS as string[])].sort() };
  if (value.NS !== undefined) return { NS: [...(value.NS as string[])].sort() };
  if (value.L !== undefined) return { L: (value.L as Record<string, unknown>[]).map(canonicalValue) };
  if (value.M !== undefined) return { M: canonical(value.M as Record<string, unknown>) };
  return value;
}

/** Every item of a table in canonical form, by partition key. */
async function tableByKey(client: DynamoDBClient, table: string, keyName = 'pk'): Promise<Map<string, Canonical>> {
  const items = await scanAll(client, table);
  const byKey = new Map(items.map((item) => [item[keyName]!.S!, canonical(item)]));
  expect(byKey.size, `duplicate keys in ${table}`).toBe(items.length);
  return byKey;
}

/** A provisioned table with a string hash key of any name. */
async function createTableKeyedOn(client: DynamoDBClient, name: string, keyName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: CAPACITY.rcu, WriteCapacityUnits: CAPACITY.wcu },
  }));
}

/** Differences between what a table holds and what it should hold, a few at most (an empty list when they agree). */
function differences(actual: Map<string, Canonical>, expected: Map<string, Canonical>): string[] {
  const out: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got) out.push(`${key}: missing`);
    else if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(want))) out.push(`${key}: ${JSON.stringify(sortKeys(got))} instead of ${JSON.stringify(sortKeys(want))}`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) out.push(`${key}: not expected`);
  return out.slice(0, 5);
}

/** The same value with object keys in one order, so that JSON text compares values. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

describe('copy, update and find backfills end to end', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  /** A second endpoint: the target of a copy to another "region". */
  let remote: SandboxHandle;
  let engine: Engine;
  let client: DynamoDBClient;
  /** The source table as stored before any job ran. */
  let source: Map<string, Canonical>;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-backfill-cuf-'));
    [sandbox, remote] = await Promise.all([startSandbox({ tableStatusDelayMs: 0 }), startSandbox({ tableStatusDelayMs: 0 })]);
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: BACKFILL_WORKER_SCRIPTS, sandbox: false });
    client = localClient(sandbox.url);
    for (const table of ['source', 'orders', 'orders-unfiltered']) {
      await createFixtureTable(client, table, CAPACITY);
      await populate(client, table, ITEMS, richItem);
    }
    source = await tableByKey(client, 'source');
    // The reference every copy and find is compared with holds exactly the test's own items.
    expect(differences(source, new Map(indexes(() => true).map((i) => [fixtureItem(i).pk!.S!, canonical(richItem(i))])))).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    await Promise.all([sandbox?.close(), remote?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const connection = () => ({ kind: 'endpoint' as const, endpoint: sandbox.url, region: 'us-east-1' });

  /** A backfill spec on the main sandbox with this file's scan and rates. */
  function spec(input: Omit<BackfillJobSpecInput, 'kind' | 'connection'>) {
    return jobSpecSchema.parse({ kind: 'backfill', connection: connection(), scan: SCAN, rate: RATE, ...input } satisfies BackfillJobSpecInput);
  }

  async function run(input: Parameters<typeof spec>[0]): Promise<JobReport> {
    const job = await engine.jobs.start(spec(input));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report).not.toBeNull();
    return report!;
  }

  function expectCompleted(report: JobReport): void {
    expect(report.job.state, `${report.error?.name}: ${report.error?.message}`).toBe('completed');
  }

  describe('copy', () => {
    it('copies every item, attribute for attribute, into a table on another endpoint (capstan run)', async () => {
      expect(sandbox.admin.table('source')!.table.partitions.length).toBeGreaterThanOrEqual(5);
      await createFixtureTable(localClient(remote.url), 'replica', CAPACITY);
      const specFile = join(dir, 'copy.json');
      await writeFile(specFile, JSON.stringify(spec({
        table: 'source',
        operation: { kind: 'copy', targetTable: 'replica', targetConnection: { kind: 'endpoint', endpoint: remote.url, region: 'eu-west-1' } },
      })));
      const reportFile = join(dir, 'copy-report.json');
      const { code, output } = await runCli(['run', specFile, '--report', reportFile, '--data-dir', join(dir, 'cli-data')]);
      expect(code, output).toBe(0);
      const report = JSON.parse(await readFile(reportFile, 'utf8')) as JobReport;
      expectCompleted(report);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, skipped: 0, rejected: 0, pending: 0, balanced: true });
      expect(report.totals.consumedWcu).toBeGreaterThanOrEqual(ITEMS);

      expect(differences(await tableByKey(localClient(remote.url), 'replica'), source)).toEqual([]);
      // The copy went to the other endpoint only, and left the source as it was.
      expect(sandbox.admin.table('replica')).toBeUndefined();
      expect(differences(await tableByKey(client, 'source'), source)).toEqual([]);
    });

    it('leaves an item already in the target alone without overwrite, and counts it as skipped', async () => {
      const present = indexes((i) => i % 10 === 4);
      const { target, expected } = await targetWithStaleItems('copy-keep', present);
      const report = await run({ table: 'source', operation: { kind: 'copy', targetTable: 'copy-keep' } });
      expectCompleted(report);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS - present.length, unchanged: 0, skipped: present.length, rejected: 0, pending: 0, balanced: true });
      // Not destructive: no confirmation, no backup, no override asked for.
      expect(report.notes.some((n) => /SAFETY OVERRIDE|backup/i.test(n))).toBe(false);
      for (const [key, item] of source) if (!expected.has(key)) expected.set(key, item);
      expect(differences(await tableByKey(client, target), expected)).toEqual([]);
    });

    it('overwrites only when the spec says so, and then only with the confirmation and a backup', async () => {
      const present = indexes((i) => i % 10 === 4);
      const { target, expected } = await targetWithStaleItems('copy-over', present);
      const overwrite = { kind: 'copy', targetTable: target, overwrite: true } as const;

      const refused = await run({ table: 'source', operation: overwrite });
      expect(refused.job.state).toBe('failed');
      expect(refused.error?.name).toBe('SafetyCheckFailed');
      expect(refused.error?.message).toMatch(/--confirm copy-over/);
      expect(refused.totals.written).toBe(0);
      expect(differences(await tableByKey(client, target), expected)).toEqual([]);

      const report = await run({ table: 'source', operation: overwrite, safety: { confirmTable: target, backup: 'on-demand' } });
      expectCompleted(report);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, skipped: 0, rejected: 0, pending: 0, balanced: true });
      expect(report.notes.some((n) => new RegExp(`On-demand backup of ${target} taken before the first write: arn:`).test(n))).toBe(true);
      // Every source item replaced its stale copy; items only in the target stay (a copy deletes nothing).
      for (const [key, item] of source) expected.set(key, item);
      expect(differences(await tableByKey(client, target), expected)).toEqual([]);
    });

    it('copies only the filtered items, drops and sets attributes as asked', async () => {
      await createFixtureTable(client, 'copy-open', CAPACITY);
      const report = await run({
        table: 'source',
        filter: { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': 'open' } },
        operation: { kind: 'copy', targetTable: 'copy-open', drop: ['secret', 'blob'], set: { migrated: true, batch: { N: '7' }, origin: 'source' } },
      });
      expectCompleted(report);
      const open = indexes((i) => statusOf(i) === 'open');
      expect(open.length).toBeGreaterThan(ITEMS / 4);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: open.length, unchanged: ITEMS - open.length, skipped: 0, rejected: 0, pending: 0, balanced: true });

      const expected = new Map<string, Canonical>();
      for (const i of open) {
        const key = fixtureItem(i).pk!.S!;
        const { secret: _secret, blob: _blob, ...kept } = source.get(key)!;
        expected.set(key, { ...kept, migrated: { BOOL: true }, batch: { N: '7' }, origin: { S: 'source' } });
      }
      expect(differences(await tableByKey(client, 'copy-open'), expected)).toEqual([]);
    });

    it('into a table keyed on another attribute, sends the items that lack it to the rejects file with the reason', async () => {
      await createTableKeyedOn(client, 'by-owner', 'owner');
      const report = await run({ table: 'source', operation: { kind: 'copy', targetTable: 'by-owner' } });
      expectCompleted(report);
      const withOwner = indexes((i) => i % 5 !== 0);
      const reason = 'the item has no owner, a key attribute of by-owner';
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: withOwner.length, unchanged: 0, skipped: 0, rejected: ITEMS - withOwner.length, pending: 0, balanced: true });
      expect(report.rejects.byReason).toEqual({ [reason]: ITEMS - withOwner.length });

      // The rejects file names each item left out, by its source key.
      const rejectLines = (await readFile(report.rejects.file!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { key: string; reason: string });
      expect(rejectLines.every((r) => r.reason === reason)).toBe(true);
      expect(rejectLines.map((r) => r.key).sort()).toEqual(indexes((i) => i % 5 === 0).map((i) => JSON.stringify([{ S: fixtureItem(i).pk!.S }])).sort());

      const expected = new Map(withOwner.map((i) => [`owner-${i}`, source.get(fixtureItem(i).pk!.S!)!]));
      expect(differences(await tableByKey(client, 'by-owner', 'owner'), expected)).toEqual([]);
    });

    // The job compiles the operation before any worker starts: once it was compiled only in
    // the workers, whose throw crashed them before `ready`, and the job never ended.
    it('refuses a copy that drops a key attribute of the target, in words, with a failed report and nothing written', async () => {
      await createFixtureTable(client, 'copy-no-key', CAPACITY);
      const job = await engine.jobs.start(spec({ table: 'source', operation: { kind: 'copy', targetTable: 'copy-no-key', drop: ['pk'] } }));
      const report = await engine.jobs.waitForEnd(job.id);
      expect(report).not.toBeNull();
      expect(report!.job.state).toBe('failed');
      expect(report!.error).toEqual({ name: 'InvalidOperation', message: 'Refusing to start: the copy drops pk, a key attribute of copy-no-key.' });
      expect(report!.reconciliation).toMatchObject({ read: 0, written: 0, pending: 0, balanced: true });
      expect(report!.notes).toContain('Nothing was read or written: correct the operation and start a new job.');
      // The report is on disk like any other job's, and the engine sees the job as ended.
      const onDisk = JSON.parse(await readFile(join(dir, 'data', 'jobs', job.id, 'report.json'), 'utf8')) as JobReport;
      expect(onDisk.job.state).toBe('failed');
      expect(onDisk.error?.name).toBe('InvalidOperation');
      expect(engine.jobs.get(job.id).snapshot().state).toBe('failed');
      expect(await scanAll(client, 'copy-no-key')).toEqual([]);
    });

    /** A target table holding stale versions of some source items and a few items of its own; returns what it holds. */
    async function targetWithStaleItems(target: string, present: number[]): Promise<{ target: string; expected: Map<string, Canonical> }> {
      await createFixtureTable(client, target, CAPACITY);
      const stale = (i: number): Record<string, AttributeValue> => ({ pk: fixtureItem(i).pk!, n: { N: String(i) }, stale: { BOOL: true } });
      const own = Array.from({ length: 20 }, (_, j) => ({ pk: { S: `target-only-${j}` }, mine: { S: 'keep' } }));
      await populate(client, target, present.length, (j) => stale(present[j]!));
      for (const item of own) await client.send(new PutItemCommand({ TableName: target, Item: item }));
      const expected = new Map<string, Canonical>();
      for (const i of present) expected.set(fixtureItem(i).pk!.S!, canonical(stale(i)));
      for (const item of own) expected.set(item.pk.S, canonical(item));
      return { target, expected };
    }
  });

  describe('update', () => {
    const done = indexes((i) => statusOf(i) === 'done');
    /** Done items whose revisions are text: the ADD fails on them (ValidationException), one by one. */
    const doneWithTextRevisions = done.filter((i) => i % 97 === 5);
    const update = {
      kind: 'update',
      update: 'SET #s = :new, closedAt = :at ADD revisions :one REMOVE secret',
      condition: '#s = :old',
      names: { '#s': 'status' },
      values: { ':new': 'closed', ':old': 'done', ':at': { N: '1700000000' }, ':one': 1 },
    } as const;

    /** What an item of the update tables must look like after the update: changed exactly when it was done. */
    function expectedAfterUpdate(before: Map<string, Canonical>): Map<string, Canonical> {
      const expected = new Map<string, Canonical>();
      for (let i = 0; i < ITEMS; i++) {
        const key = fixtureItem(i).pk!.S!;
        const item = before.get(key)!;
        if (statusOf(i) !== 'done' || i % 97 === 5) {
          expected.set(key, item);
          continue;
        }
        const { secret: _secret, ...rest } = item;
        const revisions = Number((item.revisions as { N?: string } | undefined)?.N ?? 0) + 1;
        expected.set(key, { ...rest, status: { S: 'closed' }, closedAt: { N: '1700000000' }, revisions: { N: String(revisions) } });
      }
      return expected;
    }

    it('refuses without the confirmation and changes nothing', async () => {
      const report = await run({ table: 'orders', operation: update });
      expect(report.job.state).toBe('failed');
      expect(report.error?.name).toBe('SafetyCheckFailed');
      expect(report.error?.message).toMatch(/--confirm orders/);
      expect(differences(await tableByKey(client, 'orders'), source)).toEqual([]);
    });

    it('refuses a placeholder that is no number before any job exists, in words, with exit code 2 (capstan backfill --op update)', async () => {
      const reportFile = join(dir, 'update-infinity-report.json');
      const dataDir = join(dir, 'cli-data-infinity');
      const { code, output } = await runCli([
        'backfill', '--endpoint', sandbox.url, '--table', 'orders-unfiltered', '--op', 'update',
        '--update', 'SET #s = :new', '--condition', '#s = :old', '--name', '#s=status', '--value', ':new=1e999', '--value', ':old=done',
        '--confirm', 'orders-unfiltered', '--backup', 'pitr', '--segments', '4',
        '--report', reportFile, '--data-dir', dataDir,
      ]);
      // 1e999 parses as Infinity: the spec is refused as it is read (a saved spec would have
      // turned it into null, and a resume would have set the attribute to NULL).
      expect(code, output).toBe(2);
      expect(output).toMatch(/operation\.values\.:new: a number must be finite/);
      expect(existsSync(reportFile)).toBe(false);
      expect(existsSync(join(dataDir, 'jobs'))).toBe(false);
      expect(await pitrEnabled(client, 'orders-unfiltered')).toBe(false);
      expect(differences(await tableByKey(client, 'orders-unfiltered'), source)).toEqual([]);
    });

    it('applies the update to exactly the items the filter selects, rejects those it cannot apply to, and a re-run changes nothing', async () => {
      expect(done.length).toBeGreaterThan(ITEMS / 4);
      expect(doneWithTextRevisions.length).toBeGreaterThan(0);
      const filtered = {
        table: 'orders',
        filter: { expression: '#st = :old', names: { '#st': 'status' }, values: { ':old': 'done' } },
        operation: update,
        safety: { confirmTable: 'orders', backup: 'pitr' as const },
      };
      const report = await run(filtered);
      expectCompleted(report);
      const applied = done.length - doneWithTextRevisions.length;
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: applied, unchanged: ITEMS - done.length, skipped: 0, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
      expect(Object.keys(report.rejects.byReason).every((reason) => /ValidationException/.test(reason))).toBe(true);
      expect(report.notes.some((n) => /Point-in-time recovery was off for orders; the job turned it on/.test(n))).toBe(true);
      const after = await tableByKey(client, 'orders');
      expect(differences(after, expectedAfterUpdate(source))).toEqual([]);

      // Nothing is done any more except the items the update cannot apply to: a second run changes nothing.
      const again = await run(filtered);
      expectCompleted(again);
      expect(again.reconciliation).toMatchObject({ read: ITEMS, written: 0, unchanged: ITEMS - doneWithTextRevisions.length, skipped: 0, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
      expect(differences(await tableByKey(client, 'orders'), after)).toEqual([]);
    });

    it('without a filter the condition alone decides: every other item is tried, fails its condition and is counted as skipped', async () => {
      const report = await run({ table: 'orders-unfiltered', operation: update, safety: { confirmTable: 'orders-unfiltered', overrideNoBackup: true } });
      expectCompleted(report);
      const applied = done.length - doneWithTextRevisions.length;
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: applied, unchanged: 0, skipped: ITEMS - done.length, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
      expect(report.notes.some((n) => n.startsWith('SAFETY OVERRIDE'))).toBe(true);
      expect(differences(await tableByKey(client, 'orders-unfiltered'), expectedAfterUpdate(source))).toEqual([]);
    });
  });

  describe('find', () => {
    /** The items a find wrote, in canonical form by key; fails on a line listed twice. */
    async function foundItems(file: string): Promise<Map<string, Canonical>> {
      const text = await readFile(file, 'utf8');
      const lines = text === '' ? [] : text.trimEnd().split('\n');
      const found = new Map(lines.map((line) => {
        const item = JSON.parse(line) as Record<string, { S?: string }>;
        return [item.pk!.S!, canonical(item)] as const;
      }));
      expect(found.size, 'an item listed twice').toBe(lines.length);
      return found;
    }

    it('writes exactly the matching items, as stored, to the output file (capstan backfill --op find)', async () => {
      const out = join(dir, 'found.jsonl');
      // A stale file from an earlier run is replaced, not appended to.
      await writeFile(out, '{"pk":{"S":"stale"}}\n');
      const reportFile = join(dir, 'find-report.json');
      const { code, output } = await runCli([
        'backfill', '--endpoint', sandbox.url, '--table', 'source', '--op', 'find', '--out', out,
        '--filter', '#s = :s AND #n >= :min AND attribute_exists(#o)',
        '--name', '#s=status', '--name', '#n=n', '--name', '#o=owner', '--value', ':s=open', '--value', ':min=1000',
        '--segments', String(SCAN.segments), '--workers', String(SCAN.workers), '--page-limit', String(SCAN.pageLimit), '--read-rate', '6000',
        '--report', reportFile, '--data-dir', join(dir, 'cli-data'),
      ]);
      expect(code, output).toBe(0);
      const matching = indexes((i) => statusOf(i) === 'open' && i >= 1000 && i % 5 !== 0);
      expect(matching.length).toBeGreaterThan(300);
      const report = JSON.parse(await readFile(reportFile, 'utf8')) as JobReport;
      expectCompleted(report);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: matching.length, unchanged: ITEMS - matching.length, skipped: 0, rejected: 0, pending: 0, balanced: true });
      expect(report.totals.consumedWcu).toBe(0);
      expect(report.notes.some((n) => n.includes(`(written to ${out})`))).toBe(true);

      const expected = new Map(matching.map((i) => [fixtureItem(i).pk!.S!, source.get(fixtureItem(i).pk!.S!)!]));
      expect(differences(await foundItems(out), expected)).toEqual([]);
    });

    it('without a filter lists every item once; a filter nothing matches leaves an empty file', async () => {
      const all = join(dir, 'all.jsonl');
      const report = await run({ table: 'source', operation: { kind: 'find', outputPath: all } });
      expectCompleted(report);
      expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, pending: 0, balanced: true });
      expect(differences(await foundItems(all), source)).toEqual([]);

      const none = join(dir, 'none.jsonl');
      const empty = await run({
        table: 'source',
        filter: { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': 'no such status' } },
        operation: { kind: 'find', outputPath: none },
      });
      expectCompleted(empty);
      expect(empty.reconciliation).toMatchObject({ read: ITEMS, written: 0, unchanged: ITEMS, pending: 0, balanced: true });
      expect(await readFile(none, 'utf8')).toBe('');
    });
  });

  describe('a worker that crashes', () => {
    /** Stand-in worker entries that break at each point of a worker's life. */
    const brokenWorkers = {
      'throws while starting': `throw new Error('broken at start');`,
      'throws after it is ready': `const { parentPort } = require('node:worker_threads');
        parentPort.postMessage({ type: 'ready' });
        setTimeout(() => { throw new Error('broken while scanning'); }, 200);`,
      'exits quietly after it is ready': `const { parentPort } = require('node:worker_threads');
        parentPort.postMessage({ type: 'ready' });
        setTimeout(() => process.exit(0), 200);`,
    } as const;
    const expectedMessage: Record<keyof typeof brokenWorkers, string> = {
      'throws while starting': 'A backfill worker crashed: broken at start',
      'throws after it is ready': 'A backfill worker crashed: broken while scanning',
      'exits quietly after it is ready': 'A backfill worker stopped unexpectedly (exit code 0)',
    };

    for (const [name, code] of Object.entries(brokenWorkers) as [keyof typeof brokenWorkers, string][]) {
      it(`${name}: the job ends failed, in words, with its report`, async () => {
        const directory = await mkdtemp(join(dir, 'broken-worker-'));
        const script = join(directory, 'backfill-worker.cjs');
        await writeFile(script, code);
        const states: string[] = [];
        const job = createBackfillJob({
          id: `broken-${Date.now()}`, directory,
          spec: spec({ table: 'source', operation: { kind: 'count' } }) as BackfillJobSpec,
          target: { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } },
          workerScripts: { 'backfill-worker': script },
          onUpdate: (update: JobUpdate) => {
            if (update.kind === 'state') states.push(job.snapshot().state);
          },
        });
        await within(15_000, job.run(false));
        expect(job.snapshot().state).toBe('failed');
        expect(job.snapshot().error).toEqual({ name: 'WorkerCrashed', message: expectedMessage[name] });
        const report = JSON.parse(await readFile(join(directory, 'report.json'), 'utf8')) as JobReport;
        expect(report.job.state).toBe('failed');
        expect(report.error?.message).toBe(expectedMessage[name]);
        expect(report.reconciliation.balanced).toBe(true);
        expect(job.finalReport()).toEqual(report);
        expect(states.at(-1)).toBe('failed');
        if (name !== 'throws while starting') expect(states).toContain('running');
      });
    }
  });
});

/** The promise's value, or a failure in words when it takes longer than `ms` (a job that never ends). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
