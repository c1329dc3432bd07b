import type { PDFPage } from 'pdf-lib';
import type { JobReport } from '../../job-report';
import { formatCount, formatDuration, formatPercent } from '../../format';
import { formatUsd } from '../../cost/money-format';
import { niceAxis } from '../nice-ticks';
import { CHART_PALETTE } from '../chart-palette';
import { chartSpanSeconds, seriesPoints, stepPoints } from '../report-charts';
import { ACTOR_WORDS, actionMarkers, capacityChartNote, capacityLine, estimateBasisWords, estimateRows, noEstimateWords } from '../report-run-sections';
import { costBasisWords, describeOutcome, reportTitle, summaryFacts } from '../report-summary';
import { billingLabel } from '../run-facts';
import { explainThrottleReason } from '../throttle-reasons';
import { formatZonedTime, resolveTimeZone } from '../zoned-time';
import { hexColor, PDF_COLORS, PdfFlow } from './pdf-layout';

/**
 * The run report as a PDF, made without a browser: what web mode and the CLI download
 * (the desktop prints the HTML page instead). It holds what a manager needs on paper:
 * the summary, billing and table capacity, estimate against actual, the throughput chart
 * with the capacity line and numbered operator actions, the actions list, the
 * reconciliation, throttles, rejects and cost. The HTML report has every section.
 */
