import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pitrEnabled } from '../../../electron/engine/backfill/table-facts';
import { runCli } from '../../support/built-app';
import { fixtureItem } from './backfill-fixtures';
import { ITEMS, differences, expectCompleted, indexes, startRichTables, statusOf, tableByKey, type Canonical, type RichTables } from './rich-table';

// Update backfills end to end: refused without the confirmation, a placeholder that is no
// number refused before any job exists, the update applied to exactly the filtered items
// (a re-run changes nothing), and without a filter the condition alone decides.
describe('update backfills end to end', () => {
  let world: RichTables;

  beforeAll(async () => {
    world = await startRichTables('backfill-update', ['orders', 'orders-unfiltered']);
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

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
    const report = await world.run({ table: 'orders', operation: update });
    expect(report.job.state).toBe('failed');
    expect(report.error?.name).toBe('SafetyCheckFailed');
    expect(report.error?.message).toMatch(/--confirm orders/);
    expect(differences(await tableByKey(world.client, 'orders'), world.source)).toEqual([]);
  });

  it('refuses a placeholder that is no number before any job exists, in words, with exit code 2 (capstan backfill --op update)', async () => {
    const { dir, client } = world;
    const reportFile = join(dir, 'update-infinity-report.json');
    const dataDir = join(dir, 'cli-data-infinity');
    const { code, output } = await runCli([
      'backfill', '--endpoint', world.sandbox.url, '--table', 'orders-unfiltered', '--op', 'update',
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
    expect(differences(await tableByKey(client, 'orders-unfiltered'), world.source)).toEqual([]);
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
    const report = await world.run(filtered);
    expectCompleted(report);
    const applied = done.length - doneWithTextRevisions.length;
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: applied, unchanged: ITEMS - done.length, skipped: 0, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
    expect(Object.keys(report.rejects.byReason).every((reason) => /ValidationException/.test(reason))).toBe(true);
    expect(report.notes.some((n) => /Point-in-time recovery was off for orders; the job turned it on/.test(n))).toBe(true);
    const after = await tableByKey(world.client, 'orders');
    expect(differences(after, expectedAfterUpdate(world.source))).toEqual([]);

    // Nothing is done any more except the items the update cannot apply to: a second run changes nothing.
    const again = await world.run(filtered);
    expectCompleted(again);
    expect(again.reconciliation).toMatchObject({ read: ITEMS, written: 0, unchanged: ITEMS - doneWithTextRevisions.length, skipped: 0, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
    expect(differences(await tableByKey(world.client, 'orders'), after)).toEqual([]);
  });

  it('without a filter the condition alone decides: every other item is tried, fails its condition and is counted as skipped', async () => {
    const report = await world.run({ table: 'orders-unfiltered', operation: update, safety: { confirmTable: 'orders-unfiltered', overrideNoBackup: true } });
    expectCompleted(report);
    const applied = done.length - doneWithTextRevisions.length;
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: applied, unchanged: 0, skipped: ITEMS - done.length, rejected: doneWithTextRevisions.length, pending: 0, balanced: true });
    expect(report.notes.some((n) => n.startsWith('SAFETY OVERRIDE'))).toBe(true);
    expect(differences(await tableByKey(world.client, 'orders-unfiltered'), expectedAfterUpdate(world.source))).toEqual([]);
  });
});
