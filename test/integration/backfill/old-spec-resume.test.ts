import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../../shared/job-spec';
import { applyResumeChanges } from '../../../shared/resume-changes';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { scanAll, waitFor } from '../../support/table-reader';
import { createFixtureTable, fixtureItemsLackingTtl, populate, wrongTtls } from './backfill-fixtures';

const ITEMS = 3_000;

/**
 * A backfill spec as earlier versions wrote it (`rate: {mode: 'fixed', wcuPerSecond,
 * rcuPerSecond}`, and live settings without a write mode) still parses, runs, and resumes
 * from its job folder, with a rate changed at resume.
 */
describe('a backfill spec of an earlier version', () => {
  let world: SandboxEngine;

  beforeAll(async () => {
    world = await startSandboxEngine('backfill-old-spec');
    await createFixtureTable(world.client, 'old', { wcu: 4_000, rcu: 4_000 });
    await populate(world.client, 'old', ITEMS);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('parses, stops part way, and resumes at a rate changed at resume to the end', async () => {
    const saved = `{"kind":"backfill","connection":${JSON.stringify(world.connection())},"table":"old",
      "operation":{"kind":"add-ttl","attribute":"ttl","fromAttribute":"created","addDays":30},
      "scan":{"segments":32,"workers":1,"pageLimit":100,"shuffle":true,"writesInFlightPerWorker":32,"scansInFlightPerWorker":4},
      "rate":{"mode":"fixed","wcuPerSecond":150,"rcuPerSecond":1000},"limits":{},"safety":{"backup":"none","overrideNoBackup":false}}`;
    const spec = jobSpecSchema.parse(JSON.parse(saved));
    expect(spec.kind === 'backfill' && spec.rate).toEqual({ mode: 'fixed', wcuPerSecond: 150, rcuPerSecond: 1000 });

    const started = await world.engine.jobs.start(spec);
    const job = world.engine.jobs.get(started.id);
    await waitFor(() => job.snapshot().totals.written >= 300, 30_000, '300 items written');
    job.stop();
    const stopped = await world.engine.jobs.waitForEnd(started.id);
    expect(stopped?.job.state).toBe('stopped');
    expect(stopped!.reconciliation.written).toBeLessThan(fixtureItemsLackingTtl(ITEMS));
    // What an earlier version left beside the checkpoint: no write mode for a backfill.
    await writeFile(join(world.dir, 'data', 'jobs', started.id, 'live-settings.json'), JSON.stringify({ rateMode: null, wcuPerSecond: 150, rcuPerSecond: 1000 }));

    const resumed = await world.engine.jobs.resume(started.id, (s) => applyResumeChanges(s, { wcuPerSecond: 3_000 }));
    expect(resumed.kind === 'backfill' && resumed.rateMode).toEqual({ mode: 'fixed', wcuPerSecond: 3_000 });
    expect(resumed.kind === 'backfill' && resumed.readRateRcuPerSecond).toBe(1_000);
    const report = await world.engine.jobs.waitForEnd(started.id);
    expect(report?.job.state).toBe('completed');
    expect(report?.reconciliation).toMatchObject({ read: ITEMS, written: fixtureItemsLackingTtl(ITEMS), pending: 0, balanced: true });
    expect(wrongTtls(await scanAll(world.client, 'old'), 30)).toEqual([]);
  }, 120_000);
});
