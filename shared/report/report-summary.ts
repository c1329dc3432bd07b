import type { JobReport } from '../job-report';
import { formatUsd } from '../cost/money-format';
import { formatCount, formatDuration, formatRate } from '../format';
import { formatZonedTime } from './zoned-time';
import { billingLabel } from './run-facts';

/**
 * The report's summary in words: what job, on which table, how it ended, how much, how
 * fast, at what cost, and whether the counts add up. Written for someone who never saw
 * the run and reads only the top of the page.
 */

/** How the job ended, in one headline and one sentence; `tone` colours the banner. */
export interface ReportOutcome {
  tone: 'ok' | 'warn' | 'bad' | 'info';
  headline: string;
  detail: string;
}

/** One fact of the summary grid. */
export interface SummaryFact {
  label: string;
  value: string;
  /** A smaller second line: the unit's context or a caveat. */
  note?: string;
}

/** What the job is called in headings: its name, else "Load into <table>". */
export function reportTitle(report: JobReport): string {
  const spec = report.job.spec as { name?: unknown; table?: unknown };
  if (typeof spec.name === 'string' && spec.name.trim()) return spec.name;
  const table = typeof spec.table === 'string' ? spec.table : 'a table';
  return report.kind === 'load' ? `Load into ${table}` : `${capitalize(report.kind)} of ${table}`;
}

/** The table the job worked on, when the spec names one. */
export function reportTable(report: JobReport): string | null {
  const table = (report.job.spec as { table?: unknown }).table;
  return typeof table === 'string' ? table : null;
}

/** Where the table lives, in words: the sandbox, or an AWS region and profile. */
export function describeConnection(spec: unknown): string {
  const c = (spec as { connection?: { kind?: string; profile?: string; region?: string; endpoint?: string } }).connection;
  if (!c) return 'unknown connection';
  if (c.kind === 'sandbox') return 'built-in sandbox';
  if (c.kind === 'aws') return `AWS ${c.region ?? ''}${c.profile ? `, profile ${c.profile}` : ''}${c.endpoint ? `, endpoint ${c.endpoint}` : ''}`;
  return `endpoint ${c.endpoint ?? ''} (${c.region ?? ''})`;
}

/** The words of the two main counts, which differ between loads and backfills. */
export function countWords(report: JobReport): { read: string; written: string; rejected: string } {
  return report.kind === 'load'
    ? { read: 'read', written: 'written', rejected: 'rejected' }
    : { read: 'scanned', written: 'changed', rejected: 'failed' };
}

/** Ends a message with a full stop unless it already ends a sentence. */
function asSentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?:]$/.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The outcome in words, from the final state and the counts. */
export function describeOutcome(report: JobReport): ReportOutcome {
  const w = countWords(report);
  const r = report.reconciliation;
  const table = reportTable(report) ?? 'the table';
  const duration = report.times.durationSeconds !== null ? formatDuration(report.times.durationSeconds) : 'an unknown time';
  const counts = `${formatCount(r.read)} ${report.kind === 'load' ? 'records' : 'items'} ${w.read}, ${formatCount(r.written)} ${w.written}`;
  const rejects = r.rejected > 0 ? `, ${formatCount(r.rejected)} ${w.rejected}` : '';
  switch (report.job.state) {
    case 'completed':
      return r.rejected > 0
        ? { tone: 'warn', headline: `Completed with ${formatCount(r.rejected)} ${w.rejected} ${report.kind === 'load' ? 'records' : 'items'}`, detail: `${counts}${rejects} in ${table}, in ${duration}. The ${w.rejected} ones are listed below with their reasons.` }
        : { tone: 'ok', headline: 'Completed', detail: `${counts} in ${table}, in ${duration}. Nothing was ${w.rejected}.` };
    case 'failed':
      return { tone: 'bad', headline: `Failed after ${duration}`, detail: `${report.error ? `${asSentence(report.error.message)} ` : ''}Before it stopped: ${counts}${rejects}; ${formatCount(r.pending)} pending.` };
    case 'stopped':
      return { tone: 'warn', headline: `Stopped before the end, after ${duration}`, detail: `${counts}${rejects}; ${formatCount(r.pending)} pending. Resuming the job finishes the pending ones without redoing the rest.` };
    default:
      return { tone: 'info', headline: `Still ${report.job.state} when this report was made`, detail: `So far ${counts}${rejects}; ${formatCount(r.pending)} pending.` };
  }
}

