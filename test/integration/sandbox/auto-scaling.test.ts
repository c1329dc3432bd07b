import {
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable } from './sandbox-clients';

const MINUTE = 60_000;

describe('sandbox Application Auto Scaling', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock() });
    clients = clientsFor(sandbox);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('raises and lowers provisioned capacity under a load step', async () => {
    const { dynamo, autoScaling } = clients;
    await createTable(dynamo, { TableName: 'scaled', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } });
    await autoScaling.send(
      new RegisterScalableTargetCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/scaled', ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 100, MaxCapacity: 4000 }),
    );
    const policy = await autoScaling.send(
      new PutScalingPolicyCommand({
        ServiceNamespace: 'dynamodb',
        ResourceId: 'table/scaled',
        ScalableDimension: 'dynamodb:table:WriteCapacityUnits',
        PolicyName: 'write-70',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' } },
      }),
    );
    expect(policy.PolicyARN).toContain('write-70');
    expect((await autoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb' }))).ScalableTargets?.[0]?.MaxCapacity).toBe(4000);
    expect((await autoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb' }))).ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(70);

    const wcu = async () => (await dynamo.send(new DescribeTableCommand({ TableName: 'scaled' }))).Table?.ProvisionedThroughput?.WriteCapacityUnits ?? 0;
    // Load step: the application jumps to 600 WCU/s.
    sandbox.admin.setOrganic('scaled', { writeUnitsPerSecond: 600 });
    const history: number[] = [];
    for (let m = 0; m < 40; m++) {
      sandbox.admin.advance(MINUTE);
      history.push(await wcu());
    }
    // Scale-out lags (2 minutes above target, then the update) and climbs in steps.
    expect(history[0]).toBe(100);
    // Two minutes above target, then consumed / 0.7: 100 -> 143 while the table is capped at 100.
    expect(history[1]).toBe(143);
    for (let i = 1; i < history.length; i++) expect(history[i]).toBeGreaterThanOrEqual(history[i - 1] as number);
    const peak = Math.max(...history);
    expect(peak).toBeGreaterThanOrEqual(Math.ceil(600 / 0.7));
    expect(peak).toBeLessThan(1000);
    const served = sandbox.admin.organic('scaled')?.minutes.at(-1)?.writeUnitsServed ?? 0;
    expect(served).toBeCloseTo(600 * 60, -2);

    // Load drops to 100 WCU/s: after 15 quiet minutes capacity comes down to 100 / 0.7.
    sandbox.admin.setOrganic('scaled', { writeUnitsPerSecond: 100 });
    const down: number[] = [];
    for (let m = 0; m < 25; m++) {
      sandbox.admin.advance(MINUTE);
      down.push(await wcu());
    }
    expect(down[10]).toBe(peak);
    expect(down.at(-1)).toBe(Math.ceil(100 / 0.7));
    const activities = await autoScaling.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'dynamodb', ResourceId: 'table/scaled' }));
    expect(activities.ScalingActivities?.some((a) => a.Cause?.includes('AlarmLow'))).toBe(true);
    expect(activities.ScalingActivities?.some((a) => a.Cause?.includes('AlarmHigh'))).toBe(true);
  });

  it('refuses a fifth decrease within the hour with LimitExceededException', async () => {
    const { dynamo } = clients;
    await createTable(dynamo, { TableName: 'shrinking', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 1000 } });
    const decreaseTo = (wcu: number) => dynamo.send(new UpdateTableCommand({ TableName: 'shrinking', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: wcu } }));
    for (const wcu of [900, 800, 700, 600]) {
      await decreaseTo(wcu);
      sandbox.admin.advance(2 * MINUTE);
    }
    await expect(decreaseTo(500)).rejects.toMatchObject({ name: 'LimitExceededException' });
    sandbox.admin.advance(60 * MINUTE);
    await decreaseTo(500);
    const described = await dynamo.send(new DescribeTableCommand({ TableName: 'shrinking' }));
    expect(described.Table?.TableStatus).toBe('UPDATING');
    expect(described.Table?.ProvisionedThroughput?.NumberOfDecreasesToday).toBe(5);
  });
});
