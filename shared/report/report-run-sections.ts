import type { JobReport } from '../job-report';
import type { JobTick } from '../job-status';
import { formatUsd } from '../cost/money-format';
import { formatCount, formatDuration } from '../format';
import { escapeHtml as esc } from './html-escape';
import { billingLabel, numberedActions, type OperatorAction } from './run-facts';
import { formatZonedTime } from './zoned-time';

/**
 * The parts of the report a manager reads after the summary: the table's capacity and
 * billing, the estimate against what happened, and every action taken on the run (each
 * numbered as its marker on the throughput chart).
 */

/** An action placed on the charts' time axis. */
export interface ActionMarker {
  /** 1-based, as listed in the report. */
  number: number;
  /** Seconds since the job started, on the same axis as the series. */
  second: number;
  action: OperatorAction;
}

/** The second of the series an action fell in: the last tick at or before it (0 before the first). */
export function actionSecond(ticks: readonly JobTick[], atMs: number): number {
  let lo = 0;
  let hi = ticks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ticks[mid]!.atMs <= atMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return 0;
  const tick = ticks[found]!;
  // Within the second after the tick, unless the run paused or stopped in between (the next tick is far).
  const next = ticks[found + 1];
  const fraction = next && next.atMs > tick.atMs ? Math.min(1, (atMs - tick.atMs) / (next.atMs - tick.atMs)) : 0;
  return tick.second + fraction * (next ? next.second - tick.second : 0);
}

/** Every action of the run as a chart marker, numbered in order. */
export function actionMarkers(report: JobReport): ActionMarker[] {
  return numberedActions(report.actions).map(({ number, action }) => ({ number, second: actionSecond(report.series, action.atMs), action }));
}

/** The table's write capacity to draw on the throughput chart (provisioned WCU), or null (on-demand, unknown). */
export function capacityLine(report: JobReport): { wcu: number; label: string } | null {
  const t = report.table;
  if (!t || t.billingMode !== 'PROVISIONED' || t.provisionedWcu === null) return null;
  return { wcu: t.provisionedWcu, label: `table capacity ${formatCount(t.provisionedWcu)} WCU (provisioned)` };
}

/** Who took an action, in words. */
export const ACTOR_WORDS: Record<OperatorAction['by'], string> = { operator: 'operator', cost: 'cost ceiling', window: 'time window' };

/** What the throughput chart shows of the table's capacity, in words. */
export function capacityChartNote(billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'): string {
  return billingMode === 'PROVISIONED'
    ? 'The throughput chart draws the provisioned write capacity as a line: above it, the table served the job from burst capacity or throttled it.'
    : 'An on-demand table has no fixed capacity to draw: it serves up to twice its previous peak at once and adapts within minutes.';
}

/** The table's capacity and billing as the job found them at start. */
export function tableSection(report: JobReport): string {
  const t = report.table;
  if (!t) return `<section id="table-capacity"><h2>Table capacity</h2><p class="muted">Not recorded for this run (the job never described the table, or the report predates this section).</p></section>`;
  const chartNote = capacityChartNote(t.billingMode);
  return `<section id="table-capacity">
<h2>Table capacity</h2>
<p><span class="billing-label" data-billing="${esc(t.billingMode)}"><strong>Billing: ${esc(billingLabel(t))}</strong></span> (when the job started).</p>
<p class="muted">${esc(chartNote)}</p>
</section>`;
}

/** One line of the estimate against actual: what, estimate, actual, difference (words). */
export type EstimateRow = [what: string, estimate: string, actual: string, difference: string];

/** Duration, cost and items written, estimated and actual, with the difference; null without an estimate. */
export function estimateRows(report: JobReport): EstimateRow[] | null {
  const e = report.estimate;
  if (!e) return null;
  const actualSeconds = report.times.durationSeconds;
  const actualCost = report.cost?.spentUsd ?? null;
  const diff = (estimate: number | null, actual: number | null) => {
    if (estimate === null || actual === null) return '—';
    if (estimate === 0) return actual === 0 ? 'as estimated' : 'more than estimated';
    const ratio = actual / estimate;
    return Math.abs(ratio - 1) < 0.005 ? 'as estimated' : `${ratio > 1 ? '+' : '-'}${Math.abs((ratio - 1) * 100).toFixed(0)}%`;
  };
  return [
    ['Duration', formatDuration(e.seconds), actualSeconds === null ? '—' : formatDuration(actualSeconds), diff(e.seconds, actualSeconds)],
    ['Cost', e.costUsd === null ? 'not priced' : formatUsd(e.costUsd), actualCost === null ? 'not metered' : formatUsd(actualCost), diff(e.costUsd, actualCost)],
    ['Items written', formatCount(e.items), formatCount(report.reconciliation.written), diff(e.items, report.reconciliation.written)],
  ];
}

/** Why a run has no estimate, in words. */
export function noEstimateWords(report: JobReport): string {
  return report.kind === 'load' ? 'nothing was written, so there is no item size to estimate from' : 'backfills are estimated by their trial run, not by the capacity forecast';
}

/** The estimate's basis and what bends it, in words. */
export function estimateBasisWords(report: JobReport): string {
  const e = report.estimate;
  return e ? `Estimate: ${e.basis}. Limited by: ${e.limitedBy}. Pauses and rate changes (see the operator actions) make a run longer than its estimate.` : '';
}

/** Estimate against actual: duration, cost and items side by side, with the difference. */
export function estimateSection(report: JobReport): string {
  const rows = estimateRows(report);
  if (!rows) return `<section id="estimate"><h2>Estimate against actual</h2><p class="muted">No estimate for this run: ${esc(noEstimateWords(report))}.</p></section>`;
  return `<section id="estimate">
<h2>Estimate against actual</h2>
<table><thead><tr><th style="width:22%"></th><th class="num">estimate</th><th class="num">actual</th><th class="num">difference</th></tr></thead>
<tbody>${rows.map(([k, a, b, d]) => `<tr data-row="${esc(k)}"><td>${esc(k)}</td><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td><td class="num">${esc(d)}</td></tr>`).join('')}</tbody></table>
<p class="muted">${esc(estimateBasisWords(report))}</p>
</section>`;
}

/** Every action on the run, numbered as on the chart, with its time and who took it. */
export function actionsSection(report: JobReport, timeZone: string): string {
  const markers = actionMarkers(report);
  if (markers.length === 0) {
    return `<section id="actions"><h2>Operator actions</h2><p>None: the job ran as started, without a pause or a change of rate or mode.</p></section>`;
  }
  const rows = markers
    .map((m) => `<tr><td class="num">${m.number}</td><td>${esc(formatZonedTime(m.action.atMs, timeZone))}</td><td class="num">${esc(formatDuration(m.second))}</td><td>${esc(ACTOR_WORDS[m.action.by])}</td><td class="wrap">${esc(m.action.words)}</td></tr>`)
    .join('');
  return `<section id="actions">
<h2>Operator actions</h2>
<p>What was done to the running job, in order; each number marks its moment on the throughput chart.</p>
<table><thead><tr><th class="num">#</th><th>time</th><th class="num">into the run</th><th>by</th><th>action</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}
