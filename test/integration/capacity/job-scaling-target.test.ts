import { DescribeScalingPoliciesCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { jobSpecSchema } from '../../../shared/job-spec';
import { WORKER_SCRIPTS } from '../../support/built-app';
import { createAutoScalingClient } from '../../../electron/engine/capacity/auto-scaling';
import { changeScalingTargetForJob } from '../../../electron/engine/capacity/job-scaling-target';
import type { ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { localClient, waitFor } from '../../support/table-reader';

describe('changing the auto-scaling target for a job', () => {
  let sandbox: SandboxHandle;
  let target: ClientTarget;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    target = { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } };
    await createTable(localClient(sandbox.url), { tableName: 'scaled', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 100, rcu: 100 } });
    const scaling = createAutoScalingClient(target);
    await scaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/scaled', ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 100, MaxCapacity: 4000 }));
    await scaling.send(new PutScalingPolicyCommand({
      ServiceNamespace: 'dynamodb', ResourceId: 'table/scaled', ScalableDimension: 'dynamodb:table:WriteCapacityUnits', PolicyName: 'write-70', PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' } },
    }));
    scaling.destroy();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const currentTarget = async () => {
    const scaling = createAutoScalingClient(target);
    try {
      const answer = await scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/scaled' }));
      return answer.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue;
    } finally {
      scaling.destroy();
    }
  };

  it('raises the write target for the job and puts the old one back, with words for the report', async () => {
    const job = await changeScalingTargetForJob(target, 'scaled', 0.8, Date.now());
    expect(await currentTarget()).toBe(80);
    expect(job.note).toMatch(/from 70% to 80%/);
    const restored = await job.restore(Date.now());
    expect(await currentTarget()).toBe(70);
    expect(restored).toMatch(/restored to 70%/);
  });

  it('a load job raises the target while it runs, restores it, and the report says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-scaling-'));
    const engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
    try {
      const file = join(dir, 'c.csv');
      await writeCustomerSample({ rows: 500, out: file });
      const job = await engine.jobs.start(jobSpecSchema.parse({
        kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'scaled',
        source: { path: file }, mapping: { templates: [{ attribute: 'pk', template: '{customer_id}' }] },
        rate: { mode: 'fixed', wcuPerSecond: 100 }, autoScaling: { writeTargetDuringJob: 0.8 },
      }));
      await waitFor(async () => (await currentTarget()) === 80, 10_000, 'the raised target');
      const report = await engine.jobs.waitForEnd(job.id);
      expect(report?.reconciliation).toMatchObject({ written: 500, pending: 0 });
      expect(await currentTarget()).toBe(70);
      expect(report?.notes.join('\n')).toMatch(/from 70% to 80%[\s\S]*restored to 70%/);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a resumed job raises the target again and restores the one from before its first start', async () => {
    // A job that died left the target raised: its resume names the original, which its end restores.
    const died = await changeScalingTargetForJob(target, 'scaled', 0.8, Date.now());
    expect(await currentTarget()).toBe(80);
    const resumed = await changeScalingTargetForJob(target, 'scaled', 0.8, Date.now(), died.change.oldTargetUtilization);
    expect(resumed.note).toMatch(/from 70% to 80%/);
    expect(await resumed.restore(Date.now())).toMatch(/restored to 70%/);
    expect(await currentTarget()).toBe(70);
  });

  it('a load stopped and resumed runs its second part with the raised target too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-scaling-'));
    const engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
    try {
      const file = join(dir, 'c.csv');
      await writeCustomerSample({ rows: 3_000, out: file });
      const job = await engine.jobs.start(jobSpecSchema.parse({
        kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'scaled',
        source: { path: file }, mapping: { templates: [{ attribute: 'pk', template: '{customer_id}' }] },
        rate: { mode: 'fixed', wcuPerSecond: 100 }, autoScaling: { writeTargetDuringJob: 0.8 },
      }));
      const live = engine.jobs.get(job.id);
      await waitFor(() => live.snapshot().totals.written >= 200, 60_000, '200 items written');
      live.stop();
      const stopped = await engine.jobs.waitForEnd(job.id);
      expect(stopped?.job.state).toBe('stopped');
      expect(await currentTarget()).toBe(70);
      await engine.jobs.resume(job.id, (spec) => (spec.kind === 'load' ? { ...spec, rate: { mode: 'fixed', wcuPerSecond: 2_000 } } : spec));
      await waitFor(async () => (await currentTarget()) === 80, 20_000, 'the target raised again');
      const report = await engine.jobs.waitForEnd(job.id);
      expect(report?.job.state).toBe('completed');
      expect(report?.reconciliation).toMatchObject({ written: 3_000, pending: 0 });
      expect(await currentTarget()).toBe(70);
      expect(report?.notes.join('\n')).toMatch(/from 70% to 80%[\s\S]*restored to 70%/);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses in words when the table has no auto scaling', async () => {
    await createTable(localClient(sandbox.url), { tableName: 'fixed', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 100, rcu: 100 } });
    await expect(changeScalingTargetForJob(target, 'fixed', 0.8, Date.now())).rejects.toThrow(/no auto scaling for writes/);
  });
});
