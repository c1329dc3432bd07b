import { describe, expect, it } from 'vitest';
import { backfillJobSpecSchema } from '../../../shared/backfill-spec';
import { loadJobSpecSchema } from '../../../shared/job-spec';
import { emptyTotals, jobProgress, makeJobSnapshot, totalsFromStored, totalsOfKind, type JobSnapshotBase } from '../../../shared/job-status';

/** Snapshots and totals as a union keyed by the job's kind. */

const base: JobSnapshotBase = {
  id: 'x', state: 'running', createdAtMs: 1, startedAtMs: 2, endedAtMs: null, rateWcuPerSecond: 100, error: null,
  rejectsFile: null, cost: null, pauseReason: null, pausedBy: null, capacity: null,
};
const load = loadJobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'people', source: { path: '/x.csv' }, rate: { mode: 'fixed', wcuPerSecond: 300 } });
const backfill = backfillJobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'people', operation: { kind: 'count' }, rate: { mode: 'fixed', wcuPerSecond: 10, rcuPerSecond: 70 } });

describe('job snapshots keyed by kind', () => {
  it('carries only the counts of its kind', () => {
    expect(Object.keys(emptyTotals('load')).sort()).toEqual(['bytesRead', 'bytesTotal', 'consumedWcu', 'duplicates', 'kind', 'read', 'recordsTotal', 'rejected', 'retried', 'skipped', 'throttled', 'written']);
    expect(Object.keys(emptyTotals('backfill')).sort()).toEqual(['consumedRcu', 'consumedWcu', 'kind', 'read', 'recordsTotal', 'rejected', 'retried', 'segmentsDone', 'segmentsTotal', 'skipped', 'throttled', 'unchanged', 'written']);
  });

  it('builds the snapshot of the spec\'s kind, with the spec\'s rates unless live ones are given', () => {
    const l = makeJobSnapshot(base, load, emptyTotals('load'));
    expect(l.kind).toBe('load');
    expect(l.kind === 'load' && l.rateMode).toEqual({ mode: 'fixed', wcuPerSecond: 300 });
    expect(l).not.toHaveProperty('readRateRcuPerSecond');
    const b = makeJobSnapshot(base, backfill, emptyTotals('backfill'), { readRateRcuPerSecond: 90 });
    expect(b.kind === 'backfill' && b.readRateRcuPerSecond).toBe(90);
    // A backfill's write side has the rate modes too: its snapshot carries the mode in force (without the read rate).
    expect(b.kind === 'backfill' && b.rateMode).toEqual({ mode: 'fixed', wcuPerSecond: 10 });
    expect(makeJobSnapshot(base, backfill, emptyTotals('backfill'), { rateMode: { mode: 'fill', share: 0.7 } })).toMatchObject({ rateMode: { mode: 'fill', share: 0.7 } });
    expect(makeJobSnapshot(base, backfill, emptyTotals('backfill'))).toMatchObject({ readRateRcuPerSecond: 70 });
  });

  it('refuses to mix kinds, in words', () => {
    expect(() => makeJobSnapshot(base, load, emptyTotals('backfill'))).toThrow('A load job was handed the totals of a backfill job');
    expect(() => totalsOfKind('backfill', emptyTotals('load'))).toThrow('A backfill job was handed the totals of a load job');
  });

  it('reads totals stored before they had a kind (checkpoints and reports of earlier versions)', () => {
    const old = { read: 10, written: 7, rejected: 1, unchanged: 0, skipped: 2, consumedRcu: 0, duplicates: 1, retried: 3, throttled: 4, consumedWcu: 7, bytesRead: 500, bytesTotal: 900, recordsTotal: null, segmentsDone: null, segmentsTotal: null };
    expect(totalsFromStored('load', old)).toEqual({ kind: 'load', read: 10, written: 7, rejected: 1, skipped: 2, duplicates: 1, retried: 3, throttled: 4, consumedWcu: 7, bytesRead: 500, bytesTotal: 900, recordsTotal: null });
    const oldBackfill = { ...old, unchanged: 5, consumedRcu: 12.5, segmentsDone: 3, segmentsTotal: 8, recordsTotal: 40 };
    expect(totalsFromStored('backfill', oldBackfill)).toEqual({ kind: 'backfill', read: 10, written: 7, rejected: 1, skipped: 2, unchanged: 5, consumedRcu: 12.5, retried: 3, throttled: 4, consumedWcu: 7, segmentsDone: 3, segmentsTotal: 8, recordsTotal: 40 });
    // Segments unknown in an old checkpoint (null) stay 0; garbage is no count at all.
    expect(totalsFromStored('backfill', old)).toMatchObject({ segmentsDone: 0, segmentsTotal: 0 });
    expect(totalsFromStored('load', 'garbage')).toEqual(emptyTotals('load'));
  });

  it('measures progress by the kind\'s own measure', () => {
    expect(jobProgress({ ...emptyTotals('backfill'), segmentsDone: 3, segmentsTotal: 12 })).toBe(0.25);
    expect(jobProgress({ ...emptyTotals('load'), bytesRead: 50, bytesTotal: 200 })).toBe(0.25);
    expect(jobProgress({ ...emptyTotals('load'), written: 30, rejected: 10, recordsTotal: 80, bytesRead: 200, bytesTotal: 200 })).toBe(0.5);
    // A stopped load whose reader reached the end of the file but settled 300 of 1,000 records read: 30%, not 100%.
    expect(jobProgress({ ...emptyTotals('load'), read: 1_000, written: 290, rejected: 10, bytesRead: 200, bytesTotal: 200 })).toBe(0.3);
  });
});
