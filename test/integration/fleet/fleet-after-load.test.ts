import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { startFleetWorld, type FleetWorld } from './fleet-harness';
import { fleetLoadSpec, PanelFleetJobs } from './panel-fleet-job';

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${from + i},name ${from + i}`);
const csv = (lines: string[]) => `customer_id,name\n${lines.join('\n')}\n`;

// A fleet load's `afterLoad` (--done-prefix, --failed-prefix, --delete-originals) is done by
// its coordinator once every shard is done, from the fleet's per-object audit, with the code
// a local load uses; one `capstan worker`, a real Redis and the sandbox's S3. One object
// loads whole, one is a gzip cut short (its rows before the cut load, the object fails).
// From the CLI and from the panel's face of a fleet job.
describe('a fleet load moves finished objects as asked', () => {
  let world: FleetWorld;
  const panelJobs = new PanelFleetJobs();

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10, workers: 1, watch: true });
  }, 120_000);
  afterAll(async () => {
    panelJobs.stopRunning();
    await world?.close();
  });

  /** Puts one good and one damaged object under `s3://warehouse/<folder>/in/`. */
  async function putObjects(folder: string): Promise<void> {
    const whole = gzipSync(csv(rows(3000, 2000)));
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: `${folder}/in/good.csv`, Body: csv(rows(1000, 300)) }));
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: `${folder}/in/bad.csv.gz`, Body: whole.subarray(0, Math.floor(whole.length / 2)) }));
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    return ((await world.s3.send(new ListObjectsV2Command({ Bucket: 'warehouse', Prefix: prefix }))).Contents ?? []).map((c) => c.Key!).sort();
  }

  async function fleetLoad(folder: string, extra: string[]): Promise<JobReport> {
    await world.makeTable(folder);
    await putObjects(folder);
    const reportPath = join(world.dir, `${folder}.json`);
    const run = await runCli([
      ...world.loadArgs(folder, 20_000, { source: `s3://warehouse/${folder}/in/` }), '--report', reportPath,
      '--done-prefix', `s3://warehouse/${folder}/done/`, '--failed-prefix', `s3://warehouse/${folder}/failed/`, ...extra,
    ]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    // Its report written, the completed job has left Redis.
    expect(await world.watch!.keys(`*${report.job.id}*`)).toEqual([]);
    return report;
  }

  function expectAudit(report: JobReport, folder: string): void {
    expect(report.job.state).toBe('completed');
    expect(report.job.spec.kind === 'load' && report.job.spec.source.afterLoad).toBeTruthy();
    const byName = new Map((report.objects ?? []).map((line) => [line.name, line]));
    expect([...byName.keys()].sort()).toEqual([`s3://warehouse/${folder}/in/bad.csv.gz`, `s3://warehouse/${folder}/in/good.csv`]);
    expect(byName.get(`s3://warehouse/${folder}/in/good.csv`)).toMatchObject({ records: 300, written: 300, rejected: 0, state: 'done', movedTo: `s3://warehouse/${folder}/done/good.csv`, moveError: null });
    const damaged = byName.get(`s3://warehouse/${folder}/in/bad.csv.gz`)!;
    expect(damaged).toMatchObject({ rejected: 1, state: 'failed', movedTo: `s3://warehouse/${folder}/failed/bad.csv.gz`, moveError: null });
    expect(damaged.reason).toMatch(/gzip data is damaged/);
    expect(damaged.written).toBeGreaterThan(0);
  }

  it('copies the done object under --done-prefix and the failed one under --failed-prefix, keeping the originals', async () => {
    const report = await fleetLoad('kept', []);
    expectAudit(report, 'kept');
    expect(await keysUnder('kept/done/')).toEqual(['kept/done/good.csv']);
    expect(await keysUnder('kept/failed/')).toEqual(['kept/failed/bad.csv.gz']);
    expect(await keysUnder('kept/in/')).toEqual(['kept/in/bad.csv.gz', 'kept/in/good.csv']);
    // The copies are the objects themselves.
    const copied = await world.s3.send(new ListObjectsV2Command({ Bucket: 'warehouse', Prefix: 'kept/' }));
    const size = (key: string) => copied.Contents?.find((c) => c.Key === key)?.Size;
    expect(size('kept/done/good.csv')).toBe(size('kept/in/good.csv'));
    expect(size('kept/failed/bad.csv.gz')).toBe(size('kept/in/bad.csv.gz'));
  }, 180_000);

  it('with --delete-originals, deletes each original after its copy', async () => {
    const report = await fleetLoad('deleted', ['--delete-originals']);
    expectAudit(report, 'deleted');
    expect(await keysUnder('deleted/in/')).toEqual([]);
    expect(await keysUnder('deleted/done/')).toEqual(['deleted/done/good.csv']);
    expect(await keysUnder('deleted/failed/')).toEqual(['deleted/failed/bad.csv.gz']);
  }, 180_000);

  it("on the panel's face (the engine job the dashboard runs), the same copies and audit", async () => {
    await world.makeTable('panel');
    await putObjects('panel');
    const spec = fleetLoadSpec(world, 'panel', {
      source: { path: 's3://warehouse/panel/in/', format: 'csv', afterLoad: { donePrefix: 's3://warehouse/panel/done/', failedPrefix: 's3://warehouse/panel/failed/' } },
    });
    const { job, ended, lines } = await panelJobs.start(world, spec);
    await ended;
    const report = job.finalReport();
    expect(report, lines.join('\n')).not.toBeNull();
    expectAudit(report!, 'panel');
    expect(lines).toContain('Copied 2 finished object(s) to the done/failed prefixes');
    expect(await keysUnder('panel/done/')).toEqual(['panel/done/good.csv']);
    expect(await keysUnder('panel/failed/')).toEqual(['panel/failed/bad.csv.gz']);
    expect(await keysUnder('panel/in/')).toEqual(['panel/in/bad.csv.gz', 'panel/in/good.csv']);
    // Its report on disk, the completed job has left Redis.
    expect(await world.watch!.keys(`*${job.id}*`)).toEqual([]);
  }, 180_000);

  it('a load that fails (its reject limit passed) moves nothing', async () => {
    await world.makeTable('limited');
    await putObjects('limited');
    const run = await runCli([
      ...world.loadArgs('limited', 20_000, { source: 's3://warehouse/limited/in/' }), '--report', join(world.dir, 'limited.json'),
      '--done-prefix', 's3://warehouse/limited/done/', '--failed-prefix', 's3://warehouse/limited/failed/', '--delete-originals', '--max-rejects', '0',
    ]);
    expect(run.code, run.output).not.toBe(0);
    const report = JSON.parse(await readFile(join(world.dir, 'limited.json'), 'utf8')) as JobReport;
    expect(report.job.state).toBe('failed');
    expect((report.objects ?? []).every((line) => line.movedTo === null)).toBe(true);
    // A failed job stays in Redis, for a resume to attach to.
    expect((await world.watch!.keys(`*${report.job.id}*`)).length).toBeGreaterThan(0);
    expect(await keysUnder('limited/in/')).toEqual(['limited/in/bad.csv.gz', 'limited/in/good.csv']);
    expect(await keysUnder('limited/done/')).toEqual([]);
    expect(await keysUnder('limited/failed/')).toEqual([]);
  }, 180_000);
});
