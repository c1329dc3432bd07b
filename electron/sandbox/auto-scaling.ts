/** A DynamoDB dimension Application Auto Scaling can scale. */
export type ScalableDimension =
  | 'dynamodb:table:ReadCapacityUnits'
  | 'dynamodb:table:WriteCapacityUnits'
  | 'dynamodb:index:ReadCapacityUnits'
  | 'dynamodb:index:WriteCapacityUnits';

/** A registered scalable target (RegisterScalableTarget). */
export interface ScalableTarget {
  ServiceNamespace: 'dynamodb';
  ResourceId: string;
  ScalableDimension: ScalableDimension;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN: string;
  CreationTimeMs: number;
}

/** Target tracking settings of a policy (PutScalingPolicy). */
export interface TargetTrackingConfiguration {
  TargetValue: number;
  PredefinedMetricSpecification?: { PredefinedMetricType: string; ResourceLabel?: string };
  ScaleInCooldown?: number;
  ScaleOutCooldown?: number;
  DisableScaleIn?: boolean;
}

/** A target tracking policy plus its alarm state. */
export interface ScalingPolicy {
  PolicyName: string;
  PolicyARN: string;
  ServiceNamespace: 'dynamodb';
  ResourceId: string;
  ScalableDimension: ScalableDimension;
  PolicyType: 'TargetTrackingScaling';
  TargetTrackingScalingPolicyConfiguration: TargetTrackingConfiguration;
  CreationTimeMs: number;
  /** Consecutive minutes above target (high alarm) and below the low threshold. */
  highStreak: number;
  lowStreak: number;
  lastScaleOutMs: number;
  lastScaleInMs: number;
}

/** A scaling activity, as DescribeScalingActivities reports it. */
export interface ScalingActivity {
  ActivityId: string;
  ServiceNamespace: 'dynamodb';
  ResourceId: string;
  ScalableDimension: ScalableDimension;
  Description: string;
  Cause: string;
  StartTimeMs: number;
  StatusCode: 'Successful' | 'Failed';
  StatusMessage?: string;
}

/** What the simulator needs to know about the table and may ask it to do. */
export interface ScalingHost {
  /** Units consumed in the minute starting at `minuteMs`, undefined if the resource is gone. */
  consumedUnits(resourceId: string, dimension: ScalableDimension, minuteMs: number): number | undefined;
  /** Capacity currently in force (or being applied). */
  currentCapacity(resourceId: string, dimension: ScalableDimension): number | undefined;
  /** Asks for new capacity; returns an error message when refused (e.g. decrease limit). */
  setCapacity(resourceId: string, dimension: ScalableDimension, capacity: number, nowMs: number): string | null;
}

/** Minutes above target before scaling out (DynamoDB docs: two consecutive minutes). */
export const SCALE_OUT_MINUTES = 2;
/** Minutes below the low threshold before scaling in (DynamoDB docs: 15 consecutive data points). */
export const SCALE_IN_MINUTES = 15;
/** The low alarm sits below target so tiny dips do not spend scarce decreases. */
export const LOW_THRESHOLD_FRACTION = 0.8;

/**
 * Application Auto Scaling's target tracking for DynamoDB, evaluated once per
 * simulated minute from the same consumption the metrics report.
 */
export class AutoScalingSimulator {
  readonly targets = new Map<string, ScalableTarget>();
  readonly policies = new Map<string, ScalingPolicy>();
  readonly activities: ScalingActivity[] = [];
  private activitySeq = 0;

  private static key(resourceId: string, dimension: string): string {
    return `${resourceId}|${dimension}`;
  }

  /** Registers or updates a target; capacity outside [min, max] is brought inside at once. */
  registerTarget(target: ScalableTarget, host: ScalingHost, nowMs: number): void {
    const key = AutoScalingSimulator.key(target.ResourceId, target.ScalableDimension);
    const existing = this.targets.get(key);
    this.targets.set(key, existing ? { ...existing, ...target, CreationTimeMs: existing.CreationTimeMs } : target);
    const current = host.currentCapacity(target.ResourceId, target.ScalableDimension);
    if (current === undefined) return;
    const clamped = Math.min(target.MaxCapacity, Math.max(target.MinCapacity, current));
    if (clamped !== current) this.scale(target.ResourceId, target.ScalableDimension, current, clamped, 'capacity brought within [min, max]', host, nowMs);
  }

  /** Removes a target and its policies. */
  deregisterTarget(resourceId: string, dimension: string): boolean {
    const key = AutoScalingSimulator.key(resourceId, dimension);
    for (const [k, p] of this.policies) if (p.ResourceId === resourceId && p.ScalableDimension === dimension) this.policies.delete(k);
    return this.targets.delete(key);
  }

