import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget, type FleetControl } from '../../../electron/engine/fleet/fleet-budget';
import type { JobSpec } from '../../../shared/job-spec';
import type { RateModeInput } from '../../../shared/rate-modes';
import { waitFor } from '../../support/table-reader';
import { expectExactLoad, startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';
import { fleetLoadSpec, PanelFleetJobs, type PanelFleetJob } from './panel-fleet-job';

const OBJECTS = 4;
const ROWS = 500;

/** HH:MM in UTC, `hours` from now. */
function utcClock(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

// Rate modes other than fixed on a fleet, decided once by the coordinator (the panel's face of a
// fleet job, in this process) with the local job's rate control, and written into the fleet
// budget in Redis that two `capstan worker` processes lease from: a closed time window holds the
// whole fleet (shards taken, nothing written); a mode change to an open window resumes it at the
// window's rate; the slider switches it to fixed; the load still ends exact. A fill mode's
// decision (from the table's capacity and CloudWatch) is the fleet's shared rate.
describe('fleet rate modes', () => {
  let world: FleetWorld;
  const jobs = new PanelFleetJobs();

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS, workers: 2, watch: true });
  }, 120_000);
  afterAll(async () => {
    jobs.stopRunning();
    await world?.close();
  });

  const loadSpec = (table: string, rate: RateModeInput): JobSpec => fleetLoadSpec(world, table, { rate });

  const start = (spec: JobSpec): Promise<PanelFleetJob> => jobs.start(world, spec);

  const control = (jobId: string): Promise<FleetControl | null> => new FleetBudget(world.watch!, jobId).read();

  it('a closed window holds the whole fleet; a mode change resumes it at the new rate; the slider makes it fixed; exact', async () => {
    await world.makeTable('fleet_windows');
    const closed: RateModeInput = { mode: 'windows', windows: [{ start: utcClock(3), end: utcClock(4) }], timeZone: 'UTC', inside: { kind: 'rate', wcuPerSecond: 900 } };
    const { job, ended, lines } = await start(loadSpec('fleet_windows', closed));
    // Held from its first second: the budget was created paused by the window, with the mode's words.
    const held = await control(job.id);
    expect(held).toMatchObject({ state: 'paused', pausedBy: 'window' });
    expect(held!.pauseReason).toMatch(/^windows: paused outside/);
    expect(lines.some((l) => /^Paused: windows: paused outside/.test(l))).toBe(true);
    // Workers take shards but get no capacity: shards running on both workers, nothing written.
    const probe = new FleetProbe(world.watch!, job.id);
    await waitFor(async () => (await probe.workers()).filter((w) => w.shardsRunning.some((s) => s.startsWith(`${job.id}/`))).length >= 2, 60_000, 'both workers holding shards', 100);
    expect((await world.tableItems('fleet_windows')).length).toBe(0);
    await waitFor(() => job.snapshot().pausedBy === 'window', 15_000, 'the snapshot says paused by the window');

    // The panel changes the mode: a window open now, at 700 WCU/s. The coordinator resumes the fleet and sets its rate.
    job.setMode!({ mode: 'windows', windows: [{ start: utcClock(-1), end: utcClock(1) }], timeZone: 'UTC', inside: { kind: 'rate', wcuPerSecond: 700 } });
    const open = await waitFor(async () => {
      const c = await control(job.id);
      return c?.state === 'running' && c.rates.write.operatorRate === 700 ? c : null;
    }, 5_000, 'the fleet running at the open window\'s rate', 50);
    expect(open.mode).toMatch(/^only inside/);
    expect(open.pausedBy).toBeNull();
    await waitFor(async () => (await probe.shards()).some((s) => s.checkpointCounts.written > 0), 60_000, 'writes under the open window', 100);

    // The slider: the fleet switches to fixed at 1,500 WCU/s, as a local job does.
    job.setRate(1500);
    const fixed = await waitFor(async () => {
      const c = await control(job.id);
      return c?.rates.write.operatorRate === 1500 ? c : null;
    }, 5_000, 'the fixed rate in the budget', 50);
    expect(fixed.mode).toBe('fixed at 1,500 WCU/s');
    expect(fixed.rateMode).toEqual({ mode: 'fixed', wcuPerSecond: 1500 });
    await waitFor(() => (job.snapshot() as { rateMode?: { mode: string } }).rateMode?.mode === 'fixed', 15_000, 'the snapshot in fixed mode');

    await ended;
    await expectExactLoad(world, 'fleet_windows', job.id);
    // The report lists what steered it, who did, in order, as a local job's does.
    expect((job.finalReport()!.actions ?? []).map((a) => `${a.kind} by ${a.by}`)).toEqual(['pause by window', 'mode by operator', 'resume by window', 'mode by operator']);
  }, 300_000);

  it('a fill mode: the shared rate is the mode\'s decision from the table, not a rate anybody typed', async () => {
    await world.makeTable('fleet_fill', 4000);
    const { job, ended } = await start(loadSpec('fleet_fill', { mode: 'fill', share: 0.5 }));
    // CloudWatch (the sandbox's) says the table has no organic traffic: half of 4,000 provisioned WCU, decided by the coordinator.
    const decided = await waitFor(() => {
      const decision = job.snapshot().capacity?.decision;
      return decision && /4,000 provisioned x 50\.0% - organic 0/.test(decision.reason) ? decision : null;
    }, 60_000, 'the fill mode deciding from CloudWatch', 100);
    expect(decided.rateWcuPerSecond).toBe(2000);
    const c = await waitFor(async () => {
      const now = await control(job.id);
      return now?.rates.write.operatorRate === 2000 ? now : null;
    }, 5_000, 'the fleet budget at the decided 2,000 WCU/s', 50);
    expect(c.mode).toMatch(/^fill the table to 50%/);
    await ended;
    await expectExactLoad(world, 'fleet_fill', job.id);
  }, 300_000);
});
