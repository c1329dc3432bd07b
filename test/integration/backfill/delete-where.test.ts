import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillJobSpecInput } from '../../../shared/backfill-spec';
import { jobSpecSchema } from '../../../shared/job-spec';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { scanAll } from '../../support/table-reader';
import { createFixtureTable, fixtureItem, populate } from './backfill-fixtures';

const ITEMS = 12_000;
const CUTOFF = '2023-04-01T00:00:00.000Z';

describe('delete-where', () => {
  let world: SandboxEngine;

  beforeAll(async () => {
    world = await startSandboxEngine('backfill-delete');
    for (const table of ['old', 'old2']) {
      await createFixtureTable(world.client, table, { wcu: 4_000, rcu: 4_000 });
      await populate(world.client, table, ITEMS);
    }
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  const spec = (table: string, safety: BackfillJobSpecInput['safety']) =>
    jobSpecSchema.parse({
      kind: 'backfill',
      connection: world.connection(),
      table,
      operation: { kind: 'delete-where', where: { expression: '#c < :cutoff', names: { '#c': 'created' }, values: { ':cutoff': CUTOFF } } },
      scan: { segments: 64, workers: 2 },
      rate: { mode: 'fixed', wcuPerSecond: 4_000, rcuPerSecond: 8_000 },
      safety,
    } satisfies BackfillJobSpecInput);

  const matching = (i: number) => {
    const created = fixtureItem(i).created?.S;
    return created !== undefined && created < CUTOFF;
  };

  async function refusal(table: string, safety: BackfillJobSpecInput['safety']) {
    const job = await world.engine.jobs.start(spec(table, safety));
    const report = await world.engine.jobs.waitForEnd(job.id);
    expect(report?.job.state).toBe('failed');
    expect(report?.error?.name).toBe('SafetyCheckFailed');
    expect(report?.totals.written).toBe(0);
    return report!.error!.message;
  }

  it('refuses to start without a confirmation naming the table, or without a backup, and deletes nothing', async () => {
    expect(await refusal('old', {})).toMatch(/--confirm old/);
    expect(await refusal('old', { confirmTable: 'other' })).toMatch(/names "other"/);
    expect(await refusal('old', { confirmTable: 'old' })).toMatch(/Point-in-time recovery is off/);
    expect(await scanAll(world.client, 'old')).toHaveLength(ITEMS);
  }, 60_000);

  it('with the confirmation and an on-demand backup, deletes exactly the matching items', async () => {
    const job = await world.engine.jobs.start(spec('old', { confirmTable: 'old', backup: 'on-demand' }));
    const report = await world.engine.jobs.waitForEnd(job.id);
    expect(report?.job.state, report?.error?.message).toBe('completed');
    const expectedDeleted = Array.from({ length: ITEMS }, (_, i) => i).filter(matching);
    expect(expectedDeleted.length).toBeGreaterThan(1000);
    expect(report?.reconciliation).toMatchObject({ read: ITEMS, written: expectedDeleted.length, unchanged: ITEMS - expectedDeleted.length, skipped: 0, rejected: 0, pending: 0 });
    expect(report?.notes.some((n) => /On-demand backup of old taken before the first write: arn:/.test(n))).toBe(true);
    const left = (await scanAll(world.client, 'old')).map((item) => Number(item.n!.N)).sort((a, b) => a - b);
    expect(left).toEqual(Array.from({ length: ITEMS }, (_, i) => i).filter((i) => !matching(i)));
  }, 60_000);

  it('starts without a backup only with the override, and the report records it', async () => {
    const job = await world.engine.jobs.start(spec('old2', { confirmTable: 'old2', overrideNoBackup: true }));
    const report = await world.engine.jobs.waitForEnd(job.id);
    expect(report?.job.state, report?.error?.message).toBe('completed');
    expect(report?.notes.some((n) => n.startsWith('SAFETY OVERRIDE'))).toBe(true);
    expect(await scanAll(world.client, 'old2')).toHaveLength(ITEMS - Array.from({ length: ITEMS }, (_, i) => i).filter(matching).length);
  }, 60_000);

  it('turns point-in-time recovery on when asked to, before deleting', async () => {
    const job = await world.engine.jobs.start(spec('old2', { confirmTable: 'old2', backup: 'pitr' }));
    const report = await world.engine.jobs.waitForEnd(job.id);
    expect(report?.job.state, report?.error?.message).toBe('completed');
    expect(report?.notes.some((n) => /the job turned it on/.test(n))).toBe(true);
    // Nothing left to delete: a re-run changes nothing.
    expect(report?.reconciliation.written).toBe(0);
  }, 60_000);
});
