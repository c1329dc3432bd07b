import type { ObjectAuditLine, RejectLine } from '../../../shared/job-report';
import type { JobSpec } from '../../../shared/job-spec';
import type { JobTotals } from '../../../shared/job-status';
import type { ClientTarget } from '../dynamo/client-target';
import { applyAfterLoad } from '../s3/move-finished-objects';
import { fleetObjectAudit } from './fleet-object-audit';
import type { FleetShardCheckpoint } from './redis-checkpoint-store';
import type { FleetShardRecord } from './shard-store';

/**
 * Pieces of a fleet job's report and steering that read only the shards or the totals:
 * the merged reject lines, the per-object audit and the units the rest of the job is
 * expected to consume.
 */

/** Every shard's reject lines (as of its last checkpoint) and the first of them as the report's sample. */
export function mergeRejects(shards: readonly FleetShardRecord<FleetShardCheckpoint>[]): { text: string; sample: RejectLine[] } {
  const sample: RejectLine[] = [];
  let text = '';
  for (const shard of [...shards].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) {
    const part = shard.checkpoint?.rejects ?? '';
    text += part;
    for (const line of part.split('\n')) {
      if (sample.length >= 20) break;
      if (line) sample.push(JSON.parse(line) as RejectLine);
    }
  }
  return { text, sample };
}

/** Units the rest of the job is expected to consume, for the spend meter's projection: a local job's estimates, on the fleet's totals. */
export function remainingUnits(t: JobTotals): { wcu: number; rcu: number } {
  if (t.kind === 'load') {
    const wcuPerItem = t.written > 0 ? t.consumedWcu / t.written : 1;
    const estimatedTotal = t.recordsTotal ?? (t.bytesRead > 0 && t.read > 0 ? (t.read * t.bytesTotal) / t.bytesRead : t.read);
    return { wcu: Math.max(0, estimatedTotal - t.written - t.rejected - t.skipped) * wcuPerItem, rcu: 0 };
  }
  const doneShare = t.segmentsTotal > 0 ? t.segmentsDone / t.segmentsTotal : 0;
  const remainingShare = doneShare > 0 ? (1 - doneShare) / doneShare : 0;
  return { wcu: t.consumedWcu * remainingShare, rcu: t.consumedRcu * remainingShare };
}

/**
 * A load's per-object audit at its end, summed from the shard records; when the load
 * completed, with the source's `afterLoad` applied by the coordinator with the code a local
 * load uses (done objects copied under the done prefix, failed ones under the failed prefix,
 * originals deleted only when asked). Workers never move objects: only once every shard is
 * done is it known which objects are done or failed. A failed or stopped job moves nothing,
 * as locally. Undefined for a backfill.
 */
export async function fleetObjectsAtEnd(spec: JobSpec, completed: boolean, shards: readonly FleetShardRecord<FleetShardCheckpoint>[], target: ClientTarget, log: (level: 'info' | 'error', message: string) => void): Promise<ObjectAuditLine[] | undefined> {
  if (spec.kind !== 'load') return undefined;
  const lines = fleetObjectAudit(shards);
  return completed ? applyAfterLoad(lines, spec.source, target, log) : lines;
}
