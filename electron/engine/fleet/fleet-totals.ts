import type { FleetStatus, FleetWorkerStatus } from '../../../shared/fleet-status';
import { emptyTotals, type JobKind, type JobTotals } from '../../../shared/job-status';
import type { FleetControl } from './fleet-budget';
import type { RejectLine } from '../../../shared/job-report';
import { countRejectLines, type FleetShardCheckpoint } from './redis-checkpoint-store';
import type { FleetShardRecord } from './shard-store';
import { WORKER_SILENT_AFTER_MS, type WorkerEntry } from './worker-registry';

/**
 * A fleet job's numbers, read from its shard records in Redis: the totals (each shard's
 * totals at its last checkpoint, summed: a shard taken over continues from those, so the
 * sum is exact), and the fleet view the dashboard draws (shared/fleet-status.ts).
 */

/** Fields that are not summed over shards: the kind, and counts of the whole plan. */
const PLANNED = new Set(['kind', 'recordsTotal', 'bytesTotal', 'segmentsDone', 'segmentsTotal']);

/** The job's totals: every shard's checkpointed totals added up; segment and record counts from the plan. */
export function fleetTotals(kind: JobKind, shards: readonly FleetShardRecord<FleetShardCheckpoint>[]): JobTotals {
  const totals = emptyTotals(kind);
  const sums = totals as unknown as Record<string, number>;
  let recordsKnown = true;
  let records = 0;
  let segmentsTotal = 0;
  let segmentsDone = 0;
  let bytesPlanned = 0;
  for (const shard of shards) {
    const t = shard.checkpoint?.job.totals as unknown as Record<string, unknown> | undefined;
    if (t) for (const key of Object.keys(sums)) if (!PLANNED.has(key) && typeof t[key] === 'number') sums[key]! += t[key];
    const shardRecords = t?.recordsTotal;
    if (typeof shardRecords === 'number' && shard.state === 'done') records += shardRecords;
    else if (shard.input.kind === 'byte-range') recordsKnown = false;
    if (shard.input.kind === 'byte-range') bytesPlanned += shard.input.endByte - shard.input.startByte;
    if (shard.input.kind === 'scan-segments') {
      segmentsTotal += shard.input.segments.length;
      if (shard.state === 'done') segmentsDone += shard.input.segments.length;
      else {
        const segments = (shard.checkpoint?.job.shards[0]?.checkpoint ?? []) as { done: boolean }[];
        segmentsDone += segments.filter((s) => s.done).length;
      }
    }
  }
  totals.recordsTotal = recordsKnown && records > 0 ? records : null;
  if (totals.kind === 'load') totals.bytesTotal = bytesPlanned;
  else {
    totals.segmentsTotal = segmentsTotal;
    totals.segmentsDone = segmentsDone;
  }
  return totals;
}

/** The fleet's rejects by reason: every shard's checkpointed counts summed, and the first example of each reason (shards in plan order). */
export interface FleetRejectReasons {
  counts: Map<string, number>;
  examples: Map<string, RejectLine>;
}

/**
 * Rejects by reason, summed over shards like the totals (each shard's counts at its last
 * checkpoint, which a shard taken over continues from): the one sum the live dashboard and
 * the report both show. A checkpoint without counts (an older worker's) is counted from its lines.
 */
export function fleetRejectReasons(shards: readonly FleetShardRecord<FleetShardCheckpoint>[]): FleetRejectReasons {
  const counts = new Map<string, number>();
  const examples = new Map<string, RejectLine>();
  for (const shard of [...shards].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) {
    const saved = shard.checkpoint;
    if (!saved) continue;
    let reasons = saved.reasons;
    let shardExamples = saved.examples ?? {};
    if (!reasons) {
      reasons = {};
      shardExamples = {};
      countRejectLines(saved.rejects, reasons, shardExamples);
    }
    for (const [reason, count] of Object.entries(reasons)) {
      counts.set(reason, (counts.get(reason) ?? 0) + count);
      const example = shardExamples[reason];
      if (example && !examples.has(reason)) examples.set(reason, example);
    }
  }
  return { counts, examples };
}

/** The fleet view: shared rates, shards by state, one row per worker that ran this job's shards or is on the queue now. */
export function fleetStatusOf(input: {
  queue: string;
  control: FleetControl | null;
  shards: readonly FleetShardRecord[];
  ranBy: Record<string, string>;
  entries: readonly WorkerEntry[];
  jobId: string;
  nowMs: number;
  reads: boolean;
}): FleetStatus {
  const { control, shards, ranBy, entries, jobId, nowMs } = input;
  const counts = { pending: 0, running: 0, done: 0, failed: 0 };
  const rows = new Map<string, FleetWorkerStatus>();
  const rowOf = (id: string): FleetWorkerStatus => {
    let row = rows.get(id);
    if (!row) {
      const e = entries.find((x) => x.id === id);
      row = {
        id, host: e?.host ?? '(gone)', pid: e?.pid ?? 0, version: e?.capstanVersion ?? '', shardsDone: 0,
        shardsRunning: e ? e.shardsRunning.filter((s) => s.startsWith(`${jobId}/`)).length : 0,
        itemsWritten: 0, itemsPerSecond: e?.itemsPerSecond ?? 0, share: 0, errors: e?.errors ?? 0, lastError: e?.lastError ?? null,
        lastHeartbeatMs: e?.lastHeartbeatMs ?? 0, silent: !e || nowMs - e.lastHeartbeatMs > WORKER_SILENT_AFTER_MS,
      };
      rows.set(id, row);
    }
    return row;
  };
  for (const e of entries) rowOf(e.id);
  for (const shard of shards) {
    counts[shard.state]++;
    const by = ranBy[shard.id];
    if (by && shard.state === 'done' && shard.outcome) {
      const row = rowOf(by);
      row.shardsDone++;
      row.itemsWritten += shard.outcome.counts.written;
    }
  }
  const all = [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
  const rate = all.reduce((sum, r) => sum + r.itemsPerSecond, 0);
  for (const row of all) row.share = rate > 0 ? Math.min(1, row.itemsPerSecond / rate) : 0;
  const view = (resource: 'write' | 'read') => {
    const r = control?.rates[resource];
    return { operatorRatePerSecond: r?.operatorRate ?? 0, sharedRatePerSecond: control?.state === 'running' ? (r?.backoff.allowedRate ?? 0) : 0 };
  };
  return { queue: input.queue, state: control?.state ?? 'stopped', write: view('write'), read: input.reads ? view('read') : null, shards: counts, workers: all, atMs: nowMs };
}
