import { describe, expect, it } from 'vitest';
import type { FleetControl } from '../../../electron/engine/fleet/fleet-budget';
import { fleetStatusOf, fleetTotals } from '../../../electron/engine/fleet/fleet-totals';
import type { FleetShardCheckpoint } from '../../../electron/engine/fleet/redis-checkpoint-store';
import type { FleetShardRecord } from '../../../electron/engine/fleet/shard-store';
import type { WorkerEntry } from '../../../electron/engine/fleet/worker-registry';
import { emptyTotals } from '../../../shared/job-status';

function scanShard(id: string, segments: number[], state: FleetShardRecord['state'], counts: { read: number; written: number; unchanged: number } | null, doneSegments: number[] = []): FleetShardRecord<FleetShardCheckpoint> {
  const totals = counts ? { ...emptyTotals('backfill'), ...counts } : null;
  return {
    id, state, input: { kind: 'scan-segments', table: 't', segments, totalSegments: 8 },
    checkpoint: totals ? { rejects: '', job: { version: 2, jobId: 'j', spec: {} as never, totals, work: null, notes: [], startedAtMs: 0, savedAtMs: 0, shards: [{ id, input: { kind: 'scan-segments', table: 't', segments, totalSegments: 8 }, state: 'running', outcome: null, checkpoint: doneSegments.map((segment) => ({ segment, key: null, done: true, replay: [] })) }] } } : null,
    outcome: state === 'done' ? { state: 'done', counts: { read: counts!.read, written: counts!.written, rejected: 0 }, error: null } : null,
    checkpointCounts: { read: counts?.read ?? 0, written: counts?.written ?? 0, rejected: 0 },
  };
}

describe('fleet totals', () => {
  it('adds every shard at its last checkpoint, and counts segments from the plan', () => {
    const t = fleetTotals('backfill', [
      scanShard('a', [0, 1, 2, 3], 'done', { read: 40, written: 30, unchanged: 10 }),
      scanShard('b', [4, 5, 6, 7], 'running', { read: 7, written: 5, unchanged: 2 }, [4]),
      scanShard('c', [], 'pending', null),
    ]);
    expect(t).toMatchObject({ kind: 'backfill', read: 47, written: 35, unchanged: 12, segmentsDone: 5, segmentsTotal: 8 });
  });
});

describe('the fleet view', () => {
  it('gives each worker its share of the items per second, its shards of this job, and marks a silent one', () => {
    const entry = (id: string, itemsPerSecond: number, lastHeartbeatMs: number, running: string[]): WorkerEntry => ({
      id, host: `h-${id}`, pid: 1, capstanVersion: '1', concurrency: 2, startedAtMs: 0, lastHeartbeatMs, shardsDone: 0, shardsRunning: running,
      itemsPerSecond, itemsWritten: 0, errors: id === 'w2' ? 1 : 0, lastError: id === 'w2' ? 'cannot reach the table' : null,
    });
    const control: FleetControl = { state: 'running', revision: 1, capstanVersion: '1', mode: 'fixed', rateMode: null, pausedBy: null, pauseReason: null, rates: {
      write: { operatorRate: 1000, backoff: { allowedRate: 500, lastCutAtMs: 1, lastUpdateAtMs: 1 } },
      read: { operatorRate: 0, backoff: { allowedRate: 0, lastCutAtMs: null, lastUpdateAtMs: 1 } },
    } };
    const view = fleetStatusOf({
      queue: 'redis://q:6379', control, jobId: 'j', nowMs: 10_000, reads: false,
      shards: [scanShard('a', [0], 'done', { read: 3, written: 3, unchanged: 0 }), scanShard('b', [1], 'running', null)],
      ranBy: { a: 'w1' },
      entries: [entry('w1', 300, 9_500, ['j/b', 'other/x']), entry('w2', 100, 1_000, [])],
    });
    expect(view.write).toEqual({ operatorRatePerSecond: 1000, sharedRatePerSecond: 500 });
    expect(view.read).toBeNull();
    expect(view.shards).toEqual({ pending: 0, running: 1, done: 1, failed: 0 });
    expect(view.workers.map((w) => [w.id, w.shardsDone, w.shardsRunning, w.itemsWritten, w.share, w.silent, w.lastError])).toEqual([
      ['w1', 1, 1, 3, 0.75, false, null],
      ['w2', 0, 0, 0, 0.25, true, 'cannot reach the table'],
    ]);
  });
});
