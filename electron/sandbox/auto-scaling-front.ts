import type { ScalableDimension, ScalingPolicy, TargetTrackingConfiguration } from './auto-scaling';
import { parseResourceId, type SandboxModel } from './sandbox-model';

/** A JSON 1.1 answer. */
export interface AutoScalingAnswer {
  status: number;
  body: unknown;
}

type Data = Record<string, unknown>;

const DIMENSIONS: readonly ScalableDimension[] = [
  'dynamodb:table:ReadCapacityUnits',
  'dynamodb:table:WriteCapacityUnits',
  'dynamodb:index:ReadCapacityUnits',
  'dynamodb:index:WriteCapacityUnits',
];

class ScalingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/**
 * Application Auto Scaling (JSON 1.1, `AnyScaleFrontendService.<op>`) for DynamoDB
 * tables and GSIs: targets and target-tracking policies, simulated by the model.
 */
export class AutoScalingFront {
  constructor(private readonly model: SandboxModel) {}

  /** Answers one call. */
  handle(operation: string, body: string): AutoScalingAnswer {
    try {
      const data = (body ? JSON.parse(body) : {}) as Data;
      return { status: 200, body: this.dispatch(operation, data) };
    } catch (error) {
      if (error instanceof ScalingError) return { status: 400, body: { __type: error.code, message: error.message } };
      if (error instanceof SyntaxError) return { status: 400, body: { __type: 'SerializationException', message: error.message } };
      throw error;
    }
  }

  private target(data: Data): { resourceId: string; dimension: ScalableDimension } {
    if (data.ServiceNamespace !== 'dynamodb') throw new ScalingError('ValidationException', `Unsupported service namespace: ${String(data.ServiceNamespace)}. The sandbox scales DynamoDB only.`);
    const resourceId = String(data.ResourceId ?? '');
    const dimension = String(data.ScalableDimension ?? '') as ScalableDimension;
    if (!DIMENSIONS.includes(dimension)) throw new ScalingError('ValidationException', `Unsupported scalable dimension: ${dimension}`);
    const parsed = parseResourceId(resourceId);
    if (!parsed || (parsed.indexName !== undefined) !== dimension.startsWith('dynamodb:index:')) {
      throw new ScalingError('ValidationException', `Unsupported resource ID ${resourceId} for scalable dimension ${dimension}`);
    }
    const table = this.model.tables.get(parsed.tableName);
    if (!table || (parsed.indexName !== undefined && !table.indexes.has(parsed.indexName))) {
      throw new ScalingError('ValidationException', `DynamoDB table or index not found: ${resourceId}`);
    }
    return { resourceId, dimension };
  }