  /** True when a target exists for the resource and dimension. */
  hasTarget(resourceId: string, dimension: string): boolean {
    return this.targets.has(AutoScalingSimulator.key(resourceId, dimension));
  }

  /** Adds or replaces a policy; keeps alarm state when replaced. */
  putPolicy(policy: ScalingPolicy): void {
    const key = `${policy.ResourceId}|${policy.ScalableDimension}|${policy.PolicyName}`;
    const existing = this.policies.get(key);
    this.policies.set(key, existing ? { ...policy, highStreak: existing.highStreak, lowStreak: existing.lowStreak, CreationTimeMs: existing.CreationTimeMs } : policy);
  }

  /** Deletes a policy. */
  deletePolicy(resourceId: string, dimension: string, policyName: string): boolean {
    return this.policies.delete(`${resourceId}|${dimension}|${policyName}`);
  }

  /** Forgets every target of a deleted table. */
  forgetTable(tableName: string): void {
    const prefix = `table/${tableName}`;
    for (const [k, t] of this.targets) if (t.ResourceId === prefix || t.ResourceId.startsWith(`${prefix}/`)) this.targets.delete(k);
    for (const [k, p] of this.policies) if (p.ResourceId === prefix || p.ResourceId.startsWith(`${prefix}/`)) this.policies.delete(k);
  }

  private scale(resourceId: string, dimension: ScalableDimension, from: number, to: number, cause: string, host: ScalingHost, nowMs: number): boolean {
    const error = host.setCapacity(resourceId, dimension, to, nowMs);
    this.activities.push({
      ActivityId: `sandbox-activity-${++this.activitySeq}`,
      ServiceNamespace: 'dynamodb',
      ResourceId: resourceId,
      ScalableDimension: dimension,
      Description: `Setting ${dimension.split(':')[2]} to ${to}.`,
      Cause: `${cause} (from ${from} to ${to})`,
      StartTimeMs: nowMs,
      StatusCode: error ? 'Failed' : 'Successful',
      ...(error ? { StatusMessage: error } : {}),
    });
    if (this.activities.length > 1000) this.activities.shift();
    return error === null;
  }

  /**
   * Evaluates every policy on the minute that started at `minuteMs` (called when that
   * minute ends, at `nowMs`): two minutes above target scale out to consumed/target,
   * fifteen minutes below 80% of target scale in, within [min, max] and cooldowns.
   */
  evaluateMinute(minuteMs: number, host: ScalingHost, nowMs: number): void {
    for (const policy of this.policies.values()) {
      const target = this.targets.get(AutoScalingSimulator.key(policy.ResourceId, policy.ScalableDimension));
      if (!target) continue;
      const consumed = host.consumedUnits(policy.ResourceId, policy.ScalableDimension, minuteMs);
      const current = host.currentCapacity(policy.ResourceId, policy.ScalableDimension);
      if (consumed === undefined || current === undefined || current <= 0) continue;
      const config = policy.TargetTrackingScalingPolicyConfiguration;
      const targetFraction = Math.min(90, Math.max(20, config.TargetValue)) / 100;
      const perSecond = consumed / 60;
      const utilization = perSecond / current;
      policy.highStreak = utilization > targetFraction ? policy.highStreak + 1 : 0;
      policy.lowStreak = utilization < targetFraction * LOW_THRESHOLD_FRACTION ? policy.lowStreak + 1 : 0;
      const desired = Math.min(target.MaxCapacity, Math.max(target.MinCapacity, Math.ceil(perSecond / targetFraction)));
      if (policy.highStreak >= SCALE_OUT_MINUTES && desired > current) {
        if (nowMs - policy.lastScaleOutMs >= (config.ScaleOutCooldown ?? 0) * 1000) {
          if (this.scale(policy.ResourceId, policy.ScalableDimension, current, desired, `monitor alarm TargetTracking-${policy.ResourceId}-AlarmHigh in state ALARM triggered policy ${policy.PolicyName}`, host, nowMs)) {
            policy.lastScaleOutMs = nowMs;
          }
          policy.highStreak = 0;
        }
      } else if (policy.lowStreak >= SCALE_IN_MINUTES && desired < current && !config.DisableScaleIn) {
        if (nowMs - policy.lastScaleInMs >= (config.ScaleInCooldown ?? 0) * 1000) {
          if (this.scale(policy.ResourceId, policy.ScalableDimension, current, desired, `monitor alarm TargetTracking-${policy.ResourceId}-AlarmLow in state ALARM triggered policy ${policy.PolicyName}`, host, nowMs)) {
            policy.lastScaleInMs = nowMs;
            policy.lowStreak = 0;
          }
        }
      }
    }
  }
}
