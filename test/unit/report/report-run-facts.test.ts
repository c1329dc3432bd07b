import { describe, expect, it } from 'vitest';
import type { JobReport } from '../../../shared/job-report';
import { renderReportHtml } from '../../../shared/report';
import { renderReportPdf } from '../../../shared/report/pdf/report-pdf';
import { actionSecond } from '../../../shared/report/report-run-sections';
import { winAnsiText } from '../../../shared/report/pdf/pdf-layout';
import { pdfText } from '../../e2e/pdf-text';
import { completedLoadReport, START_MS } from './report-fixtures';

/** The March import with the facts the engine now records: a 2,000 WCU provisioned table, three actions, an estimate. */
function reportWithRunFacts(): JobReport {
  const report = completedLoadReport();
  return {
    ...report,
    table: { billingMode: 'PROVISIONED', provisionedWcu: 2_000, provisionedRcu: 500, maxOnDemandWcu: null },
    actions: [
      { atMs: START_MS + 300_400, kind: 'mode', by: 'operator', words: 'Rate mode: fixed at 2,500 WCU/s' },
      { atMs: START_MS + 600_000, kind: 'pause', by: 'cost', words: 'Paused: the cost ceiling of $5.00 would be passed' },
      { atMs: START_MS + 630_000, kind: 'resume', by: 'operator', words: 'Resumed by the operator' },
    ],
    estimate: { basis: 'the capacity forecast', items: report.reconciliation.read, wcuPerItem: 1, requestedWcuPerSecond: 1_500, seconds: 700, costUsd: 1.25, limitedBy: 'provisioned' },
  };
}

describe('the report of a run with its capacity, actions and estimate', () => {
  it('places an action on the series axis by its time', () => {
    const report = reportWithRunFacts();
    expect(actionSecond(report.series, START_MS + 300_400)).toBeCloseTo(300.4, 5);
    expect(actionSecond(report.series, START_MS - 5_000)).toBe(0);
  });

  it('HTML: billing label, capacity line, numbered markers, the actions list and estimate against actual', () => {
    const html = renderReportHtml(reportWithRunFacts(), { timeZone: 'UTC' });
    expect(html).toContain('Billing: Provisioned: 2,000 WCU, 500 RCU');
    expect(html).toContain('table capacity 2,000 WCU (provisioned)');
    expect((html.match(/<g class="marker">/g) ?? []).length).toBe(3);
    expect(html).toContain('Paused: the cost ceiling of $5.00 would be passed');
    expect(html).toContain('cost ceiling</td>');
    expect(html).toMatch(/<tr data-row="Duration"><td>Duration<\/td><td class="num">11m 40s<\/td><td class="num">15m 00s<\/td><td class="num">\+29%<\/td>/);
  });

  it('an on-demand table is labelled on-demand and gets no capacity line', () => {
    const html = renderReportHtml({ ...reportWithRunFacts(), table: { billingMode: 'PAY_PER_REQUEST', provisionedWcu: null, provisionedRcu: null, maxOnDemandWcu: null } }, { timeZone: 'UTC' });
    expect(html).toContain('Billing: On-demand (pay per request)');
    expect(html).not.toContain('table capacity');
  });

  it('PDF made without a browser holds the same facts, as text', async () => {
    const { text, pages } = await pdfText(await renderReportPdf(reportWithRunFacts(), { timeZone: 'UTC' }));
    expect(pages).toBeGreaterThanOrEqual(2);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Billing: Provisioned: 2,000 WCU, 500 RCU');
    expect(flat).toContain('Estimate against actual');
    expect(flat).toContain('Paused: the cost ceiling of $5.00 would be passed');
    expect(flat).toContain('Resumed by the operator');
    expect(flat).toContain('red: table capacity 2,000 WCU (provisioned)');
  });

  it('text the PDF font cannot draw is replaced in words', () => {
    expect(winAnsiText('a → b ≈ c − d €')).toBe('a -> b ~ c - d €');
    expect(winAnsiText('日本')).toBe('??');
  });
});
