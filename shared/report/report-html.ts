import type { JobReport } from '../job-report';
import { consumedRcuOf } from '../job-status';
import { formatUsd } from '../cost/money-format';
import { formatBytes, formatCount, formatPercent } from '../format';
import { escapeHtml as esc } from './html-escape';
import { renderLatencyChart, renderThrottleChart, renderThroughputChart } from './report-charts';
import { objectsSection } from './report-objects';
import { reportCss } from './report-style';
import { countWords, describeOutcome, reportTitle, summaryFacts } from './report-summary';
import { reportThrottleReasons } from './report-throttle-reasons';
import { specRows } from './spec-rows';
import { explainThrottleReason } from './throttle-reasons';
import { billingLabel } from './run-facts';
import { actionsSection, estimateSection, tableSection } from './report-run-sections';
import { formatZonedTime, resolveTimeZone } from './zoned-time';

/** Options of the HTML report. */
export interface ReportHtmlOptions {
  /** IANA zone for every time shown (default UTC); an unknown zone falls back to UTC. */
  timeZone?: 'UTC' | string;
}

/** Raw reject lines longer than this are cut in the sample: the rejects file has them whole. */
const RAW_SAMPLE_CHARS = 400;

/**
 * The run report as one self-contained HTML page: inline CSS and SVG, no script, no
 * external resource, so it can be mailed, archived, opened offline and printed to PDF.
 * Every string from the report is escaped: reject samples are copied from input files.
 */
