import type { ObjectAuditLine, RejectLine } from '../../../shared/job-report';
import { isUnreadableRest } from '../source/source-entry';
import type { FleetShardCheckpoint } from './redis-checkpoint-store';
import type { FleetShardRecord } from './shard-store';

/**
 * The per-object audit of a fleet load, from its shard records: one line per S3 object,
 * whether it ran as one shard or as byte ranges on several workers, with the sums of its
 * shards' counts at their last checkpoints (exact, as the job's totals are). An object is
 * done when all its shards are, failed when a shard could not read its part to the end.
 */
export function fleetObjectAudit(shards: readonly FleetShardRecord<FleetShardCheckpoint>[]): ObjectAuditLine[] {
  const lines = new Map<string, ObjectAuditLine & { open: boolean; recordsKnown: boolean }>();
  for (const shard of shards) {
    if (shard.input.kind !== 'byte-range') continue;
    const { name, sizeBytes } = shard.input.entry;
    let line = lines.get(name);
    if (!line) {
      line = { name, sizeBytes, records: 0, written: 0, rejected: 0, state: 'done', reason: null, movedTo: null, moveError: null, open: false, recordsKnown: true };
      lines.set(name, line);
    }
    const totals = shard.checkpoint?.job.totals as { written?: number; rejected?: number; recordsTotal?: number | null } | undefined;
    line.written += totals?.written ?? 0;
    line.rejected += totals?.rejected ?? 0;
    if (shard.state === 'done' && typeof totals?.recordsTotal === 'number') line.records = (line.records ?? 0) + totals.recordsTotal;
    else line.recordsKnown = false;
    if (shard.state !== 'done') line.open = true;
    for (const text of (shard.checkpoint?.rejects ?? '').split('\n')) {
      if (!text || line.reason !== null) continue;
      const reason = (JSON.parse(text) as RejectLine).reason;
      if (isUnreadableRest(reason)) line.reason = reason;
    }
  }
  return [...lines.values()].map(({ open, recordsKnown, ...line }) => ({
    ...line,
    records: recordsKnown ? line.records : null,
    state: line.reason !== null ? 'failed' : open ? 'pending' : 'done',
  }));
}
