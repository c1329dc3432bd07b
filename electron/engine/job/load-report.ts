import type { JobSnapshot, JobTick } from '../../../shared/job-status';
import type { RejectLine } from './rejects-file';

/** The run report of a load job: what was asked, what happened, and proof that it adds up. */
export interface LoadReport {
  format: 'capstan-report/1';
  generatedAtMs: number;
  job: { id: string; state: JobSnapshot['state']; spec: JobSnapshot['spec'] };
  times: { createdAtMs: number; startedAtMs: number | null; endedAtMs: number | null; durationSeconds: number | null };
  totals: JobSnapshot['totals'];
  reconciliation: { read: number; written: number; rejected: number; pending: number; balanced: boolean; statement: string };
  capacity: { consumedWcu: number; averageWcuPerSecond: number | null; peakWcuPerSecond: number };
  throttles: { total: number; byReason: Record<string, number> };
  rejects: { total: number; byReason: Record<string, number>; sample: RejectLine[]; file: string | null };
  /** Spend at the table's pricing, from the units actually consumed. */
  cost: JobSnapshot['cost'];
  error: JobSnapshot['error'];
  series: JobTick[];
}

/** Builds the report from a finished job's snapshot and ticks. */
export function buildLoadReport(input: {
  snapshot: JobSnapshot;
  ticks: JobTick[];
  throttlesByReason: Record<string, number>;
  rejectReasons: Record<string, number>;
  rejectSamples: RejectLine[];
}): LoadReport {
  const { snapshot, ticks } = input;
  const t = snapshot.totals;
  const pending = t.read - t.written - t.rejected;
  const balanced = pending >= 0 && t.read === t.written + t.rejected + pending;
  const durationSeconds = snapshot.startedAtMs && snapshot.endedAtMs ? (snapshot.endedAtMs - snapshot.startedAtMs) / 1000 : null;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    format: 'capstan-report/1',
    generatedAtMs: Date.now(),
    job: { id: snapshot.id, state: snapshot.state, spec: snapshot.spec },
    times: { createdAtMs: snapshot.createdAtMs, startedAtMs: snapshot.startedAtMs, endedAtMs: snapshot.endedAtMs, durationSeconds },
    totals: t,
    reconciliation: {
      read: t.read, written: t.written, rejected: t.rejected, pending, balanced,
      statement: `read ${fmt(t.read)} = written ${fmt(t.written)} + rejected ${fmt(t.rejected)} + pending ${fmt(pending)}`,
    },
    capacity: {
      consumedWcu: t.consumedWcu,
      averageWcuPerSecond: durationSeconds ? t.consumedWcu / durationSeconds : null,
      peakWcuPerSecond: ticks.reduce((max, tick) => Math.max(max, tick.consumedWcu), 0),
    },
    throttles: { total: t.throttled, byReason: input.throttlesByReason },
    rejects: { total: t.rejected, byReason: input.rejectReasons, sample: input.rejectSamples, file: snapshot.rejectsFile },
    cost: snapshot.cost,
    error: snapshot.error,
    series: ticks,
  };
}
