import type { RunSummary } from '../../../shared/contract';
import type { JobState } from '../../../shared/job-status';

/** What a run is, for History: a load, a backfill, or a backfill's trial on a sample. */
export type RunKind = 'load' | 'backfill' | 'trial';

/** The History filters; empty strings mean "any". */
export interface HistoryFilter {
  kind: RunKind | '';
  table: string;
  state: JobState | '';
  /** Started on or after this day (YYYY-MM-DD, in the zone shown). */
  from: string;
  /** Started on or before this day. */
  to: string;
}

/** No filter: every run. */
export const ANY_RUN: HistoryFilter = { kind: '', table: '', state: '', from: '', to: '' };

/** A run's kind: a backfill with a trial fraction is a trial, not a run of the job. */
export function runKind(run: RunSummary): RunKind {
  if (run.spec.kind === 'backfill' && run.spec.trial) return 'trial';
  return run.spec.kind;
}

/** The day a run started (or was created) as YYYY-MM-DD, in UTC or the browser's zone. */
export function runDay(run: RunSummary, utc: boolean): string {
  const d = new Date(run.startedAtMs ?? run.createdAtMs);
  if (utc) return d.toISOString().slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The runs the filter keeps, in their order. */
export function filterRuns(runs: readonly RunSummary[], filter: HistoryFilter, utc: boolean): RunSummary[] {
  return runs.filter((run) => {
    if (filter.kind && runKind(run) !== filter.kind) return false;
    if (filter.table && run.spec.table !== filter.table) return false;
    if (filter.state && run.state !== filter.state) return false;
    const day = runDay(run, utc);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
    return true;
  });
}

/** The tables the runs worked on, sorted, for the table filter's choices. */
export function runTables(runs: readonly RunSummary[]): string[] {
  return [...new Set(runs.map((r) => r.spec.table))].sort();
}
