import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetActionStore } from '../../../electron/engine/fleet/fleet-action-store';
import { FleetBudget } from '../../../electron/engine/fleet/fleet-budget';
import { fleetJobKeys } from '../../../electron/engine/fleet/fleet-keys';
import type { JobReport } from '../../../shared/job-report';
import { actionMarkers } from '../../../shared/report/report-run-sections';
import { waitFor } from '../../support/table-reader';
import { expectExactLoad, killWorkerOfRunningShard, startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const OBJECTS = 6;
const ROWS = 500;

// Three `capstan worker` processes and `capstan load --fleet` coordinators on a real Redis and
// the sandbox: a pause reaches every worker holding the job within 1 s; a worker SIGKILLed
// mid-shard loses its shard to another, which continues from the checkpoint, and the load
// still ends exact; a coordinator SIGKILLed mid-job and started again with --resume attaches
// to the job in Redis, ends it exact, and its report lists the operator's actions (typed into
// the coordinator that was killed) from the job's action list in Redis, on the chart it
// continued from the job's folder.
describe('fleet failures, end to end', () => {
  let world: FleetWorld;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS, workers: 3, watch: true });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const loadArgs = (table: string, rate: number) => world.loadArgs(table, rate);
  const coordinate = (args: string[]) => world.coordinate(args);

  const expectExact = (table: string, jobId: string) => expectExactLoad(world, table, jobId);

  it('a pause reaches every worker within 1 s; a worker SIGKILLed mid-shard still leaves the load exact', async () => {
    await world.makeTable('killed_worker');
    const coordinator = coordinate(loadArgs('killed_worker', 400));
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const probe = new FleetProbe(world.watch!, jobId);
    // Workers that hold shards of the job log the fleet's state changes with their clock.
    const running = new RegExp(`Job ${jobId} running at (\\d+)`);
    await waitFor(() => world.workers.filter((w) => w.output.some((l) => running.test(l))).length >= 2, 60_000, 'two workers running the job');
    const holding = world.workers.filter((w) => w.output.some((l) => running.test(l)));
    const pausedAt = Date.now();
    await new FleetBudget(world.watch!, jobId).pause();
    const paused = new RegExp(`Job ${jobId} paused at (\\d+)`);
    const seen = await Promise.all(holding.map(async (w) => Number((await w.waitForLine(paused, 20_000))[1])));
    expect(Math.max(...seen) - pausedAt).toBeLessThan(1000);
    await new FleetBudget(world.watch!, jobId).resume();

    // Kill the worker of a running shard once that shard has a checkpoint with writes in it.
    await killWorkerOfRunningShard(world, probe, 'a running shard with a checkpoint');
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);
    await expectExact('killed_worker', jobId);
    await world.startWorker();
  }, 300_000);

  it('a coordinator SIGKILLed mid-job and started again with --resume attaches, ends exact, and reports the actions from before the kill', async () => {
    await world.makeTable('killed_coordinator');
    const first = world.coordinate(loadArgs('killed_coordinator', 600), { stdin: 'pipe' });
    const jobId = (await first.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    await first.waitForLine(/^Keys: p pause, r resume/);
    // The operator's actions, typed into the first coordinator: a rate (the fixed mode at 300), a pause, a resume.
    const type = (line: string) => first.child.stdin!.write(`${line}\n`);
    const budget = new FleetBudget(world.watch!, jobId);
    type('rate 300');
    await waitFor(async () => (await budget.read())?.rates.write.operatorRate === 300, 15_000, 'the fleet at 300 WCU/s', 20);
    type('p');
    await waitFor(async () => (await budget.read())?.state === 'paused', 15_000, 'the fleet paused', 20);
    type('r');
    await waitFor(async () => (await budget.read())?.state === 'running', 15_000, 'the fleet running again', 20);
    const kept = new FleetActionStore(world.watch!, jobId);
    await waitFor(async () => (await kept.all()).length === 3, 15_000, 'three actions kept in Redis', 20);
    const probe = new FleetProbe(world.watch!, jobId);
    await waitFor(async () => (await probe.shards()).some((s) => s.state === 'done'), 120_000, 'a shard done', 100);
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    const second = coordinate(['load', '--fleet', world.redis.url, '--resume', jobId, '--data-dir', join(world.dir, 'data')]);
    await second.waitForLine(new RegExp(`Attached to fleet job ${jobId}`), 60_000);
    expect(await second.exited, second.output.join('\n')).toBe(0);
    await expectExact('killed_coordinator', jobId);
    // The resumed coordinator's report lists the actions taken on the one it replaced, in order.
    const report = JSON.parse(await readFile(join(world.dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    const actions = report.actions ?? [];
    expect(actions.map((a) => `${a.kind} by ${a.by}`)).toEqual(['mode by operator', 'pause by operator', 'resume by operator']);
    expect(actions[0]!.words).toMatch(/300 WCU\/s/);
    expect(actions.every((a) => a.atMs < killedAt)).toBe(true);
    // The resumed coordinator continued the chart its predecessor kept in the job's folder:
    // seconds from both sides of the kill, numbered on, adding up to the job's totals, and
    // every action at its own second (not all at second 0 of the second coordinator's chart).
    const series = report.series;
    expect(series.some((t) => t.atMs < killedAt) && series.some((t) => t.atMs > killedAt)).toBe(true);
    expect(series.map((t) => t.second)).toEqual(series.map((_, i) => i + 1));
    expect(series.reduce((sum, t) => sum + t.written, 0)).toBe(report.totals.written);
    expect(report.times.startedAtMs).toBeLessThanOrEqual(series[0]!.atMs);
    const markers = actionMarkers(report);
    expect(markers.map((m) => m.action.kind)).toEqual(['mode', 'pause', 'resume']);
    for (const { second, action } of markers) {
      const at = series[Math.floor(second) - 1];
      // In the second that holds it: after the tick it is placed on, before the next one (before the first tick: second 0).
      if (at) expect(at.atMs).toBeLessThanOrEqual(action.atMs);
      else expect(series[0]!.atMs).toBeGreaterThan(action.atMs);
      const next = series[Math.floor(second)];
      if (next) expect(next.atMs).toBeGreaterThan(action.atMs);
    }
    expect(markers.at(-1)!.second).toBeGreaterThan(0);
    // The job's keys, the action list's too, leave Redis with its report.
    expect(await world.watch!.exists(fleetJobKeys(jobId).actions)).toBe(0);
  }, 300_000);
});
