import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type {
  ApplicationAutoScalingClient} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type { TableDetails } from '../../../shared/contract';
import { summarize } from './table-catalog';

/**
 * Everything the table detail view shows: the summary, each GSI with what it projects and
 * its capacity, point-in-time recovery, TTL, and auto scaling (target, min, max). Each
 * side call may be refused (permissions); that part then says "unknown" instead of
 * failing the whole view.
 */
export async function describeTableDetails(client: DynamoDBClient, autoScaling: ApplicationAutoScalingClient, name: string): Promise<TableDetails> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table) throw new Error(`DynamoDB described no table ${name}`);
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
    ...summarize(Table),
    arn: Table.TableArn ?? null,
    tableClass: Table.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'standard-ia' : 'standard',
    pointInTimeRecovery: pitr,
    timeToLive: ttl,
    autoScaling: scaling,
    onDemandMaxWriteRequestUnits: Table.OnDemandThroughput?.MaxWriteRequestUnits ?? null,
    indexes: (Table.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName ?? '?',
      keySchema: (g.KeySchema ?? []).map((k) => ({ name: k.AttributeName ?? '?', role: k.KeyType as 'HASH' | 'RANGE' })),
      projection: g.Projection?.ProjectionType === 'ALL' ? 'ALL' : g.Projection?.ProjectionType === 'INCLUDE' ? 'INCLUDE' : 'KEYS_ONLY',
      projectedAttributes: g.Projection?.NonKeyAttributes ?? [],
      readCapacityUnits: g.ProvisionedThroughput?.ReadCapacityUnits ?? null,
      writeCapacityUnits: g.ProvisionedThroughput?.WriteCapacityUnits ?? null,
      status: g.IndexStatus ?? 'UNKNOWN',
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
