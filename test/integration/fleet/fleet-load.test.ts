import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../shared/fleet-status';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { startFleetWorld, type FleetWorld } from './fleet-harness';

const OBJECTS = 6;
const ROWS = 500;

// A load from S3 objects run by three `capstan worker` processes and a `capstan load --fleet`
// coordinator, against the sandbox over HTTP and a real Redis: the table ends equal to the
// sources, the report reconciles exactly and carries the per-worker table.
describe('capstan load --fleet with three workers', () => {
  let world: FleetWorld;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS });
    await Promise.all([world.startWorker(), world.startWorker(), world.startWorker()]);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const loadArgs = (table: string, rate: number) => [...world.loadArgs(table, rate), '--report', join(world.dir, `${table}.json`)];

  it('loads every object exactly once, with one report and a per-worker table', async () => {
    await world.makeTable('fleet_load');
    const run = await runCli(loadArgs('fleet_load', 3000));
    expect(run.code, run.output).toBe(0);
    const keys = (await world.tableItems('fleet_load')).map((i) => i.pk!.S!).sort();
    expect(keys).toEqual(world.keys);
    const report = JSON.parse(await readFile(join(world.dir, 'fleet_load.json'), 'utf8')) as JobReport & { fleet: FleetStatus };
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: OBJECTS * ROWS, written: OBJECTS * ROWS, rejected: 0, pending: 0, balanced: true });
    expect(report.job.spec.fleet?.queue).toBe(world.redis.url.replace(/\/$/, ''));
    expect(report.fleet.shards).toEqual({ pending: 0, running: 0, done: OBJECTS, failed: 0 });
    const rows = report.fleet.workers.filter((w) => w.shardsDone > 0);
    expect(rows.reduce((n, w) => n + w.shardsDone, 0)).toBe(OBJECTS);
    expect(rows.reduce((n, w) => n + w.itemsWritten, 0)).toBe(OBJECTS * ROWS);
  }, 180_000);

  it('refuses, in words, a fleet load of local files', async () => {
    const run = await runCli(world.loadArgs('fleet_load', 1000, { source: world.localFile }));
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/workers on other machines cannot read this machine's files/);
  }, 60_000);
});
