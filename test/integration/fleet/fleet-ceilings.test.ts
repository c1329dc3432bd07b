import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget, type FleetControl } from '../../../electron/engine/fleet/fleet-budget';
import type { JobSpec } from '../../../shared/job-spec';
import { waitFor } from '../../support/table-reader';
import { startFleetWorld, type FleetWorld } from './fleet-harness';
import { fleetLoadSpec, PanelFleetJobs, type PanelFleetJob } from './panel-fleet-job';

const OBJECTS = 4;
const ROWS = 500;
const ITEMS = OBJECTS * ROWS;

// The cost ceiling and the reject limit across a fleet: the coordinator (the panel's face of a
// fleet job, in this process) reads the spend meter and the reject count on the totals summed
// from every shard two `capstan worker` processes checkpoint in Redis, with the code a local job
// uses, and pauses the whole fleet at the ceiling (the operator lifts it and resumes: exact) or
// ends the job failed past the reject limit, saying so in the local job's words; the
// coordinator's snapshot lists the fleet's rejects by reason while it runs, with the report's counts.
describe('fleet cost ceiling and reject limit', () => {
  let world: FleetWorld;
  const jobs = new PanelFleetJobs();

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS, workers: 2, watch: true });
  }, 120_000);
  afterAll(async () => {
    jobs.stopRunning();
    await world?.close();
  });

  const start = (spec: JobSpec): Promise<PanelFleetJob> => jobs.start(world, spec);

  const control = (jobId: string): Promise<FleetControl | null> => new FleetBudget(world.watch!, jobId).read();

  it('pauses the whole fleet at the cost ceiling; lifted and resumed, the load ends exact', async () => {
    await world.makeTable('fleet_ceiling');
    // 2,000 one-unit items cost about $0.0005 on the built-in prices (auto scaling, 70% target): a $0.0001 ceiling is passed by the projection.
    const { job, ended, lines } = await start(fleetLoadSpec(world, 'fleet_ceiling', { rate: { mode: 'fixed', wcuPerSecond: 200 }, limits: { maxCostUsd: 0.0001 } }));
    const paused = await waitFor(async () => {
      const c = await control(job.id);
      return c?.state === 'paused' && c.pausedBy === 'cost' ? c : null;
    }, 60_000, 'the fleet paused by the cost ceiling', 50);
    expect(paused.pauseReason).toMatch(/ceiling/i);
    expect(await new FleetBudget(world.watch!, job.id).take('write', 'probe')).toMatchObject({ state: 'paused', grantedUnits: 0 });
    const snapshot = await waitFor(() => (job.snapshot().pausedBy === 'cost' ? job.snapshot() : null), 15_000, 'the snapshot paused by cost');
    expect(snapshot.pauseReason).toBe(paused.pauseReason);
    expect(snapshot.cost?.ceilingUsd).toBe(0.0001);
    expect(snapshot.cost!.projectedTotalUsd).toBeGreaterThan(0.0001);
    expect(snapshot.totals.written).toBeLessThan(ITEMS);
    expect(lines.some((l) => l.startsWith('Paused: ') && /ceiling/i.test(l))).toBe(true);

    // The operator lifts the ceiling and resumes, as on a local job.
    job.setCostCeiling(null);
    // Kept in Redis, so a coordinator that attaches runs without it too.
    await waitFor(async () => (await control(job.id))?.costCeilingUsd === null, 15_000, 'the removed ceiling in the budget', 20);
    job.resume();
    await ended;
    expect((await world.tableItems('fleet_ceiling')).map((i) => i.pk!.S!).sort()).toEqual(world.keys);
    const report = job.finalReport()!;
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, rejected: 0, pending: 0, balanced: true });
    expect((report.actions ?? []).map((a) => `${a.kind} by ${a.by}`)).toEqual(['pause by cost', 'cost-ceiling by operator', 'resume by operator']);
    // The dashboard numbers the same actions on the fleet job's live chart.
    expect(job.snapshot().actions).toEqual(report.actions);
  }, 300_000);

  it('ends the job failed once the fleet\'s rejects pass maxRejects, in the local job\'s words', async () => {
    await world.makeTable('fleet_rejects');
    // Two objects under mixed/: 300 good rows, and 300 rows of which 200 have an amount that is not a number (pinned N).
    const rows = (from: number, bad: (i: number) => boolean) => Array.from({ length: 300 }, (_, i) => `${from + i},${bad(i) ? 'n/a' : `${i}.5`}`).join('\n');
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'mixed/part-0.csv', Body: `customer_id,amount\n${rows(0, () => false)}\n` }));
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'mixed/part-1.csv', Body: `customer_id,amount\n${rows(1000, (i) => i >= 100)}\n` }));
    const spec = fleetLoadSpec(world, 'fleet_rejects', {
      rate: { mode: 'fixed', wcuPerSecond: 2000 }, limits: { maxRejects: 20 },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }], columnTypes: { amount: 'N' } },
    }, 's3://warehouse/mixed/');
    const { job, ended, lines } = await start(spec);
    await ended;
    const report = job.finalReport()!;
    expect(report.job.state).toBe('failed');
    expect(report.error).toEqual({ name: 'TooManyRejects', message: 'More than 20 records were rejected; the job stops so the input can be checked (see the rejects file).' });
    expect(report.reconciliation.rejected).toBeGreaterThan(20);
    expect(lines).toContain('More than 20 records were rejected; the job stops so the input can be checked (see the rejects file).');
    expect((await control(job.id))?.state).toBe('stopped');
    // Rejects by reason in the coordinator's snapshot (the dashboard's rejects panel): summed from
    // the shards' checkpoints, the same counts as the report's, every reject under the one reason.
    const byReason = job.snapshot().rejectsByReason ?? [];
    expect(byReason).toHaveLength(1);
    // The group names the column; the value (n/a) is folded, so every reject is under it.
    expect(byReason[0]!.reason).toBe('column "amount" should be a number (N) but "…" is not a number');
    expect(byReason[0]!.count).toBe(report.reconciliation.rejected);
    expect(Object.fromEntries(byReason.map((r) => [r.reason, r.count]))).toEqual(report.rejects.byReason);
    expect(byReason[0]!.example).toMatchObject({ raw: expect.stringMatching(/^1\d{3},n\/a$/) as unknown });
  }, 300_000);

  it("shows the fleet's rejects by reason while the job runs, and ends with exactly the rejected rows, as the report counts them", async () => {
    await world.makeTable('fleet_reasons');
    // 300 good rows, and 300 rows of which 200 have an amount that is not a number; at 50 WCU/s the load runs for some 8 s (part-0's good rows long after part-1's rejects), so a loaded machine still sees it running with its rejects.
    const rows = (from: number, bad: (i: number) => boolean) => Array.from({ length: 300 }, (_, i) => `${from + i},${bad(i) ? 'n/a' : `${i}.5`}`).join('\n');
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'reasons/part-0.csv', Body: `customer_id,amount\n${rows(0, () => false)}\n` }));
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'reasons/part-1.csv', Body: `customer_id,amount\n${rows(1000, (i) => i >= 100)}\n` }));
    const { job, ended } = await start(fleetLoadSpec(world, 'fleet_reasons', {
      rate: { mode: 'fixed', wcuPerSecond: 50 },
      mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }], columnTypes: { amount: 'N' } },
    }, 's3://warehouse/reasons/'));
    let done = false;
    void ended.then(() => (done = true));
    // Live: the dashboard's list, from the shards' checkpoints, while the job is still running.
    const live = await waitFor(() => {
      const s = job.snapshot();
      return !done && s.state === 'running' && (s.rejectsByReason?.length ?? 0) > 0 ? s : null;
    }, 60_000, 'rejects by reason in a running fleet job\'s snapshot', 20);
    expect(live.rejectsByReason![0]!.reason).toBe('column "amount" should be a number (N) but "…" is not a number');
    expect(live.rejectsByReason![0]!.example).toMatchObject({ raw: expect.stringMatching(/^1\d{3},n\/a$/) as unknown });
    await ended;
    const report = job.finalReport()!;
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: 600, written: 400, rejected: 200, balanced: true });
    const final = job.snapshot().rejectsByReason ?? [];
    expect(final.map((r) => [r.reason, r.count])).toEqual([[live.rejectsByReason![0]!.reason, 200]]);
    expect(Object.fromEntries(final.map((r) => [r.reason, r.count]))).toEqual(report.rejects.byReason);
  }, 300_000);
});
