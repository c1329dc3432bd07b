import type { JobSpec } from '../../../shared/job-spec';
import type { ScalingChange } from '../capacity/auto-scaling';
import { changeScalingTargetForJob, earlierScalingChange, type JobScalingChange } from '../capacity/job-scaling-target';
import type { ClientTarget } from '../dynamo/client-target';
import type { ShardStore } from './shard-store';

/**
 * A fleet load's `autoScaling` (`--autoscaling-target`), done once for the fleet by its
 * coordinator with the code a local load uses (capacity/job-scaling-target.ts): the table's
 * write target is raised before the first shard is queued and restored when the job ends
 * (completed, failed or stopped), both in the report's notes. The change is kept in Redis
 * with the job, so a coordinator that attaches after another died restores it at the end.
 * Workers never touch auto scaling (a shard's spec has no autoScaling).
 */

/** Raises the write target a new fleet load asks for; null when it asks for none. A table without write auto scaling is refused in words. */
export async function raiseFleetScaling(spec: JobSpec, target: ClientTarget, nowMs: number): Promise<JobScalingChange | null> {
  if (spec.kind !== 'load' || !spec.autoScaling) return null;
  return changeScalingTargetForJob(target, spec.table, spec.autoScaling.writeTargetDuringJob, nowMs);
}

/** The change an earlier coordinator of this job made and did not restore, from Redis; null when there is none. */
export async function keptFleetScaling(store: ShardStore, spec: JobSpec, target: ClientTarget): Promise<JobScalingChange | null> {
  const kept = await store.scaling();
  if (!isScalingChange(kept)) return null;
  return earlierScalingChange(target, spec.table, kept);
}

/** Restores the target (the words say how it went, or to restore it by hand) and forgets the change in Redis. */
export async function restoreFleetScaling(change: JobScalingChange, store: ShardStore | null, nowMs: number): Promise<string> {
  const words = await change.restore(nowMs);
  try {
    await store?.keepScaling(null);
  } catch (error) {
    return `${words} (Redis still lists the change: ${(error as Error).message}; a coordinator that attaches would restore it again, which is harmless)`;
  }
  return words;
}

function isScalingChange(value: unknown): value is ScalingChange {
  const v = value as Partial<ScalingChange> | null;
  return typeof v?.resourceId === 'string' && typeof v.policyName === 'string' && typeof v.dimension === 'string'
    && typeof v.oldTargetUtilization === 'number' && typeof v.newTargetUtilization === 'number' && typeof v.changedAtMs === 'number';
}
