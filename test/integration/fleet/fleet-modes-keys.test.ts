import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget, type FleetControl } from '../../../electron/engine/fleet/fleet-budget';
import { waitFor } from '../../support/table-reader';
import { expectExactLoad, startFleetWorld, type FleetWorld } from './fleet-harness';

const OBJECTS = 4;
const ROWS = 500;
const ITEMS = OBJECTS * ROWS;

// Keys typed into `capstan load --fleet` while it runs (its stdin, a pipe here, one command a
// line; single keys in a terminal): p pauses every worker, r resumes, a number sets the fleet's
// write rate and + raises it 10%, in the budget in Redis that two `capstan worker` processes
// lease from; unknown input is answered in words; the load still ends exact. A local run
// (`capstan load` without --fleet) takes the same keys.
describe('keys of a fleet run in a terminal', () => {
  let world: FleetWorld;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS, workers: 2, watch: true });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('pauses, resumes and sets the rate of the whole fleet from the keys, and ends exact', async () => {
    await world.makeTable('fleet_keys');
    const cli = world.coordinate(world.loadArgs('fleet_keys', 150), { stdin: 'pipe' });
    const type = (line: string) => cli.child.stdin!.write(`${line}\n`);
    const jobId = (await cli.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    await cli.waitForLine(/^Keys: p pause, r resume/);
    const budget = new FleetBudget(world.watch!, jobId);
    const control = async (ok: (c: FleetControl) => boolean, what: string) => waitFor(async () => {
      const c = await budget.read();
      return c && ok(c) ? c : null;
    }, 15_000, what, 20);
    // Wait until both workers hold the job and run it.
    const running = new RegExp(`Job ${jobId} running at (\\d+)`);
    await waitFor(() => world.workers.filter((w) => w.output.some((l) => running.test(l))).length >= 2, 60_000, 'both workers running the job');

    const typedAt = Date.now();
    type('p');
    await control((c) => c.state === 'paused' && c.pausedBy === 'operator', 'the fleet paused by the p key');
    const paused = new RegExp(`Job ${jobId} paused at (\\d+)`);
    const seen = await Promise.all(world.workers.map(async (w) => Number((await w.waitForLine(paused, 20_000))[1])));
    expect(Math.max(...seen) - typedAt).toBeLessThan(1000);
    expect(await budget.take('write', 'probe')).toMatchObject({ state: 'paused', grantedUnits: 0 });
    await cli.waitForLine(/^Pausing: no new requests leave/);

    type('r');
    await control((c) => c.state === 'running', 'the fleet running again after r');
    type('rate 700');
    await control((c) => c.rates.write.operatorRate === 700, 'the fleet at 700 WCU/s');
    await cli.waitForLine(/^Write rate set to 700 WCU\/s/);
    type('+');
    await control((c) => c.rates.write.operatorRate === 770, 'the fleet at 770 WCU/s after +');
    type('faster');
    await cli.waitForLine(/^"faster" is not a key here\. Keys: /);

    expect(await cli.exited, cli.output.join('\n')).toBe(0);
    await expectExactLoad(world, 'fleet_keys', jobId);
  }, 300_000);

  it('a local run from the same terminal takes the same keys', async () => {
    await world.makeTable('local_keys');
    const local = world.coordinate(world.loadArgs('local_keys', 150, { local: true, source: world.localFile }), { stdin: 'pipe' });
    const type = (line: string) => local.child.stdin!.write(`${line}\n`);
    await local.waitForLine(/^Keys: p pause, r resume/);
    await local.waitForLine(/^\[info\] Started: /, 60_000);
    type('p');
    await local.waitForLine(/^\[info\] Paused by the operator/, 20_000);
    type('r');
    await local.waitForLine(/^\[info\] Resumed by the operator/, 20_000);
    type('700');
    await local.waitForLine(/^\[info\] Rate mode: fixed at 700 WCU\/s/, 20_000);
    expect(await local.exited, local.output.join('\n')).toBe(0);
    expect((await world.tableItems('local_keys')).map((i) => i.pk!.S!).sort()).toEqual(world.keys);
  }, 300_000);

  it('with --no-keys stdin is left alone: no key list, a typed p does nothing, the run ends exact', async () => {
    await world.makeTable('no_keys');
    const run = world.coordinate([...world.loadArgs('no_keys', 3000, { local: true, source: world.localFile }), '--no-keys'], { stdin: 'pipe' });
    await run.waitForLine(/^\[info\] Started: /, 60_000);
    run.child.stdin!.write('p\n');
    // The stdin pipe stays open: the run ends without anybody closing it.
    expect(await run.exited, run.output.join('\n')).toBe(0);
    expect(run.output.some((l) => l.startsWith('Keys:') || /Paused by the operator/.test(l))).toBe(false);
    expect((await world.tableItems('no_keys')).length).toBe(ITEMS);
  }, 300_000);
});