export async function renderReportPdf(report: JobReport, options: { timeZone?: string } = {}): Promise<Uint8Array> {
  const timeZone = resolveTimeZone(options.timeZone);
  const title = reportTitle(report);
  const pdf = await PdfFlow.create(`${title}: Capstan run report`);
  pdf.heading(title, 18, 40);
  pdf.paragraph(`Capstan run report · ${report.kind} job ${report.job.id} · generated ${formatZonedTime(report.generatedAtMs, timeZone)}`, { size: 9, color: PDF_COLORS.muted });
  const outcome = describeOutcome(report);
  pdf.paragraph(outcome.headline, { size: 12, bold: true, color: outcome.tone === 'bad' ? PDF_COLORS.bad : PDF_COLORS.text });
  pdf.paragraph(outcome.detail);

  pdf.heading('Summary');
  pdf.table([{ title: 'fact', width: 2 }, { title: 'value', width: 3 }, { title: 'note', width: 5 }], summaryFacts(report, timeZone).map((f) => [f.label, f.value, f.note ?? '']));

  pdf.heading('Table capacity');
  if (report.table) {
    pdf.paragraph(`Billing: ${billingLabel(report.table)} (when the job started).`, { bold: true });
    pdf.paragraph(capacityChartNote(report.table.billingMode), { size: 9, color: PDF_COLORS.muted });
  } else pdf.paragraph('Not recorded for this run.', { color: PDF_COLORS.muted });

  pdf.heading('Estimate against actual');
  const rows = estimateRows(report);
  if (rows) {
    pdf.table([{ title: '', width: 3 }, { title: 'estimate', width: 2, align: 'right' }, { title: 'actual', width: 2, align: 'right' }, { title: 'difference', width: 2, align: 'right' }], rows);
    pdf.paragraph(estimateBasisWords(report), { size: 9, color: PDF_COLORS.muted });
  } else pdf.paragraph(`No estimate for this run: ${noEstimateWords(report)}.`, { color: PDF_COLORS.muted });

  pdf.heading('Throughput', 14, 250);
  throughputChart(pdf, report, timeZone);

  pdf.heading('Operator actions');
  const markers = actionMarkers(report);
  if (markers.length) {
    pdf.table(
      [{ title: '#', width: 0.6, align: 'right' }, { title: 'time', width: 3 }, { title: 'into the run', width: 1.6, align: 'right' }, { title: 'by', width: 1.6 }, { title: 'action', width: 5 }],
      markers.map((m) => [String(m.number), formatZonedTime(m.action.atMs, timeZone), formatDuration(m.second), ACTOR_WORDS[m.action.by], m.action.words]),
    );
  } else pdf.paragraph('None: the job ran as started, without a pause or a change of rate or mode.');

  pdf.heading('Reconciliation');
  pdf.paragraph(report.reconciliation.statement);
  pdf.paragraph(report.reconciliation.balanced ? 'The counts balance.' : 'The counts do NOT balance.', { bold: true, color: report.reconciliation.balanced ? PDF_COLORS.text : PDF_COLORS.bad });

  pdf.heading('Throttles');
  const throttles = Object.entries(report.throttles.byReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (throttles.length) pdf.table([{ title: 'reason', width: 4 }, { title: 'events', width: 1, align: 'right' }, { title: 'what to do', width: 6 }], throttles.map(([reason, n]) => [explainThrottleReason(reason).title, formatCount(n), explainThrottleReason(reason).action]));
  else pdf.paragraph('No throttling: DynamoDB accepted every request at the rate asked.');

  pdf.heading('Rejects');
  const rejects = Object.entries(report.rejects.byReason).sort((a, b) => b[1] - a[1]);
  if (rejects.length) pdf.table([{ title: 'reason', width: 7 }, { title: 'count', width: 1.5, align: 'right' }, { title: 'share', width: 1.5, align: 'right' }], rejects.map(([reason, n]) => [reason, formatCount(n), report.rejects.total ? formatPercent(n / report.rejects.total) : '']));
  else pdf.paragraph('Nothing was rejected.');

  pdf.heading('Cost');
  const c = report.cost;
  pdf.paragraph(c ? `Spent ${formatUsd(c.spentUsd)} (priced as ${costBasisWords(c.billing)}); cost ceiling ${c.ceilingUsd !== null ? formatUsd(c.ceilingUsd) : 'none'}; ${formatCount(report.capacity.consumedWcu)} WCU and ${formatCount(report.capacity.consumedRcu)} RCU consumed.` : `Not metered (${formatCount(report.capacity.consumedWcu)} WCU consumed).`);
  if (report.notes.length) {
    pdf.heading('Notes');
    for (const note of report.notes) pdf.paragraph(`• ${note}`);
  }
  pdf.paragraph(`Report format ${report.format}. Times are shown in ${timeZone}. The HTML report holds every section, the per-second series is in the CSV export.`, { size: 8, color: PDF_COLORS.muted });
  return pdf.bytes();
}

/** Consumed WCU/s (area), target WCU/s (dashed step), table capacity (line) and numbered action markers. */
function throughputChart(pdf: PdfFlow, report: JobReport, timeZone: string): void {
  if (report.series.length === 0) {
    pdf.paragraph('No per-second data was recorded for this job.', { color: PDF_COLORS.muted });
    return;
  }
  const span = chartSpanSeconds(report);
  const consumed = seriesPoints(report.series, (t) => t.consumedWcu, 300);
  const target = stepPoints(report.series, (t) => t.targetWcuPerSecond, 300);
  const capacity = capacityLine(report);
  const markers = actionMarkers(report);
  let maxY = capacity?.wcu ?? 0;
  for (const p of [...consumed, ...target]) if (p.y !== null && p.y > maxY) maxY = p.y;
  const axis = niceAxis(0, maxY, 4);
  const start = report.times.startedAtMs ?? report.series[0]!.atMs;
  pdf.box(210, (page, box, text) => {
    const plot = { left: box.left + 52, right: box.left + box.width - 8, bottom: box.bottom + 34, top: box.bottom + box.height - 10 };
    const x = (s: number) => plot.left + (s / span) * (plot.right - plot.left);
    const y = (v: number) => plot.bottom + ((v - axis.min) / (axis.max - axis.min || 1)) * (plot.top - plot.bottom);
    for (const v of axis.ticks) {
      page.drawLine({ start: { x: plot.left, y: y(v) }, end: { x: plot.right, y: y(v) }, thickness: 0.4, color: PDF_COLORS.rule });
      const label = `${formatCount(v)}`;
      text(label, plot.left - 4 - pdf.textWidth(label, 7), y(v) - 2.5, 7);
    }
    for (const s of [0, span / 4, span / 2, (3 * span) / 4, span]) {
      const label = formatDuration(s);
      const w = pdf.textWidth(label, 7);
      text(label, Math.min(plot.right - w, Math.max(plot.left, x(s) - w / 2)), plot.bottom - 11, 7);
    }
    text(`WCU/s · time since start (started ${formatZonedTime(start, timeZone)})`, plot.left, box.bottom + 2, 7);
    polyline(page, consumed.map((p) => ({ x: x(p.x), y: p.y === null ? null : y(p.y) })), CHART_PALETTE[0]!.light, 1.1, false);
    const stepped = target.flatMap((p, i) => [{ x: x(p.x), y: y(p.y) }, { x: x(target[i + 1]?.x ?? span), y: y(p.y) }]);
    polyline(page, stepped, CHART_PALETTE[2]!.light, 1, true);
    if (capacity) polyline(page, [{ x: plot.left, y: y(capacity.wcu) }, { x: plot.right, y: y(capacity.wcu) }], CHART_PALETTE[5]!.light, 1.2, false);
    for (const m of markers) {
      page.drawLine({ start: { x: x(m.second), y: plot.bottom }, end: { x: x(m.second), y: plot.top }, thickness: 0.6, color: PDF_COLORS.muted, dashArray: [2, 2] });
      text(String(m.number), x(m.second) + 2, plot.top - 8 - ((m.number - 1) % 3) * 9, 7, PDF_COLORS.text);
    }
  });
  const legend = ['blue: consumed WCU/s', 'grey dashed: target WCU/s', ...(capacity ? [`red: ${capacity.label}`] : []), ...(markers.length ? ['numbers: operator actions (listed below)'] : [])];
  pdf.paragraph(legend.join(' · '), { size: 8, color: PDF_COLORS.muted });
}

/** Straight segments between points; a null y breaks the line (a gap stays a gap). */
function polyline(page: PDFPage, points: readonly { x: number; y: number | null }[], hex: string, thickness: number, dashed: boolean): void {
  const color = hexColor(hex);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.y === null || b.y === null) continue;
    page.drawLine({ start: { x: a.x, y: a.y }, end: { x: b.x, y: b.y }, thickness, color, ...(dashed ? { dashArray: [4, 3] } : {}) });
  }
}
