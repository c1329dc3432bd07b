import type { ClientTarget } from '../dynamo/client-target';
import { changeTargetForJob, createAutoScalingClient, readScaling, restoreTarget, type ScalingChange } from './auto-scaling';

/** A target change made for one job, and how to undo it. */
export interface JobScalingChange {
  change: ScalingChange;
  /** Puts the old target back; resolves with the words the report records. */
  restore(nowMs: number): Promise<string>;
  /** The words the report records for the change itself. */
  note: string;
}

/**
 * Techniques 1 and 2 of DOMAIN.md section 7: raise the table's auto-scaling write target
 * (say 70% -> 80%) for the job's duration, so the job's writes fit into capacity that is
 * paid for anyway, and restore it afterwards. The operator asked for it in the job spec
 * (the wizard confirms it first); both changes are recorded in the report. A resumed job
 * passes `originalTarget`, the target before its first start, which its end restores.
 */
export async function changeScalingTargetForJob(target: ClientTarget, tableName: string, newTargetUtilization: number, nowMs: number, originalTarget?: number): Promise<JobScalingChange> {
  const client = createAutoScalingClient(target);
  const { write } = await readScaling(client, tableName);
  if (!write) {
    client.destroy();
    throw new Error(`Table ${tableName} has no auto scaling for writes; there is no target to change (turn auto scaling on, or choose fill mode for fixed capacity)`);
  }
  const change = await changeTargetForJob(client, write, newTargetUtilization, nowMs);
  // A resumed job raises the target again and, at its end, puts back the one from before its first start.
  return jobScalingChange(client, tableName, originalTarget === undefined ? change : { ...change, oldTargetUtilization: originalTarget });
}

/**
 * A change made earlier (by a fleet coordinator that died: the change was kept in Redis
 * with the job), with its words and its restore, as `changeScalingTargetForJob` gave them.
 */
export function earlierScalingChange(target: ClientTarget, tableName: string, change: ScalingChange): JobScalingChange {
  return jobScalingChange(createAutoScalingClient(target), tableName, change);
}

function jobScalingChange(client: ReturnType<typeof createAutoScalingClient>, tableName: string, change: ScalingChange): JobScalingChange {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return {
    change,
    note: `Auto-scaling write target of ${tableName} changed from ${pct(change.oldTargetUtilization)} to ${pct(change.newTargetUtilization)} for the job (${new Date(change.changedAtMs).toISOString()}).`,
    async restore(restoreAtMs: number) {
      try {
        await restoreTarget(client, change, restoreAtMs);
        return `Auto-scaling write target of ${tableName} restored to ${pct(change.oldTargetUtilization)} (${new Date(restoreAtMs).toISOString()}).`;
      } catch (error) {
        return `COULD NOT RESTORE the auto-scaling write target of ${tableName} to ${pct(change.oldTargetUtilization)}: ${(error as Error).message}. Restore it by hand.`;
      } finally {
        client.destroy();
      }
    },
  };
}
