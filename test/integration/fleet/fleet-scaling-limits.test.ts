import { DescribeScalingPoliciesCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutoScalingClient } from '../../../electron/engine/capacity/auto-scaling';
import type { ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { fleetJobKeys } from '../../../electron/engine/fleet/fleet-keys';
import type { FleetStatus } from '../../../shared/fleet-status';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { localClient, waitFor } from '../../support/table-reader';
import { expectExactLoad, startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const OBJECTS = 2;
const ROWS = 400;

// A fleet load's --autoscaling-target and --max-rate, and a backfill's maxFailures, are the coordinator's, and --workers
// (threads on one machine) is refused in words: one `capstan worker`, `capstan load --fleet`
// coordinators, a real Redis and the sandbox (its Application Auto Scaling face).
describe('a fleet load honours the auto-scaling target and the rate cap, and refuses threads', () => {
  let world: FleetWorld;
  let target: ClientTarget;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: OBJECTS, rowsPerObject: ROWS, workers: 1, watch: true });
    target = { region: 'us-east-1', endpoint: world.sandbox.url, auth: { kind: 'local' } };
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  /** A table whose writes auto scale with a 70% target. */
  async function scaledTable(name: string): Promise<void> {
    await world.makeTable(name);
    const scaling = createAutoScalingClient(target);
    try {
      await scaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: `table/${name}`, ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 100, MaxCapacity: 40_000 }));
      await scaling.send(new PutScalingPolicyCommand({
        ServiceNamespace: 'dynamodb', ResourceId: `table/${name}`, ScalableDimension: 'dynamodb:table:WriteCapacityUnits', PolicyName: 'write-70', PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' } },
      }));
    } finally {
      scaling.destroy();
    }
  }

  async function writeTarget(name: string): Promise<number | undefined> {
    const scaling = createAutoScalingClient(target);
    try {
      const answer = await scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: `table/${name}` }));
      return answer.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue;
    } finally {
      scaling.destroy();
    }
  }

  const reportOf = async (jobId: string) => JSON.parse(await readFile(join(world.dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport & { fleet: FleetStatus };

  it('raises the write target before the shards run and restores it when the job ends; the report says both', async () => {
    await scaledTable('scaled');
    // 800 items at 200 WCU/s take 4 s at least: the raised target is seen while the shards run.
    const coordinator = world.coordinate([...world.loadArgs('scaled', 200), '--autoscaling-target', '0.8']);
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    expect(await writeTarget('scaled')).toBe(80);
    expect(await world.watch!.exists(fleetJobKeys(jobId).scaling)).toBe(1);
    expect(await coordinator.exited, coordinator.output.join('\n')).toBe(0);
    expect(await writeTarget('scaled')).toBe(70);
    await expectExactLoad(world, 'scaled', jobId);
    const notes = (await reportOf(jobId)).notes.join('\n');
    expect(notes).toMatch(/Auto-scaling write target of scaled changed from 70% to 80% for the job[\s\S]*Auto-scaling write target of scaled restored to 70%/);
    expect(await world.watch!.exists(fleetJobKeys(jobId).scaling)).toBe(0);
  }, 180_000);

  it('a coordinator SIGKILLed with the target raised: the one that attaches restores it at the end', async () => {
    await scaledTable('scaled_killed');
    const first = world.coordinate([...world.loadArgs('scaled_killed', 200), '--autoscaling-target', '0.85']);
    const jobId = (await first.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const probe = new FleetProbe(world.watch!, jobId);
    await waitFor(async () => (await probe.shards()).some((s) => s.checkpointCounts.written > 0), 60_000, 'a checkpoint with writes', 50);
    expect(await world.watch!.exists(fleetJobKeys(jobId).scaling)).toBe(1);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await writeTarget('scaled_killed')).toBe(85);
    const second = world.coordinate(['load', '--fleet', world.redis.url, '--resume', jobId, '--data-dir', join(world.dir, 'data')]);
    await second.waitForLine(new RegExp(`Attached to fleet job ${jobId}`), 60_000);
    expect(await second.exited, second.output.join('\n')).toBe(0);
    expect(await writeTarget('scaled_killed')).toBe(70);
    await expectExactLoad(world, 'scaled_killed', jobId);
    expect((await reportOf(jobId)).notes.join('\n')).toMatch(/changed from 70% to 85% for the job[\s\S]*restored to 70%/);
  }, 240_000);

  it('a job stopped with Ctrl-C restores the target, and its resume raises it again for the rest', async () => {
    await scaledTable('scaled_stopped');
    const first = world.coordinate([...world.loadArgs('scaled_stopped', 100), '--autoscaling-target', '0.8']);
    const jobId = (await first.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const probe = new FleetProbe(world.watch!, jobId);
    await waitFor(async () => (await probe.shards()).some((s) => s.checkpointCounts.written > 0), 60_000, 'a checkpoint with writes', 50);
    first.child.kill('SIGINT');
    await first.exited;
    expect((await reportOf(jobId)).job.state).toBe('stopped');
    expect(await writeTarget('scaled_stopped')).toBe(70);
    const second = world.coordinate(['load', '--fleet', world.redis.url, '--resume', jobId, '--data-dir', join(world.dir, 'data'), '--rate', '2000']);
    await waitFor(async () => (await writeTarget('scaled_stopped')) === 80, 60_000, 'the target raised again for the resumed job', 50);
    expect(await second.exited, second.output.join('\n')).toBe(0);
    expect(await writeTarget('scaled_stopped')).toBe(70);
    await expectExactLoad(world, 'scaled_stopped', jobId);
    expect((await reportOf(jobId)).notes.join('\n')).toMatch(/changed from 70% to 80% for the job[\s\S]*restored to 70%/);
  }, 240_000);

  it('refuses, in words, a table without write auto scaling before any shard is queued', async () => {
    await world.makeTable('not_scaled');
    const specsBefore = (await world.watch!.keys('capstan:*:spec')).length;
    const run = await runCli([...world.loadArgs('not_scaled', 200), '--autoscaling-target', '0.8']);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Table not_scaled has no auto scaling for writes; there is no target to change/);
    expect((await world.watch!.keys('capstan:*:spec')).length).toBe(specsBefore);
    expect(await world.tableItems('not_scaled')).toEqual([]);
  }, 120_000);

  it('caps the fleet budget at --max-rate', async () => {
    await world.makeTable('capped');
    const run = await runCli([...world.loadArgs('capped', 5000), '--max-rate', '300', '--report', join(world.dir, 'capped.json')]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(await readFile(join(world.dir, 'capped.json'), 'utf8')) as JobReport & { fleet: FleetStatus };
    expect(report.fleet.write.operatorRatePerSecond).toBe(300);
    expect(report.reconciliation).toMatchObject({ written: OBJECTS * ROWS, pending: 0 });
  }, 180_000);

  it("ends a fleet backfill failed once its summed failures pass the spec's maxFailures, in the local job's words", async () => {
    await world.makeTable('bad_dates');
    // 30 items with a date and 10 whose date does not parse (each is a failure of add-ttl).
    const items = Array.from({ length: 40 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `item-${i}` }, created: { S: i % 4 === 3 ? 'soon' : '2026-01-01T00:00:00Z' } } } }));
    for (let i = 0; i < items.length; i += 20) await localClient(world.sandbox.url).send(new BatchWriteItemCommand({ RequestItems: { bad_dates: items.slice(i, i + 20) } }));
    const specPath = join(world.dir, 'bad-dates.json');
    await writeFile(specPath, JSON.stringify({
      kind: 'backfill', connection: { kind: 'endpoint', endpoint: world.sandbox.url, region: 'us-east-1' }, table: 'bad_dates',
      operation: { kind: 'add-ttl', attribute: 'ttl', fromAttribute: 'created', addDays: 30 }, scan: { segments: 4 },
      rate: { mode: 'fixed', wcuPerSecond: 2000, rcuPerSecond: 2000 }, limits: { maxFailures: 3 }, fleet: { queue: world.redis.url },
    }));
    const run = await runCli(['run', specPath, '--data-dir', join(world.dir, 'data'), '--report', join(world.dir, 'bad-dates-report.json')]);
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toMatch(/More than 3 items failed; the job stops so they can be checked/);
    const report = JSON.parse(await readFile(join(world.dir, 'bad-dates-report.json'), 'utf8')) as JobReport;
    expect(report.job.state).toBe('failed');
    expect(report.totals.rejected).toBeGreaterThan(3);
  }, 180_000);

  it('refuses --workers (threads on this machine) in words, for a load and a backfill', async () => {
    const load = await runCli([...world.loadArgs('capped', 500), '--workers', '3']);
    expect(load.code).not.toBe(0);
    expect(load.output).toMatch(/--workers 3 \(the spec's options\.workers\) sets worker threads on this machine; a fleet runs each shard on one thread of a capstan worker, and how many run at once is each worker's --concurrency times the number of workers/);
    const backfill = await runCli(['backfill', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'capped', '--op', 'count', '--workers', '2', '--data-dir', join(world.dir, 'data')]);
    expect(backfill.code).not.toBe(0);
    expect(backfill.output).toMatch(/--workers 2 \(the spec's scan\.workers\) sets worker threads on this machine/);
  }, 120_000);
});