  private dispatch(operation: string, data: Data): Data {
    const sim = this.model.autoScaling;
    const nowMs = this.model.now();
    switch (operation) {
      case 'RegisterScalableTarget': {
        const { resourceId, dimension } = this.target(data);
        const existing = sim.targets.get(`${resourceId}|${dimension}`);
        const min = data.MinCapacity ?? existing?.MinCapacity;
        const max = data.MaxCapacity ?? existing?.MaxCapacity;
        if (typeof min !== 'number' || typeof max !== 'number') throw new ScalingError('ValidationException', 'MinCapacity and MaxCapacity are required when registering a new scalable target');
        if (min > max) throw new ScalingError('ValidationException', 'Minimum capacity cannot be greater than maximum capacity');
        sim.registerTarget(
          {
            ServiceNamespace: 'dynamodb',
            ResourceId: resourceId,
            ScalableDimension: dimension,
            MinCapacity: min,
            MaxCapacity: max,
            RoleARN: typeof data.RoleARN === 'string' ? data.RoleARN : `arn:aws:iam::${ACCOUNT}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
            CreationTimeMs: nowMs,
          },
          this.model.scaling,
          nowMs,
        );
        return { ScalableTargetARN: `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/${Buffer.from(`${resourceId}|${dimension}`).toString('hex').slice(0, 32)}` };
      }
      case 'DeregisterScalableTarget': {
        const { resourceId, dimension } = this.target(data);
        if (!sim.deregisterTarget(resourceId, dimension)) throw new ScalingError('ObjectNotFoundException', `No scalable target registered for service namespace: dynamodb, resource ID: ${resourceId}, scalable dimension: ${dimension}`);
        return {};
      }
      case 'PutScalingPolicy': {
        const { resourceId, dimension } = this.target(data);
        if (!sim.hasTarget(resourceId, dimension)) throw new ScalingError('ObjectNotFoundException', `No scalable target registered for service namespace: dynamodb, resource ID: ${resourceId}, scalable dimension: ${dimension}`);
        if ((data.PolicyType ?? 'TargetTrackingScaling') !== 'TargetTrackingScaling') throw new ScalingError('ValidationException', 'The sandbox simulates TargetTrackingScaling policies only');
        const config = data.TargetTrackingScalingPolicyConfiguration as TargetTrackingConfiguration | undefined;
        if (!config || typeof config.TargetValue !== 'number') throw new ScalingError('ValidationException', 'TargetTrackingScalingPolicyConfiguration.TargetValue is required');
        if (config.TargetValue < 20 || config.TargetValue > 90) throw new ScalingError('ValidationException', 'TargetValue for DynamoDB must be between 20 and 90');
        const name = String(data.PolicyName ?? '');
        const arn = `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:sandbox:resource/dynamodb/${resourceId}:policyName/${name}`;
        const policy: ScalingPolicy = {
          PolicyName: name,
          PolicyARN: arn,
          ServiceNamespace: 'dynamodb',
          ResourceId: resourceId,
          ScalableDimension: dimension,
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: config,
          CreationTimeMs: nowMs,
          highStreak: 0,
          lowStreak: 0,
          lastScaleOutMs: Number.NEGATIVE_INFINITY,
          lastScaleInMs: Number.NEGATIVE_INFINITY,
        };
        sim.putPolicy(policy);
        return { PolicyARN: arn, Alarms: this.alarms(resourceId) };
      }
      case 'DeleteScalingPolicy': {
        const { resourceId, dimension } = this.target(data);
        if (!sim.deletePolicy(resourceId, dimension, String(data.PolicyName ?? ''))) throw new ScalingError('ObjectNotFoundException', `No scaling policy found for service namespace: dynamodb, resource ID: ${resourceId}, scalable dimension: ${dimension}, policy name: ${String(data.PolicyName)}`);
        return {};
      }
      case 'DescribeScalableTargets': {
        const ids = Array.isArray(data.ResourceIds) ? data.ResourceIds.map(String) : undefined;
        const targets = [...sim.targets.values()].filter(
          (t) => (!ids || ids.includes(t.ResourceId)) && (data.ScalableDimension === undefined || data.ScalableDimension === t.ScalableDimension),
        );
        return {
          ScalableTargets: targets.map((t) => ({
            ServiceNamespace: t.ServiceNamespace,
            ResourceId: t.ResourceId,
            ScalableDimension: t.ScalableDimension,
            MinCapacity: t.MinCapacity,
            MaxCapacity: t.MaxCapacity,
            RoleARN: t.RoleARN,
            CreationTime: t.CreationTimeMs / 1000,
            SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
          })),
        };
      }
      case 'DescribeScalingPolicies': {
        const names = Array.isArray(data.PolicyNames) ? data.PolicyNames.map(String) : undefined;
        const policies = [...sim.policies.values()].filter(
          (p) =>
            (!names || names.includes(p.PolicyName)) &&
            (data.ResourceId === undefined || data.ResourceId === p.ResourceId) &&
            (data.ScalableDimension === undefined || data.ScalableDimension === p.ScalableDimension),
        );
        return {
          ScalingPolicies: policies.map((p) => ({
            PolicyARN: p.PolicyARN,
            PolicyName: p.PolicyName,
            ServiceNamespace: p.ServiceNamespace,
            ResourceId: p.ResourceId,
            ScalableDimension: p.ScalableDimension,
            PolicyType: p.PolicyType,
            TargetTrackingScalingPolicyConfiguration: p.TargetTrackingScalingPolicyConfiguration,
            Alarms: this.alarms(p.ResourceId),
            CreationTime: p.CreationTimeMs / 1000,
          })),
        };
      }
      case 'DescribeScalingActivities': {
        const activities = sim.activities.filter(
          (a) => (data.ResourceId === undefined || data.ResourceId === a.ResourceId) && (data.ScalableDimension === undefined || data.ScalableDimension === a.ScalableDimension),
        );
        return {
          ScalingActivities: [...activities].reverse().map((a) => ({
            ActivityId: a.ActivityId,
            ServiceNamespace: a.ServiceNamespace,
            ResourceId: a.ResourceId,
            ScalableDimension: a.ScalableDimension,
            Description: a.Description,
            Cause: a.Cause,
            StartTime: a.StartTimeMs / 1000,
            EndTime: a.StartTimeMs / 1000,
            StatusCode: a.StatusCode,
            ...(a.StatusMessage ? { StatusMessage: a.StatusMessage } : {}),
          })),
        };
      }
      default:
        throw new ScalingError('UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  private alarms(resourceId: string): Data[] {
    return ['AlarmHigh', 'AlarmLow'].map((kind) => {
      const name = `TargetTracking-${resourceId}-${kind}-sandbox`;
      return { AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}` };
    });
  }
}
