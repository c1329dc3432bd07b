import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFleetEngineJob } from '../../../electron/engine/fleet-engine-job';
import { fleetJobInRedis } from '../../../electron/engine/fleet-plan';
import { workerTarget } from '../../../electron/engine/fleet/worker-target';
import { parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { RunHistory } from '../../../electron/engine/history/run-history';
import { fleetPlanningRefusal } from '../../../shared/fleet-status';
import type { JobReport } from '../../../shared/job-report';
import { waitFor } from '../../support/table-reader';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { startFleetWorld, type FleetWorld } from './fleet-harness';
import { fleetLoadSpec, PanelFleetJobs, WORKER_VERSION } from './panel-fleet-job';

const ROWS = 12_000;
const OBJECT = 's3://warehouse/big/planning.csv';
/** The object reaches the coordinator this fast while it plans, so its index pass lasts several seconds. */
const PLANNING_BYTES_PER_SECOND = 128 * 1024;

// A fleet load of one big object opened as the panel opens it (the EngineJob face), while
// its coordinator's index pass runs (the sandbox behind a slowed proxy): steering is
// refused in words, Stop ends it with its spec and a report that says it was stopped during
// planning (nothing queued, nothing loaded), History lists it, and resuming it plans it anew
// and loads the object exactly. From the command line, Ctrl-C during the pass does the
// same. Attaching to a job that is in neither Redis nor such a report is refused in words.
describe('a fleet job stopped while its coordinator plans', () => {
  let world: FleetWorld;
  let proxy: TcpProxy;
  const jobs = new PanelFleetJobs();

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10, workers: 1 });
    proxy = await startTcpProxy(Number(new URL(world.sandbox.url).port), { rewriteHost: true });
    const rows = Array.from({ length: ROWS }, (_, i) => `${i},Name ${i},${'x'.repeat(80)}`);
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'big/planning.csv', Body: `customer_id,name,note\n${rows.join('\n')}\n` }));
  }, 120_000);
  afterAll(async () => {
    jobs.stopRunning();
    await proxy?.close();
    await world?.close();
  });

  it('refuses pause, rate, mode and ceiling in words while planning; Stop leaves the spec and a stopped-during-planning report; a resume plans it again and loads it exactly', async () => {
    await world.makeTable('planning_stop');
    const spec = fleetLoadSpec(world, 'planning_stop', {
      connection: { kind: 'endpoint', endpoint: `http://127.0.0.1:${proxy.port}`, region: 'us-east-1' },
      source: { path: OBJECT, format: 'csv' }, rate: { mode: 'fixed', wcuPerSecond: 5000 },
      fleet: { queue: world.redis.url.replace(/\/$/, ''), rangeMb: 0.25 },
    }, OBJECT);
    proxy.throttle(PLANNING_BYTES_PER_SECOND);
    const { job, ended, lines } = await jobs.start(world, spec);
    const dir = join(world.dir, 'data', 'jobs', job.id);
    // Handed out as soon as the index pass started: validating, with the pass on its fleet view.
    expect(job.snapshot().state).toBe('validating');
    await waitFor(() => (job.snapshot().fleet?.planning?.bytesRead ?? 0) > 0, 30_000, 'the index pass past its first bytes');
    expect(job.snapshot().fleet?.planning?.object).toBe(OBJECT);

    // Steering waits for the shards, in the engine's words (the host answers the panel with these).
    expect(() => job.pause()).toThrow(fleetPlanningRefusal('Pausing'));
    expect(() => job.resume()).toThrow(fleetPlanningRefusal('Resuming'));
    expect(() => job.setRate(100)).toThrow(fleetPlanningRefusal('A rate change'));
    expect(() => job.setMode!({ mode: 'fixed', wcuPerSecond: 100 })).toThrow(fleetPlanningRefusal('A rate mode change'));
    expect(() => job.setCostCeiling(5)).toThrow(fleetPlanningRefusal('A cost ceiling change'));
    expect(job.snapshot().state).toBe('validating');
    expect(job.snapshot().rateWcuPerSecond).toBe(5000);

    job.stop();
    await ended;
    expect(job.snapshot().state).toBe('stopped');
    expect(await fleetJobInRedis(parseRedisUrl(world.redis.url), job.id)).toBe(false);
    expect(await world.tableItems('planning_stop')).toEqual([]);

    // The folder: the spec as started, and a report that says where the pass was and that nothing was loaded.
    expect(JSON.parse(await readFile(join(dir, 'spec.json'), 'utf8'))).toEqual(spec);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
    expect(JSON.parse(JSON.stringify(job.finalReport()))).toEqual(report);
    expect(report.job).toMatchObject({ id: job.id, state: 'stopped', spec });
    expect(report.reconciliation).toMatchObject({ read: 0, written: 0, rejected: 0, pending: 0, workLeft: true });
    const note = report.notes.find((n) => n.startsWith('Stopped during planning:'));
    expect(note).toMatch(/^Stopped during planning: the coordinator's index pass over s3:\/\/warehouse\/big\/planning\.csv had read [\d.,]+ (KB|MB) of [\d.,]+ MB; no shard was queued and nothing was loaded\. Run it again \(or resume it\) to plan it anew\.$/);
    expect((report.actions ?? []).map((a) => [a.kind, a.by, a.words])).toEqual([['stop', 'operator', 'Stop requested while planning: the index pass ends and nothing is queued']]);
    expect(lines).toContain(note);

    // History lists it as a stopped run with work left (resumable), not as an interrupted one.
    const listed = (await new RunHistory(join(world.dir, 'data')).list(new Map())).find((r) => r.id === job.id);
    expect(listed).toMatchObject({ state: 'stopped', interrupted: false, resumable: true, spec });

    // Resumed (as the job manager resumes a fleet job: attach to its id): nothing was in Redis, so it is planned anew and loads exactly.
    proxy.throttle(null);
    const resumed = await openFleetEngineJob(spec, {
      queueUrl: world.redis.url, dataDir: join(world.dir, 'data'), capstanVersion: WORKER_VERSION, clientTarget: workerTarget(spec), attachTo: job.id,
      onUpdate: () => undefined,
    });
    expect(resumed.id).toBe(job.id);
    await resumed.run(true);
    const final = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
    expect(final.job.state).toBe('completed');
    expect(final.reconciliation).toMatchObject({ read: ROWS, written: ROWS, rejected: 0, pending: 0, balanced: true });
    expect((await world.tableItems('planning_stop')).length).toBe(ROWS);
    // The stop of the first run stays listed before the resumed run's actions.
    expect(final.actions?.[0]).toMatchObject({ kind: 'stop', words: 'Stop requested while planning: the index pass ends and nothing is queued' });
  }, 240_000);

  it('capstan load --fleet: Ctrl-C during the index pass stops the plan (not the process at once), leaves spec and report, and exits 1', async () => {
    const report = join(world.dir, 'planning-stop-cli.json');
    const args = world.loadArgs('planning_stop', 5000, { source: OBJECT }).map((a) => (a === world.sandbox.url ? `http://127.0.0.1:${proxy.port}` : a));
    proxy.throttle(PLANNING_BYTES_PER_SECOND);
    const coordinator = world.coordinate([...args, '--fleet-range-mb', '0.25', '--report', report]);
    try {
      await coordinator.waitForLine(/^Finding record boundaries in s3:\/\/warehouse\/big\/planning\.csv: 0% of/, 60_000);
      coordinator.child.kill('SIGINT');
      expect(await coordinator.exited, coordinator.output.join('\n')).toBe(1);
    } finally {
      proxy.throttle(null);
    }
    const output = coordinator.output.join('\n');
    expect(output).toContain('Stopping the fleet job while it plans: the index pass ends and nothing is queued');
    expect(output).toMatch(/^Stopped during planning: the coordinator's index pass over s3:\/\/warehouse\/big\/planning\.csv had read .+; no shard was queued and nothing was loaded/m);
    expect(output).toContain('stopped: read 0 = written 0 + rejected 0 + pending 0');
    const written = JSON.parse(await readFile(report, 'utf8')) as JobReport;
    expect(written.job.state).toBe('stopped');
    expect(written.notes.some((n) => n.startsWith('Stopped during planning:'))).toBe(true);
    const dir = join(world.dir, 'data', 'jobs', written.job.id);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toEqual(written);
    expect(JSON.parse(await readFile(join(dir, 'spec.json'), 'utf8'))).toEqual(written.job.spec);
    expect(await fleetJobInRedis(parseRedisUrl(world.redis.url), written.job.id)).toBe(false);
  }, 120_000);

  it('refuses, in words, to attach to a job that is neither in Redis nor stopped during planning', async () => {
    const spec = fleetLoadSpec(world, 'planning_stop', {}, OBJECT);
    await expect(openFleetEngineJob(spec, {
      queueUrl: world.redis.url, dataDir: join(world.dir, 'data'), capstanVersion: WORKER_VERSION, clientTarget: workerTarget(spec), attachTo: 'load-20261202-000000-abcdef',
      onUpdate: () => undefined,
    })).rejects.toThrow(`No fleet job load-20261202-000000-abcdef at ${parseRedisUrl(world.redis.url).display} to attach to (it ended and was removed, or was never planned there)`);
  }, 60_000);
});
