import type { ThrottleDiagnosis } from './capacity-view';
import { unchangedOf, type JobCost, type JobSnapshot, type JobTick, type JobTotals } from './job-status';
import type { RunEstimate } from './report/run-estimate';
import type { OperatorAction, TableCapacityAtStart } from './report/run-facts';

/** One rejected record (load) or failed item (backfill), as the rejects file holds it. */
export interface RejectLine {
  file: string;
  line: number;
  ordinal: number;
  key: string | null;
  reason: string;
  /**
   * The reason with the data's values folded to "…" (shared/report/reject-reasons.ts): what
   * alike rejects count under. Absent in lines written before it was stored.
   */
  group?: string;
  raw: string;
}

/**
 * One file or S3 object of a load, as the per-object audit reports it: its records and
 * what became of them. `failed` means part of it could not be read (a damaged gzip, an
 * object deleted or refused mid-read); `pending` means records of it are not settled yet.
 */
export interface ObjectAuditLine {
  name: string;
  sizeBytes: number;
  /** Records counted in it (null when the run never reached it). */
  records: number | null;
  written: number;
  rejected: number;
  state: 'done' | 'failed' | 'pending';
  /** Why it failed, in words. */
  reason: string | null;
  /** Where it was copied after the load (the done or failed prefix), when asked. */
  movedTo: string | null;
  /** Why a requested copy or delete did not happen. */
  moveError: string | null;
}

/**
 * The run report of any job: what was asked, what happened, and proof that it adds up.
 * It must make sense to someone who never saw the run, so every number has its words.
 */
export interface JobReport {
  format: 'capstan-report/1';
  kind: JobSnapshot['spec']['kind'];
  generatedAtMs: number;
  job: { id: string; state: JobSnapshot['state']; spec: JobSnapshot['spec'] };
  times: { createdAtMs: number; startedAtMs: number | null; endedAtMs: number | null; durationSeconds: number | null };
  totals: JobTotals;
  /**
   * The accounting identity, with each term named: for a load read = written + rejected +
   * pending; for a backfill read (scanned) = written (changed) + unchanged + skipped +
   * rejected (failed) + pending.
   */
  reconciliation: {
    read: number;
    written: number;
    rejected: number;
    unchanged: number;
    skipped: number;
    pending: number;
    /**
     * Input not read at all: records (when the input's count is known) for a load, items
     * (estimated from the table's count) for a backfill; 0 once everything was read, null
     * when how much is left is not known (then `unreadWords` says what is).
     */
    notYetRead: number | null;
    /** What is left unread, in words ("" when nothing is). */
    unreadWords: string;
    /** True when the run left work to do (records pending or input not read): it can be resumed. */
    workLeft: boolean;
    balanced: boolean;
    statement: string;
  };
  capacity: { consumedWcu: number; consumedRcu: number; averageWcuPerSecond: number | null; peakWcuPerSecond: number };
  throttles: { total: number; byReason: Record<string, number> };
  rejects: { total: number; byReason: Record<string, number>; sample: RejectLine[]; file: string | null };
  /** Spend at the table's pricing, from the units actually consumed. */
  cost: JobCost | null;
  /** Every throttle reason of the run, explained in the job's own terms. */
  diagnosis: ThrottleDiagnosis[];
  /** Decisions the report must record (e.g. a safety check overridden by the operator). */
  notes: string[];
  /** Loads: every file or object of the source with its records, written, rejected and state. */
  objects?: ObjectAuditLine[];
  error: JobSnapshot['error'];
  series: JobTick[];
  /** The table's capacity when the job started (absent in reports of older builds). */
  table?: TableCapacityAtStart | null;
  /** Pauses, resumes, rate and mode changes, cost-ceiling pauses, the stop: when and by whom. */
  actions?: OperatorAction[];
  /** What the run was expected to take (loads), for the estimate against actual. */
  estimate?: RunEstimate | null;
}

/**
 * Words for the reconciliation of a job's totals, over the whole input: what was read
 * adds up (read = written + rejected + pending), and what was never read is named too —
 * a run that ended early says how much of its input it did not reach. `finished` is true
 * when the job read its whole input (it completed).
 */
export function reconcile(kind: JobReport['kind'], t: JobTotals, finished: boolean): JobReport['reconciliation'] {
  const unchanged = unchangedOf(t);
  const pending = t.read - t.written - t.rejected - unchanged - t.skipped;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const notYetRead = finished ? 0 : t.recordsTotal !== null && t.recordsTotal >= t.read ? t.recordsTotal - t.read : null;
  const unit = kind === 'load' ? 'records' : 'items';
  let unreadWords = '';
  if (!finished) {
    if (t.kind === 'backfill' && t.segmentsTotal > 0) unreadWords = `${fmt(t.segmentsTotal - t.segmentsDone)} of ${fmt(t.segmentsTotal)} segments not finished${notYetRead !== null ? ` (about ${fmt(notYetRead)} ${unit})` : ''}`;
    else if (notYetRead !== null) unreadWords = `${fmt(notYetRead)} ${unit} of ${fmt(t.recordsTotal!)}`;
    else if (t.kind === 'load' && t.bytesTotal > 0) unreadWords = `the rest of the input (${fmt(Math.max(0, t.bytesTotal - t.bytesRead))} of ${fmt(t.bytesTotal)} bytes not read)`;
    else unreadWords = 'the whole input';
  }
  const base =
    kind === 'load'
      ? `read ${fmt(t.read)} = written ${fmt(t.written)} + rejected ${fmt(t.rejected)}${t.skipped ? ` + skipped (key already in the table) ${fmt(t.skipped)}` : ''} + pending ${fmt(pending)}`
      : `scanned ${fmt(t.read)} = changed ${fmt(t.written)} + unchanged ${fmt(unchanged)} + skipped ${fmt(t.skipped)} + failed ${fmt(t.rejected)} + pending ${fmt(pending)}`;
  const statement = unreadWords && notYetRead !== 0 ? `${base}; not yet read: ${unreadWords}` : base;
  return {
    read: t.read, written: t.written, rejected: t.rejected, unchanged, skipped: t.skipped, pending,
    notYetRead, unreadWords, workLeft: pending > 0 || !finished, balanced: pending >= 0, statement,
  };
}