export function renderReportHtml(report: JobReport, options: ReportHtmlOptions = {}): string {
  const timeZone = resolveTimeZone(options.timeZone);
  const title = reportTitle(report);
  const sections = [
    summarySection(report, timeZone),
    report.error ? errorSection(report) : '',
    tableSection(report),
    estimateSection(report),
    reconciliationSection(report),
    chartsSection(report, timeZone),
    actionsSection(report, timeZone),
    throttleSection(report),
    rejectsSection(report),
    objectsSection(report),
    costSection(report),
    notesSection(report),
    specSection(report),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Capstan">
<title>${esc(`${title}: Capstan run report`)}</title>
<style>${reportCss()}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="sub">Capstan run report · ${esc(report.kind)} job <code>${esc(report.job.id)}</code> · generated ${esc(formatZonedTime(report.generatedAtMs, timeZone))}</p>
</header>
${sections.filter(Boolean).join('\n')}
<footer>Report format ${esc(report.format)}. Times are shown in ${esc(timeZone)}. Counts are exact; charts are reduced to at most a few hundred points per line (each keeps its minima and maxima). The per-second series is in the CSV export.</footer>
</body>
</html>
`;
}

function summarySection(report: JobReport, timeZone: string): string {
  const outcome = describeOutcome(report);
  const facts = summaryFacts(report, timeZone)
    .map((f) => `<div class="fact${f.label === 'Counts reconcile' && f.value !== 'yes' ? ' bad' : ''}"><dt>${esc(f.label)}</dt><dd>${esc(f.value)}${f.note ? `<span class="note">${esc(f.note)}</span>` : ''}</dd></div>`)
    .join('');
  return `<section id="summary">
<h2>Summary</h2>
<div class="banner ${outcome.tone}" role="status"><strong>${esc(outcome.headline)}</strong>${esc(outcome.detail)}</div>
<dl class="facts">${facts}</dl>
</section>`;
}

function errorSection(report: JobReport): string {
  const e = report.error!;
  return `<section id="error">
<h2>Error</h2>
<div class="error"><span class="name">${esc(e.name)}</span>: ${esc(e.message)}</div>
<p class="muted">The job stopped on this error. Finished work is kept; resuming the job continues with the pending records.</p>
</section>`;
}

function reconciliationSection(report: JobReport): string {
  const r = report.reconciliation;
  const w = countWords(report);
  const unit = report.kind === 'load' ? 'records' : 'items';
  const terms: [string, number, string][] =
    report.kind === 'load'
      ? [
          [w.written, r.written, 'stored in the table'],
          [w.rejected, r.rejected, 'refused (bad row, item DynamoDB refused, or a duplicate key superseded); listed in the rejects file'],
          ...(r.skipped ? [['skipped', r.skipped, 'keys already in the table, left as they were (insert only)'] as [string, number, string]] : []),
          ['pending', r.pending, 'read but not settled when the job ended; a resume sends them'],
        ]
      : [
          [w.written, r.written, 'items the backfill changed (or deleted, copied)'],
          ['unchanged', r.unchanged, 'items that needed no change'],
          ['skipped', r.skipped, 'items changed by someone else meanwhile: the conditional write left them alone'],
          [w.rejected, r.rejected, 'items whose write failed; listed in the failures file'],
          ['pending', r.pending, 'scanned but not settled when the job ended'],
        ];
  const rows = terms
    .map(([name, n, meaning], i) => `<tr${i === 0 ? ' class="sum"' : ''}><td class="term">${i === 0 ? '=' : '+'} ${esc(name)}</td><td class="num">${esc(formatCount(n))}</td><td>${esc(meaning)}</td></tr>`)
    .join('');
  const t = report.totals;
  const other: [string, string][] = [
    ['duplicate keys superseded (within the rejected count)', formatCount(t.kind === 'load' ? t.duplicates : 0)],
    ['items retried', formatCount(t.retried)],
    ['items throttled', formatCount(t.throttled)],
    ['write capacity consumed', `${formatCount(t.consumedWcu)} WCU`],
    ['read capacity consumed', `${formatCount(consumedRcuOf(t))} RCU`],
  ];
  if (t.kind === 'load' && t.bytesTotal > 0) other.push(['input read', `${formatBytes(t.bytesRead)} of ${formatBytes(t.bytesTotal)}`]);
  if (t.recordsTotal !== null) other.push([`${unit} in the input`, formatCount(t.recordsTotal)]);
  return `<section id="reconciliation">
<h2>Reconciliation</h2>
<p>Every ${report.kind === 'load' ? 'record read' : 'item scanned'} ends in exactly one of these counts, so the terms must add up to the total.
<span class="badge ${r.balanced ? 'ok' : 'bad'}">${r.balanced ? 'balanced' : 'does not balance'}</span></p>
<p class="statement mono">${esc(r.statement)}</p>
<table>
<thead><tr><th>term</th><th class="num">${esc(unit)}</th><th>meaning</th></tr></thead>
<tbody><tr><td class="term">${esc(w.read)}</td><td class="num">${esc(formatCount(r.read))}</td><td>${esc(`${unit} ${w.read} from the ${report.kind === 'load' ? 'input' : 'table'}`)}</td></tr>
${rows}</tbody>
</table>
<h3>Other totals</h3>
<table><tbody>${other.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${esc(v)}</td></tr>`).join('')}</tbody></table>
</section>`;
}

function chartsSection(report: JobReport, timeZone: string): string {
  if (report.series.length === 0) {
    return `<section id="charts"><h2>Charts</h2><p class="muted">No per-second data was recorded for this job.</p></section>`;
  }
  const start = report.times.startedAtMs ?? report.series[0]!.atMs - report.series[0]!.second * 1000;
  const xTitle = `time since start (started ${formatZonedTime(start, timeZone)})`;
  const reasons = reportThrottleReasons(report);
  const throttles = reasons.length
    ? `<figure><figcaption>Throttle events by reason</figcaption>${renderThrottleChart(report, reasons, xTitle)}</figure>`
    : `<p class="muted">No throttle events: no throttle chart.</p>`;
  return `<section id="charts">
<h2>Charts</h2>
<figure><figcaption>Throughput</figcaption>${renderThroughputChart(report, xTitle)}</figure>
${throttles}
<figure><figcaption>Latency of write requests</figcaption>${renderLatencyChart(report, xTitle)}</figure>
</section>`;
}

function throttleSection(report: JobReport): string {
  const reasons = reportThrottleReasons(report);
  if (reasons.length === 0) {
    return `<section id="throttles"><h2>Throttle diagnosis</h2><p>No throttling: DynamoDB accepted every request at the rate asked.</p></section>`;
  }
  const fromTicks = (reason: string) => report.series.reduce((sum, t) => sum + (t.throttlesByReason[reason] ?? 0), 0);
  const rows = reasons
    .map((reason) => ({ reason, count: report.throttles.byReason[reason] ?? fromTicks(reason) }))
    .sort((a, b) => b.count - a.count)
    .map(({ reason, count }) => {
      const e = explainThrottleReason(reason);
      return `<tr><td class="wrap"><strong>${esc(e.title)}</strong><br><code>${breakCamelCase(esc(reason))}</code></td><td class="num">${esc(formatCount(count))}</td><td>${esc(e.meaning)}</td><td>${esc(e.action)}</td></tr>`;
    })
    .join('');
  return `<section id="throttles">
<h2>Throttle diagnosis</h2>
<p>${esc(formatCount(report.throttles.total))} items were throttled and sent again after a back-off. DynamoDB gave these reasons (a count is one throttled request or batch):</p>
<table>
<thead><tr><th style="width:22%">reason</th><th class="num">events</th><th>what it means</th><th>what to do</th></tr></thead>
<tbody>${rows}</tbody>
</table>
</section>`;
}

/** Lets long reason names such as `TableWriteKeyRangeThroughputExceeded` wrap between words. */
function breakCamelCase(escaped: string): string {
  return escaped.replace(/([a-z])(?=[A-Z])/g, '$1<wbr>');
}

function rejectsSection(report: JobReport): string {
  const rj = report.rejects;
  const w = countWords(report);
  if (rj.total === 0 && rj.sample.length === 0) {
    return `<section id="rejects"><h2>Rejects</h2><p>Nothing was ${esc(w.rejected)}.</p></section>`;
  }
  const byReason = Object.entries(rj.byReason)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `<tr><td class="wrap">${esc(reason)}</td><td class="num">${esc(formatCount(n))}</td><td class="num">${rj.total > 0 ? esc(formatPercent(n / rj.total)) : ''}</td></tr>`)
    .join('');
  const sample = rj.sample
    .map((s) => {
      const raw = s.raw.length > RAW_SAMPLE_CHARS ? `${s.raw.slice(0, RAW_SAMPLE_CHARS)}… (${formatCount(s.raw.length)} characters)` : s.raw;
      return `<tr><td class="wrap"><code>${esc(s.file)}:${esc(s.line)}</code></td><td class="wrap">${s.key === null ? '<span class="muted">—</span>' : `<code>${esc(s.key)}</code>`}</td><td class="wrap">${esc(s.reason)}</td><td class="wrap"><code>${esc(raw)}</code></td></tr>`;
    })
    .join('');
  return `<section id="rejects">
<h2>Rejects</h2>
<p>${esc(formatCount(rj.total))} ${report.kind === 'load' ? 'records' : 'items'} ${esc(w.rejected)}.${rj.file ? ` The full list is in <code>${esc(rj.file)}</code>.` : ''}</p>
<h3>By reason</h3>
<table><thead><tr><th>reason</th><th class="num">count</th><th class="num">share</th></tr></thead><tbody>${byReason}</tbody></table>
${sample ? `<h3>Sample (${esc(formatCount(rj.sample.length))} of ${esc(formatCount(rj.total))})</h3>
<table><thead><tr><th style="width:18%">where</th><th style="width:16%">key</th><th style="width:26%">reason</th><th>input as read</th></tr></thead><tbody>${sample}</tbody></table>` : ''}
</section>`;
}

const BILLING_WORDS: Record<string, string> = {
  'on-demand': 'on-demand: paid per write request unit consumed',
  autoscaling: 'provisioned with auto scaling: the capacity auto scaling adds for the job, at its target utilization',
  fixed: 'fixed provisioned capacity: only the capacity added for the job',
  'already-paid': 'capacity already paid for (idle reserved capacity or a tightened auto-scaling target): no extra cost',
};

function costSection(report: JobReport): string {
  const c = report.cost;
  const consumed = `${formatCount(report.capacity.consumedWcu)} WCU and ${formatCount(report.capacity.consumedRcu)} RCU consumed`;
  if (!c) {
    return `<section id="cost"><h2>Cost</h2><p>Not metered for this job (${esc(consumed)}).</p></section>`;
  }
  const rows: [string, string][] = [
    ...(report.table ? [['table billing', billingLabel(report.table)] as [string, string]] : []),
    ['priced as', BILLING_WORDS[c.billing] ?? c.billing],
    ['spent', formatUsd(c.spentUsd)],
    ['projected total', c.projectionKnown ? formatUsd(c.projectedTotalUsd) : 'unknown (the job was paused, so there is no current rate to project)'],
    ['cost ceiling', c.ceilingUsd !== null ? formatUsd(c.ceilingUsd) : 'none'],
    ['capacity', consumed],
  ];
  return `<section id="cost">
<h2>Cost</h2>
<table><tbody>${rows.map(([k, v]) => `<tr><td style="width:25%">${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</tbody></table>
<p class="muted">Spend is computed from the capacity units this job actually consumed, at the price table's rates for the table's region; the application's own traffic is not included.</p>
</section>`;
}

function notesSection(report: JobReport): string {
  if (report.notes.length === 0) return '';
  return `<section id="notes"><h2>Notes</h2><ul class="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

function specSection(report: JobReport): string {
  const rows = specRows(report.job.spec)
    .map((r) => `<tr><td>${esc(r.label)}</td><td class="wrap">${esc(r.value)}</td><td class="path mono">${esc(r.path)}</td></tr>`)
    .join('');
  return `<section id="spec">
<h2>Job spec</h2>
<p class="muted">What was asked, as saved with the job (defaults filled in).</p>
<table><thead><tr><th style="width:32%">setting</th><th>value</th><th style="width:24%">spec field</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}