/** The facts of the summary grid, each with its unit. */
export function summaryFacts(report: JobReport, timeZone: string): SummaryFact[] {
  const w = countWords(report);
  const r = report.reconciliation;
  const seconds = report.times.durationSeconds;
  const peakItems = report.series.reduce((m, t) => Math.max(m, t.written), 0);
  const items = report.kind === 'load' ? 'items' : 'items changed';
  const facts: SummaryFact[] = [
    { label: 'Job', value: reportTitle(report), note: `${report.kind} · id ${report.job.id}` },
    { label: 'Table', value: reportTable(report) ?? '—', note: describeConnection(report.job.spec) },
    { label: 'Billing', value: report.table ? billingLabel(report.table) : 'not recorded', note: report.table ? 'capacity when the job started' : undefined },
    { label: 'Outcome', value: report.job.state },
    { label: 'Started', value: report.times.startedAtMs !== null ? formatZonedTime(report.times.startedAtMs, timeZone) : 'never started' },
    { label: 'Ended', value: report.times.endedAtMs !== null ? formatZonedTime(report.times.endedAtMs, timeZone) : 'not ended' },
    { label: 'Duration', value: seconds !== null ? formatDuration(seconds) : '—' },
    {
      label: `Items ${w.written}`,
      value: formatCount(r.written),
      note: `of ${formatCount(r.read)} ${w.read}${r.rejected ? ` · ${formatCount(r.rejected)} ${w.rejected}` : ''}${r.pending ? ` · ${formatCount(r.pending)} pending` : ''}`,
    },
    {
      label: 'Average rate',
      value: seconds ? formatRate(r.written / seconds, `${items}/s`) : '—',
      note: report.capacity.averageWcuPerSecond !== null ? formatRate(report.capacity.averageWcuPerSecond, 'WCU/s') : undefined,
    },
    { label: 'Peak rate (1 s)', value: formatRate(peakItems, `${items}/s`), note: formatRate(report.capacity.peakWcuPerSecond, 'WCU/s') },
    {
      label: 'Cost',
      value: report.cost ? formatUsd(report.cost.spentUsd) : 'not metered',
      note: report.cost ? `priced as ${costBasisWords(report.cost.billing)}` : `${formatCount(report.capacity.consumedWcu)} WCU consumed`,
    },
    {
      label: 'Throttled',
      value: `${formatCount(report.throttles.total)} items`,
      note: throttleReasonsNote(Object.values(report.throttles.byReason).filter((n) => n > 0).length),
    },
    {
      label: 'Counts reconcile',
      value: r.balanced ? 'yes' : 'NO',
      note: r.statement,
    },
  ];
  return facts;
}

/** What the spend meter priced the job as, in words (the billing of the table is the Billing fact). */
export function costBasisWords(billing: string): string {
  return COST_BASIS[billing] ?? billing;
}

const COST_BASIS: Record<string, string> = {
  'on-demand': 'on-demand requests',
  autoscaling: 'provisioned capacity added by auto scaling',
  fixed: 'provisioned capacity added for the job',
  'already-paid': 'capacity already paid for',
};

function throttleReasonsNote(reasons: number): string {
  return reasons === 0 ? 'no throttling' : reasons === 1 ? 'for 1 reason (see the diagnosis)' : `for ${reasons} reasons (see the diagnosis)`;
}
