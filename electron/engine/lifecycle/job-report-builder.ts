import { reconcile, type JobReport, type ObjectAuditLine, type RejectLine } from '../../../shared/job-report';
import { consumedRcuOf, type JobSnapshot, type JobTick } from '../../../shared/job-status';
import type { MeterBilling } from '../../../shared/cost';
import { estimateRun } from '../../../shared/report/run-estimate';
import type { OperatorAction, TableCapacityAtStart } from '../../../shared/report/run-facts';

/** Builds the report of a finished job (any kind) from its snapshot and ticks. */
export function buildJobReport(input: {
  snapshot: JobSnapshot;
  ticks: JobTick[];
  throttlesByReason: Record<string, number>;
  rejectReasons: Record<string, number>;
  rejectSamples: RejectLine[];
  notes?: string[];
  objects?: ObjectAuditLine[];
  actions?: OperatorAction[];
  table?: TableCapacityAtStart | null;
  meterBilling?: MeterBilling | null;
}): JobReport {
  const { snapshot, ticks } = input;
  const t = snapshot.totals;
  const durationSeconds = snapshot.startedAtMs && snapshot.endedAtMs ? (snapshot.endedAtMs - snapshot.startedAtMs) / 1000 : null;
  return {
    format: 'capstan-report/1',
    kind: snapshot.spec.kind,
    generatedAtMs: Date.now(),
    job: { id: snapshot.id, state: snapshot.state, spec: snapshot.spec },
    times: { createdAtMs: snapshot.createdAtMs, startedAtMs: snapshot.startedAtMs, endedAtMs: snapshot.endedAtMs, durationSeconds },
    totals: t,
    reconciliation: reconcile(snapshot.spec.kind, t, snapshot.state === 'completed'),
    capacity: {
      consumedWcu: t.consumedWcu,
      consumedRcu: consumedRcuOf(t),
      averageWcuPerSecond: durationSeconds ? t.consumedWcu / durationSeconds : null,
      peakWcuPerSecond: ticks.reduce((max, tick) => Math.max(max, tick.consumedWcu), 0),
    },
    throttles: { total: t.throttled, byReason: input.throttlesByReason },
    rejects: { total: t.rejected, byReason: input.rejectReasons, sample: input.rejectSamples, file: snapshot.rejectsFile },
    cost: snapshot.cost,
    diagnosis: snapshot.capacity?.diagnosis ?? [],
    notes: input.notes ?? [],
    ...(input.objects ? { objects: input.objects } : {}),
    error: snapshot.error,
    series: ticks,
    table: input.table ?? null,
    actions: input.actions ?? [],
    estimate: estimateRun({ spec: snapshot.spec, totals: t, table: input.table ?? null, billing: input.meterBilling ?? null }),
  };
}
