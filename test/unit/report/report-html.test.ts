import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../../shared/cost/money-format';
import { reconcile, type JobReport } from '../../../shared/job-report';
import { emptyTotals } from '../../../shared/job-status';
import { formatCount, formatDuration } from '../../../shared/format';
import { escapeHtml } from '../../../shared/report/html-escape';
import { renderReportHtml } from '../../../shared/report/report-html';
import { explainThrottleReason } from '../../../shared/report/throttle-reasons';
import { completedLoadReport, dayLongReport, failedLoadReport, MALICIOUS } from './report-fixtures';

/** No script, no reference to anything outside the file. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/https?:\/\//i);
  // Inside a tag (escaped text such as "&lt;img src=x" is harmless and expected).
  expect(html).not.toMatch(/<[^>]*\s(src|href|on[a-z]+)=/i);
  expect(html).not.toMatch(/@import|url\(/i);
}

/** The `d` of every series line in the page. */
function seriesPaths(html: string): string[] {
  return [...html.matchAll(/<path class="series[^"]*" d="([^"]*)"/g)].map((m) => m[1]!);
}

describe('renderReportHtml: a completed load', () => {
  const report = completedLoadReport();
  const html = renderReportHtml(report);

  it('lists every object of an S3 load with its counts, state and reason, escaped', () => {
    const report: JobReport = {
      ...completedLoadReport(),
      objects: [
        { name: 's3://lake/in/a.csv', sizeBytes: 2048, records: 500, written: 499, rejected: 1, state: 'done', reason: null, movedTo: 's3://lake/done/a.csv', moveError: null },
        { name: `s3://lake/in/${MALICIOUS}.csv.gz`, sizeBytes: 100, records: null, written: 0, rejected: 1, state: 'failed', reason: 'unexpected end of the gzip stream', movedTo: null, moveError: null },
      ],
    };
    const html = renderReportHtml(report);
    const section = html.slice(html.indexOf('<section id="objects">'), html.indexOf('</section>', html.indexOf('<section id="objects">')));
    expect(section).toContain('2 objects: 1 done, 1 failed, 0 not finished.');
    expect(section).toContain('<code>s3://lake/in/a.csv</code></td><td class="num">2 KB</td><td class="num">500</td><td class="num">499</td><td class="num">1</td><td>done</td><td class="wrap">moved to s3://lake/done/a.csv</td>');
    expect(section).toContain('<td>failed</td><td class="wrap">unexpected end of the gzip stream</td>');
    expect(section).toContain(escapeHtml(MALICIOUS));
    expectSelfContained(html);
    expect(renderReportHtml(completedLoadReport())).not.toContain('id="objects"');
  });

  it('opens with a summary a stranger understands', () => {
    expect(html).toContain('<title>Customer profiles, March import: Capstan run report</title>');
    expect(html).toContain(`Completed with ${formatCount(report.reconciliation.rejected)} rejected records`);
    expect(html).toContain('customers');
    expect(html).toContain('AWS eu-west-1, profile prod-loader');
    expect(html).toContain(formatDuration(report.times.durationSeconds!));
    expect(html).toContain(formatCount(report.reconciliation.written));
    expect(html).toContain(formatUsd(report.cost!.spentUsd));
    expect(html).toContain('2025-03-04 14:03:12 UTC');
    // Average and peak rate, each with its unit.
    expect(html).toMatch(/Average rate<\/dt><dd>[\d,]+ items\/s<span class="note">[\d,]+ WCU\/s/);
    expect(html).toMatch(/Peak rate \(1 s\)<\/dt><dd>[\d,]+ items\/s/);
    expect(html).toMatch(/Counts reconcile<\/dt><dd>yes/);
  });

  it('shows the reconciliation statement with each term', () => {
    expect(html).toContain(report.reconciliation.statement);
    for (const term of ['= written', '+ rejected', '+ pending']) expect(html).toContain(term);
    expect(html).toContain('class="badge ok">balanced');
  });

  it('draws the throughput, throttle and latency charts as inline SVG with real paths', () => {
    expect(html.match(/<svg class="chart"/g)).toHaveLength(3);
    const lines = seriesPaths(html);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const d of lines) expect(d).toMatch(/^M[\d.]+ [\d.]+[LH]/);
    expect(html.match(/<path class="bars[^"]*" d="M/g)).toHaveLength(3);
    expect(html).toContain('>target WCU/s</text>');
    expect(html).toContain('>p99 latency</text>');
    expect(html).toMatch(/>[\d,]+ \/s<\/text>/);
  });

  it('diagnoses every throttle reason with its count and explanation', () => {
    for (const reason of Object.keys(report.throttles.byReason)) {
      const e = explainThrottleReason(reason);
      expect(html).toContain(`<code>${reason.replace(/([a-z])(?=[A-Z])/g, '$1<wbr>')}</code>`);
      expect(html).toContain(escapeHtml(e.title));
      expect(html).toContain(escapeHtml(e.meaning));
      expect(html).toContain(escapeHtml(e.action));
      expect(html).toContain(`<td class="num">${formatCount(report.throttles.byReason[reason]!)}</td>`);
    }
  });

  it('lists rejects by reason and escapes the sample, so input cannot inject markup', () => {
    expectSelfContained(html);
    expect(html).not.toContain(MALICIOUS);
    expect(html).not.toContain('<b>reason</b>');
    expect(html).toContain(escapeHtml(MALICIOUS));
    expect(html).toContain('CUST#&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('item larger than 400 KB');
    expect(html).toContain('(2,000 characters)');
  });

  it('shows cost with billing mode, the notes, and the spec as a table', () => {
    expect(html).toContain('on-demand: paid per write request unit consumed');
    expect(html).toContain('Safety check overridden by the operator');
    expect(html).toContain('<td>Rate at start</td><td class="wrap">1,500 WCU/s</td>');
    expect(html).toContain('pk = CUST#{customer_id} (S)');
    expect(html).toContain('<td>Cost ceiling</td><td class="wrap">$25.00</td>');
  });

  it('shows times in the zone asked for, and falls back to UTC for an unknown zone', () => {
    const berlin = renderReportHtml(report, { timeZone: 'Europe/Berlin' });
    expect(berlin).toContain('2025-03-04 15:03:12 GMT+1 (Europe/Berlin)');
    expect(renderReportHtml(report, { timeZone: 'Mars/Olympus' })).toContain('2025-03-04 14:03:12 UTC');
  });

  it('is a well-formed page: every section closed', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<section/g)!.length).toBe(html.match(/<\/section>/g)!.length);
    expect(html.match(/<svg/g)!.length).toBe(html.match(/<\/svg>/g)!.length);
    expect(html.match(/<table/g)!.length).toBe(html.match(/<\/table>/g)!.length);
  });

  it('writes the sample page when asked (for looking at it in a browser)', () => {
    const path = process.env.CAPSTAN_REPORT_SAMPLE;
    if (path) {
      writeFileSync(path, html);
      writeFileSync(path.replace(/\.html$/, '-failed.html'), renderReportHtml(failedLoadReport()));
      writeFileSync(path.replace(/\.html$/, '-day.html'), renderReportHtml(dayLongReport(), { timeZone: 'America/New_York' }));
    }
  });
});

