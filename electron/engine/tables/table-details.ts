import { DescribeContinuousBackupsCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  ApplicationAutoScalingClient} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { TableDetails } from '../../../shared/contract';
import { summarize } from './table-catalog';
import { describeTable } from './table-description';

/**
 * Everything the table detail view shows: the summary, each GSI with what it projects and
 * its capacity, point-in-time recovery, TTL, and auto scaling (target, min, max). Each
 * side call may be refused (permissions); that part then says "unknown" instead of
 * failing the whole view.
 */
export async function describeTableDetails(client: DynamoDBClient, autoScaling: ApplicationAutoScalingClient, name: string): Promise<TableDetails> {
  const table = await describeTable(client, name);
  const [pitr, ttl, scaling] = await Promise.all([
    client.send(new DescribeContinuousBackupsCommand({ TableName: name })).then(
      (r) => r.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED',
      () => null,
    ),
    client.send(new DescribeTimeToLiveCommand({ TableName: name })).then(
      (r) => ({ status: r.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED', attribute: r.TimeToLiveDescription?.AttributeName ?? null }),
      () => null,
    ),
    describeAutoScaling(autoScaling, name).catch(() => null),
  ]);
  return {
    ...summarize(table),
    arn: table.arn,
    tableClass: table.tableClass,
    pointInTimeRecovery: pitr,
    timeToLive: ttl,
    autoScaling: scaling,
    onDemandMaxWriteRequestUnits: table.maxOnDemandWcu,
    indexes: table.indexes.map((index) => ({
      name: index.name,
      keySchema: index.keySchema.map((k) => ({ name: k.name, role: k.role })),
      projection: index.projection,
      projectedAttributes: index.projectedAttributes,
      readCapacityUnits: index.readCapacityUnits,
      writeCapacityUnits: index.writeCapacityUnits,
      status: index.status,
    })),
  };
}

async function describeAutoScaling(client: ApplicationAutoScalingClient, table: string): Promise<TableDetails['autoScaling']> {
  const resourceId = `table/${table}`;
  const [targets, policies] = await Promise.all([
    client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb', ResourceIds: [resourceId] })),
    client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: resourceId })),
  ]);
  const result: NonNullable<TableDetails['autoScaling']> = [];
  for (const target of targets.ScalableTargets ?? []) {
    const policy = (policies.ScalingPolicies ?? []).find((p) => p.ScalableDimension === target.ScalableDimension);
    result.push({
      dimension: target.ScalableDimension?.includes('Write') ? 'write' : 'read',
      minCapacity: target.MinCapacity ?? 0,
      maxCapacity: target.MaxCapacity ?? 0,
      targetUtilization: policy?.TargetTrackingScalingPolicyConfiguration?.TargetValue !== undefined
        ? policy.TargetTrackingScalingPolicyConfiguration.TargetValue / 100
        : null,
    });
  }
  return result;
}
