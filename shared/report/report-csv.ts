import type { JobReport } from '../job-report';
import { csvRecord } from './csv-field';
import { reportThrottleReasons } from './report-throttle-reasons';

/** The fixed columns of the per-second CSV, with their units in the names. */
export const REPORT_CSV_COLUMNS = [
  'time_iso',
  'second',
  'read',
  'written',
  'rejected',
  'retried',
  'throttled',
  'consumed_wcu',
  'consumed_rcu',
  'latency_p50_ms',
  'latency_p99_ms',
  'in_flight',
  'target_wcu_per_second',
] as const;

/** The column name for one throttle reason's events per second. */
export function throttleReasonColumn(reason: string): string {
  return `throttles_${reason}`;
}

/**
 * The per-second series as RFC 4180 CSV, for spreadsheets and for comparing runs. One
 * column per throttle reason that occurs (events that second); a missing latency (no
 * request finished that second) is an empty cell, not a zero.
 */
export function renderReportCsv(report: JobReport): string {
  const reasons = reportThrottleReasons(report);
  const parts: string[] = [csvRecord([...REPORT_CSV_COLUMNS, ...reasons.map(throttleReasonColumn)])];
  for (const t of report.series) {
    parts.push(
      csvRecord([
        Number.isFinite(t.atMs) ? new Date(t.atMs).toISOString() : '',
        t.second, t.read, t.written, t.rejected, t.retried, t.throttled,
        t.consumedWcu, t.consumedRcu, t.latencyP50Ms, t.latencyP99Ms, t.inFlight, t.targetWcuPerSecond,
        ...reasons.map((r) => t.throttlesByReason[r] ?? 0),
      ]),
    );
  }
  return parts.join('');
}