describe('renderReportHtml: a failed load', () => {
  const report = failedLoadReport();
  const html = renderReportHtml(report);

  it('says it failed, why, and what is pending', () => {
    expect(html).toContain(`Failed after ${formatDuration(report.times.durationSeconds!)}`);
    expect(html).toContain('<span class="name">ResourceNotFoundException</span>');
    expect(html).toContain('The table does not exist (or is not active)');
    expect(html).toContain('Requested resource not found. Before it stopped: ');
    expect(html).toContain(`${formatCount(report.reconciliation.pending)} pending`);
    expect(html).toContain('No throttling');
    expect(html).toContain('Not metered');
    expectSelfContained(html);
  });

  it('escapes an error message carrying markup', () => {
    const hostile = { ...report, error: { name: 'Error', message: `</div>${MALICIOUS}<script>alert(3)</script>` } };
    const page = renderReportHtml(hostile);
    expectSelfContained(page);
    expect(page).not.toContain(MALICIOUS);
  });
});

describe('renderReportHtml: a 24-hour run', () => {
  const report = dayLongReport();
  const html = renderReportHtml(report);

  it('stays small: every line downsampled to about 600 points', () => {
    expect(report.series).toHaveLength(86_400);
    expect(html.length).toBeLessThan(1_500_000);
    for (const d of seriesPaths(html)) expect((d.match(/[ML]/g) ?? []).length).toBeLessThanOrEqual(620);
    expectSelfContained(html);
  });

  it('labels the time axis in hours and the throttle buckets in minutes', () => {
    expect(html).toContain('>24 h</text>');
    expect(html).toContain('events per 10 min');
  });
});

describe('renderReportHtml: a backfill (spec shown generically)', () => {
  const base = failedLoadReport();
  const totals = { ...emptyTotals('backfill'), consumedWcu: base.totals.consumedWcu, read: 10_000, written: 6_000, unchanged: 3_500, skipped: 400, rejected: 100, consumedRcu: 1_300 };
  const report = {
    ...base,
    kind: 'backfill',
    job: {
      ...base.job,
      state: 'completed',
      spec: { kind: 'backfill', connection: { kind: 'sandbox' }, table: 'orders', operation: { kind: 'derive', attribute: 'gsi1pk', template: '{state}#{city}', type: 'S' }, rate: { mode: 'fixed', wcuPerSecond: 500, rcuPerSecond: 250 }, scan: { pageLimit: 100, shuffle: true } },
    },
    totals,
    reconciliation: reconcile('backfill', totals, true),
    error: null,
    series: base.series.map((t) => ({ ...t, consumedRcu: 10 })),
  } as unknown as JobReport;
  const html = renderReportHtml(report);

  it('names the backfill terms and shows its spec fields', () => {
    expect(html).toContain('<h1>Backfill of orders</h1>');
    expect(html).toContain('scanned 10,000 = changed 6,000 + unchanged 3,500 + skipped 400 + failed 100 + pending 0');
    for (const term of ['= changed', '+ unchanged', '+ skipped', '+ failed', '+ pending']) expect(html).toContain(term);
    expect(html).toContain('<td>Operation</td><td class="wrap">derive</td>');
    expect(html).toContain('<td>Operation › template</td><td class="wrap">{state}#{city}</td>');
    expect(html).toContain('<td>Read rate at start</td><td class="wrap">250 RCU/s</td>');
    expect(html).toContain('>consumed RCU/s</text>');
    expect(html).toContain('built-in sandbox');
  });
});
