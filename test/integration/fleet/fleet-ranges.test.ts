import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetStatus } from '../../../shared/fleet-status';
import type { JobReport, RejectLine } from '../../../shared/job-report';
import { jobSpecSchema, type LoadJobSpecInput } from '../../../shared/job-spec';
import { runCli } from '../../support/built-app';
import { FleetJobRun } from '../../../electron/engine/fleet-job';
import { workerTarget } from '../../../electron/engine/fleet/worker-target';
import { parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import { WORKER_VERSION } from './panel-fleet-job';
import { killWorkerOfRunningShard, startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const ROWS = 30_000;
/** --fleet-range-mb of the test: ranges of about 160 KB of a ~1 MB object. */
const RANGE_MB = 0.15;
const RANGE_BYTES = Math.round(RANGE_MB * 1024 * 1024);
/** The data row (0-based, = its ordinal) with one field too many: rejected, in a late range. */
const BROKEN_ROW = 25_003;

interface BigObject {
  text: string;
  /** Key of every written row, sorted. */
  keys: string[];
  /** Data rows whose note holds a line break, by key, with that note. */
  multiline: Map<string, string>;
  /** The physical line the broken row starts on (1-based, the header is line 1). */
  brokenLine: number;
}

/**
 * One CSV object: customer_id,name,note. Where a range would be cut by bytes alone (every
 * RANGE_BYTES after the last cut, as the index pass looks for its next boundary), the row
 * that spans the cut gets a quoted note with a line break and a comma, so the byte sits
 * inside the quotes and the range must start after that row. Returns the ranges expected.
 */
function bigObject(): BigObject & { ranges: number } {
  const rows = Array.from({ length: ROWS }, (_, i) => (i === BROKEN_ROW ? `${i},Name ${i},plain,extra` : `${i},Name ${i},plain note ${i % 97}`));
  const multiline = new Map<string, string>();
  const header = 'customer_id,name,note';
  let offset = header.length + 1;
  let nextCut = RANGE_BYTES;
  let ranges = 1;
  for (let i = 0; i < rows.length; i++) {
    if (offset >= nextCut) {
      ranges++;
      nextCut = offset + RANGE_BYTES;
    }
    if (offset < nextCut && offset + rows[i]!.length + 1 > nextCut && i !== BROKEN_ROW) {
      const note = `line one of ${i}, with a comma\nline two of ${i} ${'x'.repeat(40)}`;
      rows[i] = `${i},Name ${i},"${note}"`;
      multiline.set(`CUST#${i}`, note);
    }
    offset += rows[i]!.length + 1;
  }
  const text = `${header}\n${rows.join('\n')}\n`;
  let brokenLine = 2;
  for (let i = 0; i < BROKEN_ROW; i++) brokenLine += rows[i]!.split('\n').length;
  const keys = rows.map((_, i) => `CUST#${i}`).filter((k) => k !== `CUST#${BROKEN_ROW}`).sort();
  return { text, keys, multiline, brokenLine, ranges };
}

// One big uncompressed CSV object loaded by three `capstan worker` processes as byte-range
// shards (real Redis, the sandbox over HTTP with its S3 face): the coordinator's index pass
// cuts it at record boundaries (never inside a quoted line break), each worker reads only
// its range numbered from where it starts, and the table, the reconciliation, the rejects
// (line and ordinal of the whole object) and the per-object audit all come out exact.
describe('capstan load --fleet of one big object in byte ranges', () => {
  let world: FleetWorld;
  let object: ReturnType<typeof bigObject>;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10, workers: 3, watch: true });
    object = bigObject();
    await world.s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'big/customers.csv', Body: object.text }));
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const loadArgs = (table: string, rate: number, report: string) => [
    ...world.loadArgs(table, rate, { source: 's3://warehouse/big/customers.csv' }), '--fleet-range-mb', String(RANGE_MB), '--report', report,
  ];

  /**
   * The same load as a saved job spec for `capstan run`, its range size in the spec
   * (fleet.rangeMb) and not on the command line: the one truth the panel writes too.
   */
  async function specRunArgs(table: string, rate: number, report: string): Promise<string[]> {
    const spec: LoadJobSpecInput = {
      kind: 'load', connection: { kind: 'endpoint', endpoint: world.sandbox.url, region: 'us-east-1' }, table,
      source: { path: 's3://warehouse/big/customers.csv' }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: rate }, fleet: { queue: world.redis.url, rangeMb: RANGE_MB },
    };
    const file = join(world.dir, `${table}.spec.json`);
    await writeFile(file, JSON.stringify(spec));
    return ['run', file, '--data-dir', join(world.dir, 'data'), '--report', report];
  }

  /** The load ended exact: table, reconciliation, shards, the one audit line. */
  async function expectExact(table: string, report: string, shardCount: number): Promise<JobReport & { fleet: FleetStatus }> {
    const items = await world.tableItems(table);
    expect(items.map((i) => i.pk!.S!).sort()).toEqual(object.keys);
    for (const [key, note] of object.multiline) expect(items.find((i) => i.pk!.S === key)?.note?.S, key).toBe(note);
    const r = JSON.parse(await readFile(report, 'utf8')) as JobReport & { fleet: FleetStatus };
    expect(r.job.state).toBe('completed');
    expect(r.reconciliation).toMatchObject({ read: ROWS, written: ROWS - 1, rejected: 1, pending: 0, balanced: true });
    expect(r.fleet.shards).toEqual({ pending: 0, running: 0, done: shardCount, failed: 0 });
    expect(r.objects).toEqual([
      { name: 's3://warehouse/big/customers.csv', sizeBytes: Buffer.byteLength(object.text), records: ROWS, written: ROWS - 1, rejected: 1, state: 'done', reason: null, movedTo: null, moveError: null },
    ]);
    return r;
  }

  it('refuses a range size it cannot use, in words: on the command line, in a saved spec, and on a job already planned', async () => {
    const flag = await runCli([...world.loadArgs('fleet_ranges_bad', 100, { source: 's3://warehouse/big/customers.csv' }), '--fleet-range-mb', '0']);
    expect(flag.code).not.toBe(0);
    expect(flag.output).toContain('--fleet-range-mb: the range shard size is a number of megabytes above 0 (default 64), not "0"');
    const file = join(world.dir, 'bad-range.spec.json');
    await writeFile(file, JSON.stringify({
      kind: 'load', connection: { kind: 'endpoint', endpoint: world.sandbox.url, region: 'us-east-1' }, table: 'fleet_ranges_bad',
      source: { path: 's3://warehouse/big/customers.csv' }, fleet: { queue: world.redis.url, rangeMb: -1 },
    }));
    const spec = await runCli(['run', file, '--data-dir', join(world.dir, 'data')]);
    expect(spec.code).not.toBe(0);
    expect(spec.output).toContain('is not a valid job spec: fleet.rangeMb: the range shard size is a number of megabytes above 0 (default 64), not -1');
    const resume = await runCli(['load', '--fleet', world.redis.url, '--resume', 'load-20261202-000000-abcdef', '--fleet-range-mb', '8', '--data-dir', join(world.dir, 'data')]);
    expect(resume.code).not.toBe(0);
    expect(resume.output).toContain('--fleet-range-mb cannot change a planned job');
  }, 60_000);

  it('cuts the object into range shards and loads it exactly, with one audit line for it', async () => {
    expect(object.ranges).toBeGreaterThanOrEqual(4);
    expect(object.multiline.size).toBe(object.ranges - 1);
    await world.makeTable('fleet_ranges');
    const report = join(world.dir, 'fleet_ranges.json');
    const run = await runCli(loadArgs('fleet_ranges', 5000, report));
    expect(run.code, run.output).toBe(0);
    const shardCount = object.ranges;
    expect(run.output).toContain(`s3://warehouse/big/customers.csv: ${shardCount} byte range(s)`);
    // The coordinator said how far its index pass was, from its start to its end, before queuing.
    expect(run.output).toMatch(/^Finding record boundaries in s3:\/\/warehouse\/big\/customers\.csv: 0% of [\d.,]+ (KB|MB)$/m);
    expect(run.output).toMatch(/^Finding record boundaries in s3:\/\/warehouse\/big\/customers\.csv: 100% of [\d.,]+ (KB|MB)$/m);
    const r = await expectExact('fleet_ranges', report, shardCount);
    expect(r.fleet.workers.filter((w) => w.shardsDone > 0).length).toBeGreaterThanOrEqual(2);

    // The reject names its place in the whole object, though a worker read only its range.
    const rejects = (await readFile(join(world.dir, 'data', 'jobs', r.job.id, 'rejects.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    expect(rejects.map(({ file, line, ordinal }) => ({ file, line, ordinal }))).toEqual([{ file: 's3://warehouse/big/customers.csv', line: object.brokenLine, ordinal: BROKEN_ROW }]);
    expect(rejects[0]!.raw).toBe(`${BROKEN_ROW},Name ${BROKEN_ROW},plain,extra`);
  }, 240_000);

  it('from a saved spec with fleet.rangeMb (capstan run), a worker SIGKILLed in the middle of a range: another worker takes the shard over with its checkpoint, and the load is exact', async () => {
    await world.makeTable('fleet_ranges_killed');
    const report = join(world.dir, 'fleet_ranges_killed.json');
    const coordinator = world.coordinate(await specRunArgs('fleet_ranges_killed', 1500, report));
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    // The spec's fleet.rangeMb cut the object (64 MB, the default, would leave it whole).
    expect(coordinator.output.join('\n')).toContain(`s3://warehouse/big/customers.csv: ${object.ranges} byte range(s) of about ${RANGE_BYTES.toLocaleString('en-US')} bytes`);
    const probe = new FleetProbe(world.watch!, jobId);
    // A range shard past the object's start, running, with writes in its checkpoint.
    await killWorkerOfRunningShard(world, probe, 'a running range shard with a checkpoint', (s) => /-range-[1-9]/.test(s.id));
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);
    await expectExact('fleet_ranges_killed', report, object.ranges);
  }, 300_000);

  it("the coordinator's index pass is shown while it plans (the dashboard's fleet card and the log), then the job runs exact", async () => {
    await world.makeTable('fleet_ranges_planning');
    const spec = jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'endpoint', endpoint: world.sandbox.url, region: 'us-east-1' }, table: 'fleet_ranges_planning',
      source: { path: 's3://warehouse/big/customers.csv' }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: 5000 }, fleet: { queue: world.redis.url, rangeMb: RANGE_MB },
    });
    const lines: string[] = [];
    const planning: { state: string; planning: FleetStatus['planning'] }[] = [];
    // As the panel opens a fleet job (the job manager's face calls the same begin and plan).
    const run = await FleetJobRun.open(spec, {
      target: parseRedisUrl(world.redis.url), dataDir: join(world.dir, 'data'), capstanVersion: WORKER_VERSION, clientTarget: workerTarget(spec),
      log: (_level, message) => lines.push(message),
      onUpdate: (snapshot) => planning.push({ state: snapshot.state, planning: snapshot.fleet?.planning }),
    });
    try {
      const size = Buffer.byteLength(object.text);
      const object_ = 's3://warehouse/big/customers.csv';
      // Before any shard was queued: the job validating, its fleet card on the index pass, from its start to its end.
      const shown = planning.filter((p) => p.planning);
      expect(shown.every((p) => p.state === 'validating')).toBe(true);
      expect(shown[0]!.planning).toEqual({ object: object_, bytesRead: 0, bytesTotal: size });
      expect(shown.at(-1)!.planning).toEqual({ object: object_, bytesRead: size, bytesTotal: size });
      expect(lines.filter((l) => l.startsWith('Finding record boundaries'))).toEqual(expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Finding record boundaries in ${object_.replace(/[./]/g, '\\$&')}: 0% of [\\d.,]+ (KB|MB)$`)),
        expect.stringMatching(new RegExp(`^Finding record boundaries in ${object_.replace(/[./]/g, '\\$&')}: 100% of [\\d.,]+ (KB|MB)$`)),
      ]));
      const report = await run.waitForEnd();
      expect(report.job.state).toBe('completed');
      // Once queued, the card shows shards and workers, no longer the index pass.
      expect(planning.at(-1)).toEqual({ state: 'running', planning: undefined });
    } finally {
      await run.close();
    }
    await expectExact('fleet_ranges_planning', join(world.dir, 'data', 'jobs', run.id, 'report.json'), object.ranges);
  }, 240_000);
});
