import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { localClient, scanAll } from '../../support/table-reader';
import { createFixtureTable, fixtureItem, populate } from './backfill-fixtures';
import {
  CAPACITY, ITEMS, canonical, createTableKeyedOn, differences, expectCompleted, indexes, startRichTables, statusOf, tableByKey,
  type Canonical, type RichTables,
} from './rich-table';

// Copy backfills end to end: to another endpoint, into a table that already holds some of
// the items (skipped, or overwritten with the confirmation and a backup), filtered with
// attributes dropped and set, into a table keyed on another attribute, and refused when
// the copy drops a key attribute of the target.
describe('copy backfills end to end', () => {
  let world: RichTables;
  /** A second endpoint: the target of a copy to another "region". */
  let remote: SandboxHandle;

  beforeAll(async () => {
    [world, remote] = await Promise.all([startRichTables('backfill-copy'), startSandbox({ tableStatusDelayMs: 0 })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([world?.close(), remote?.close()]);
  });

  /** A target table holding stale versions of some source items and a few items of its own; returns what it holds. */
  async function targetWithStaleItems(target: string, present: number[]): Promise<{ target: string; expected: Map<string, Canonical> }> {
    const { client } = world;
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

  it('copies every item, attribute for attribute, into a table on another endpoint (capstan run)', async () => {
    const { sandbox, client, dir, source } = world;
    expect(sandbox.admin.table('source')!.table.partitions.length).toBeGreaterThanOrEqual(5);
    await createFixtureTable(localClient(remote.url), 'replica', CAPACITY);
    const specFile = join(dir, 'copy.json');
    await writeFile(specFile, JSON.stringify(world.spec({
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
    const report = await world.run({ table: 'source', operation: { kind: 'copy', targetTable: 'copy-keep' } });
    expectCompleted(report);
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS - present.length, unchanged: 0, skipped: present.length, rejected: 0, pending: 0, balanced: true });
    // Not destructive: no confirmation, no backup, no override asked for.
    expect(report.notes.some((n) => /SAFETY OVERRIDE|backup/i.test(n))).toBe(false);
    for (const [key, item] of world.source) if (!expected.has(key)) expected.set(key, item);
    expect(differences(await tableByKey(world.client, target), expected)).toEqual([]);
  });

  it('overwrites only when the spec says so, and then only with the confirmation and a backup', async () => {
    const present = indexes((i) => i % 10 === 4);
    const { target, expected } = await targetWithStaleItems('copy-over', present);
    const overwrite = { kind: 'copy', targetTable: target, overwrite: true } as const;

    const refused = await world.run({ table: 'source', operation: overwrite });
    expect(refused.job.state).toBe('failed');
    expect(refused.error?.name).toBe('SafetyCheckFailed');
    expect(refused.error?.message).toMatch(/--confirm copy-over/);
    expect(refused.totals.written).toBe(0);
    expect(differences(await tableByKey(world.client, target), expected)).toEqual([]);

    const report = await world.run({ table: 'source', operation: overwrite, safety: { confirmTable: target, backup: 'on-demand' } });
    expectCompleted(report);
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, skipped: 0, rejected: 0, pending: 0, balanced: true });
    expect(report.notes.some((n) => new RegExp(`On-demand backup of ${target} taken before the first write: arn:`).test(n))).toBe(true);
    // Every source item replaced its stale copy; items only in the target stay (a copy deletes nothing).
    for (const [key, item] of world.source) expected.set(key, item);
    expect(differences(await tableByKey(world.client, target), expected)).toEqual([]);
  });

  it('copies only the filtered items, drops and sets attributes as asked', async () => {
    await createFixtureTable(world.client, 'copy-open', CAPACITY);
    const report = await world.run({
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
      const { secret: _secret, blob: _blob, ...kept } = world.source.get(key)!;
      expected.set(key, { ...kept, migrated: { BOOL: true }, batch: { N: '7' }, origin: { S: 'source' } });
    }
    expect(differences(await tableByKey(world.client, 'copy-open'), expected)).toEqual([]);
  });

  it('into a table keyed on another attribute, sends the items that lack it to the rejects file with the reason', async () => {
    await createTableKeyedOn(world.client, 'by-owner', 'owner');
    const report = await world.run({ table: 'source', operation: { kind: 'copy', targetTable: 'by-owner' } });
    expectCompleted(report);
    const withOwner = indexes((i) => i % 5 !== 0);
    const reason = 'the item has no owner, a key attribute of by-owner';
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: withOwner.length, unchanged: 0, skipped: 0, rejected: ITEMS - withOwner.length, pending: 0, balanced: true });
    expect(report.rejects.byReason).toEqual({ [reason]: ITEMS - withOwner.length });

    // The rejects file names each item left out, by its source key.
    const rejectLines = (await readFile(report.rejects.file!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { key: string; reason: string });
    expect(rejectLines.every((r) => r.reason === reason)).toBe(true);
    expect(rejectLines.map((r) => r.key).sort()).toEqual(indexes((i) => i % 5 === 0).map((i) => JSON.stringify([{ S: fixtureItem(i).pk!.S }])).sort());

    const expected = new Map(withOwner.map((i) => [`owner-${i}`, world.source.get(fixtureItem(i).pk!.S!)!]));
    expect(differences(await tableByKey(world.client, 'by-owner', 'owner'), expected)).toEqual([]);
  });

  // The job compiles the operation before any worker starts: once it was compiled only in
  // the workers, whose throw crashed them before `ready`, and the job never ended.
  it('refuses a copy that drops a key attribute of the target, in words, with a failed report and nothing written', async () => {
    const { engine, client, dir } = world;
    await createFixtureTable(client, 'copy-no-key', CAPACITY);
    const job = await engine.jobs.start(world.spec({ table: 'source', operation: { kind: 'copy', targetTable: 'copy-no-key', drop: ['pk'] } }));
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
});
