import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RejectLine } from '../../../shared/job-report';
import { groupOf } from '../../../shared/report/reject-reasons';
import type { CheckpointStore } from '../lifecycle/checkpoint-store';
import type { JobCheckpoint } from '../lifecycle/job-checkpoint';
import type { FleetShardContext } from './fleet-shard-runner';

/**
 * A fleet shard's checkpoints, kept in its shard record in Redis (through the worker, which
 * writes only while this attempt owns the shard). A checkpoint carries the shard's
 * lifecycle checkpoint (totals, the shard's resume point, the kind's state) and the
 * shard's rejects file up to the length that checkpoint counts, so whichever worker
 * continues the shard starts from the same totals with the same reject lines on its disk.
 */

/** What a fleet shard's checkpoint holds. */
export interface FleetShardCheckpoint {
  job: JobCheckpoint;
  /** The shard's rejects file (JSON lines) up to the length the checkpoint counts. */
  rejects: string;
  /**
   * Those lines counted by reason (the reason key of shared/report/reject-reasons.ts), and
   * the first line of each reason (its raw text cut short): the coordinator sums these over
   * shards, as it sums totals, for the live dashboard and the report. Absent in checkpoints
   * of workers that predate them (the coordinator counts `rejects` then).
   */
  reasons?: Record<string, number>;
  examples?: Record<string, RejectLine>;
}

/** An example's raw record is cut to this many characters (as a local job's live summary cuts it). */
const EXAMPLE_RAW_CHARS = 300;

/** Counts reject lines (JSON lines text) by reason group into `reasons`, keeping the first line of each reason in `examples`. */
export function countRejectLines(text: string, reasons: Record<string, number>, examples: Record<string, RejectLine>): void {
  for (const line of text.split('\n')) {
    if (!line) continue;
    let reject: RejectLine;
    try {
      reject = JSON.parse(line) as RejectLine;
    } catch {
      continue; // Not a whole line: the checkpoint's length ends at whole lines, so only a damaged file gets here.
    }
    const reason = groupOf(reject);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    if (!examples[reason]) examples[reason] = reject.raw.length > EXAMPLE_RAW_CHARS ? { ...reject, raw: `${reject.raw.slice(0, EXAMPLE_RAW_CHARS)}…` } : reject;
  }
}

/** The length of the rejects file a kind's checkpoint state counts (both kinds keep `rejectsBytes`). */
function rejectsBytesOf(checkpoint: JobCheckpoint): number {
  const bytes = (checkpoint.work as { rejectsBytes?: unknown } | null)?.rejectsBytes;
  return typeof bytes === 'number' ? bytes : 0;
}

/**
 * A checkpoint store over a fleet shard's record. `initial` is the checkpoint a shard
 * starts from when it has none yet (null: the kind plans its one shard itself).
 */
export function redisCheckpointStore(context: FleetShardContext<FleetShardCheckpoint>, directory: string, initial: JobCheckpoint | null): CheckpointStore {
  const rejectsPath = join(directory, 'rejects.jsonl');
  // The lines counted so far (this attempt counts only what its checkpoints add).
  let counted = { bytes: 0, reasons: {} as Record<string, number>, examples: {} as Record<string, RejectLine> };
  const countFrom = (saved: FleetShardCheckpoint) => {
    counted = { bytes: Buffer.byteLength(saved.rejects), reasons: { ...(saved.reasons ?? {}) }, examples: { ...(saved.examples ?? {}) } };
    if (!saved.reasons) countRejectLines(saved.rejects, counted.reasons, counted.examples);
  };
  return {
    place: `Redis (job ${context.jobId}, shard ${context.shard.id})`,
    async load() {
      const saved = context.shard.checkpoint;
      if (!saved) return initial;
      // The reject lines up to the checkpoint, as the worker that wrote it had them on its disk.
      await writeFile(rejectsPath, saved.rejects);
      countFrom(saved);
      return saved.job;
    },
    async save(checkpoint) {
      const bytes = rejectsBytesOf(checkpoint);
      const file = bytes > 0 ? (await readFile(rejectsPath)).subarray(0, bytes) : Buffer.alloc(0);
      const rejects = file.toString('utf8');
      if (bytes < counted.bytes) counted = { bytes: 0, reasons: {}, examples: {} };
      countRejectLines(file.subarray(counted.bytes).toString('utf8'), counted.reasons, counted.examples);
      counted.bytes = bytes;
      const t = checkpoint.totals;
      const owned = await context.checkpoint({ job: checkpoint, rejects, reasons: { ...counted.reasons }, examples: { ...counted.examples } }, { read: t.read, written: t.written, rejected: t.rejected });
      if (!owned) throw Object.assign(new Error(`Shard ${context.shard.id} was taken over by another worker; this attempt stops`), { name: 'ShardTakenOver' });
    },
  };
}
