import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  type TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import { credentialsFor, type ClientTarget } from '../dynamo/client-target';

/** Which capacity a scalable target scales. */
export type ScalableDimension =
  | 'dynamodb:table:WriteCapacityUnits'
  | 'dynamodb:table:ReadCapacityUnits'
  | 'dynamodb:index:WriteCapacityUnits'
  | 'dynamodb:index:ReadCapacityUnits';

/** A table's (or GSI's) auto scaling for one dimension, as Application Auto Scaling holds it. */
export interface ScalingSettings {
  resourceId: string;
  dimension: ScalableDimension;
  minCapacity: number;
  maxCapacity: number;
  /** The target-tracking policy's target as a fraction (0.7), null when no such policy exists. */
  targetUtilization: number | null;
  policyName: string | null;
  /** The policy as it is, so a change can put it back exactly. */
  policyConfiguration: TargetTrackingScalingPolicyConfiguration | null;
}

/** What the job changed, so the report records it and the end of the job undoes it. */
export interface ScalingChange {
  resourceId: string;
  dimension: ScalableDimension;
  policyName: string;
  oldTargetUtilization: number;
  newTargetUtilization: number;
  changedAtMs: number;
  /** Set by `restoreTarget`. */
  restoredAtMs: number | null;
}

/** An Application Auto Scaling client for the job's target (AWS or the sandbox, same code). */
export function createAutoScalingClient(target: ClientTarget): ApplicationAutoScalingClient {
  return new ApplicationAutoScalingClient({ region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}), credentials: credentialsFor(target) });
}

function resourceIdOf(tableName: string, indexName?: string): string {
  return indexName ? `table/${tableName}/index/${indexName}` : `table/${tableName}`;
}

/**
 * Reads a table's (or GSI's) write and read scaling: min, max and the target-tracking
 * target. Null for a dimension without a scalable target (auto scaling off).
 */
export async function readScaling(
  client: ApplicationAutoScalingClient,
  tableName: string,
  indexName?: string,
): Promise<{ write: ScalingSettings | null; read: ScalingSettings | null }> {
  const resourceId = resourceIdOf(tableName, indexName);
  const targets = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb', ResourceIds: [resourceId] }));
  const policies = await client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: resourceId }));
  const scope = indexName ? 'index' : 'table';
  const one = (kind: 'Write' | 'Read'): ScalingSettings | null => {
    const dimension = `dynamodb:${scope}:${kind}CapacityUnits` as ScalableDimension;
    const t = targets.ScalableTargets?.find((x) => x.ResourceId === resourceId && x.ScalableDimension === dimension);
    if (!t) return null;
    const p = policies.ScalingPolicies?.find(
      (x) => x.ResourceId === resourceId && x.ScalableDimension === dimension && x.PolicyType === 'TargetTrackingScaling' && x.TargetTrackingScalingPolicyConfiguration,
    );
    const config = p?.TargetTrackingScalingPolicyConfiguration ?? null;
    return {
      resourceId,
      dimension,
      minCapacity: t.MinCapacity ?? 0,
      maxCapacity: t.MaxCapacity ?? 0,
      targetUtilization: config?.TargetValue !== undefined ? config.TargetValue / 100 : null,
      policyName: p?.PolicyName ?? null,
      policyConfiguration: config,
    };
  };
  return { write: one('Write'), read: one('Read') };
}

/**
 * Raises (or lowers) the target-tracking target for the job's run (techniques 1 and 2):
 * puts the same policy back with only TargetValue changed. The caller asks the operator
 * first and records the returned change in the report.
 */
export async function changeTargetForJob(client: ApplicationAutoScalingClient, settings: ScalingSettings, newTargetUtilization: number, nowMs: number): Promise<ScalingChange> {
  if (!settings.policyName || !settings.policyConfiguration || settings.targetUtilization === null) {
    throw new Error(`${settings.resourceId} has no target-tracking policy for ${settings.dimension}; there is no target to change`);
  }
  if (!(newTargetUtilization >= 0.2 && newTargetUtilization <= 0.9)) {
    throw new Error(`A DynamoDB auto-scaling target must be between 20% and 90%; got ${(newTargetUtilization * 100).toFixed(1)}%`);
  }
  await putTarget(client, settings.resourceId, settings.dimension, settings.policyName, settings.policyConfiguration, newTargetUtilization);
  return {
    resourceId: settings.resourceId,
    dimension: settings.dimension,
    policyName: settings.policyName,
    oldTargetUtilization: settings.targetUtilization,
    newTargetUtilization,
    changedAtMs: nowMs,
    restoredAtMs: null,
  };
}

/** Puts the target back as it was before the job (call at the end, also after a failure or stop). */
export async function restoreTarget(client: ApplicationAutoScalingClient, change: ScalingChange, nowMs: number): Promise<ScalingChange> {
  const current = await client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'dynamodb', ResourceId: change.resourceId, PolicyNames: [change.policyName] }));
  const config = current.ScalingPolicies?.find((p) => p.ScalableDimension === change.dimension)?.TargetTrackingScalingPolicyConfiguration;
  if (!config) throw new Error(`The scaling policy ${change.policyName} of ${change.resourceId} is gone; its target cannot be restored`);
  await putTarget(client, change.resourceId, change.dimension, change.policyName, config, change.oldTargetUtilization);
  return { ...change, restoredAtMs: nowMs };
}

async function putTarget(
  client: ApplicationAutoScalingClient,
  resourceId: string,
  dimension: ScalableDimension,
  policyName: string,
  config: TargetTrackingScalingPolicyConfiguration,
  targetUtilization: number,
): Promise<void> {
  await client.send(
    new PutScalingPolicyCommand({
      ServiceNamespace: 'dynamodb',
      ResourceId: resourceId,
      ScalableDimension: dimension,
      PolicyName: policyName,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { ...config, TargetValue: Math.round(targetUtilization * 1000) / 10 },
    }),
  );
}

/** The auto-scaling settings a projection needs. */
export interface ScalingTarget {
  /** Fraction, 0.2..0.9. */
  targetUtilization: number;
  minCapacity: number;
  maxCapacity: number;
}

/** What the job's rate will do to provisioned capacity under target tracking. */
export interface ProvisionedProjection {
  withoutJobWcu: number;
  withJobWcu: number;
  /** Capacity the job adds (what it costs under auto scaling). */
  addedWcu: number;
  /** True when the table would need more than its maximum: the job will be throttled there. */
  cappedAtMax: boolean;
}

/**
 * Provisioned = consumed / target, clamped to [min, max] (DOMAIN §4): the capacity with
 * and without the job, so the wizard can say "the job raises provisioned from 715 to
 * 1,000 WCU" before anything runs.
 */
export function projectProvisioned(rateWcuPerSecond: number, organicWcuPerSecond: number, target: ScalingTarget): ProvisionedProjection {
  // 700 / 0.7 is 1000.0000000000001 in floating point: round away the noise before ceil.
  const ceil = (wcu: number) => Math.ceil(Math.round(wcu * 1e6) / 1e6);
  const clamp = (wcu: number) => Math.min(target.maxCapacity, Math.max(target.minCapacity, ceil(wcu)));
  const withoutJobWcu = clamp(organicWcuPerSecond / target.targetUtilization);
  const needed = ceil((organicWcuPerSecond + rateWcuPerSecond) / target.targetUtilization);
  const withJobWcu = clamp(needed);
  return { withoutJobWcu, withJobWcu, addedWcu: withJobWcu - withoutJobWcu, cappedAtMax: needed > target.maxCapacity };
}
