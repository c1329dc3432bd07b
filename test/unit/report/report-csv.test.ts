import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../../shared/report/csv-field';
import { REPORT_CSV_COLUMNS, renderReportCsv, throttleReasonColumn } from '../../../shared/report/report-csv';
import { completedLoadReport, dayLongReport } from './report-fixtures';

describe('csvField', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('ends records with CRLF', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('renderReportCsv', () => {
  it('parses back to the same numbers, one row per second, one column per throttle reason', () => {
    const report = completedLoadReport();
    const csv = renderReportCsv(report);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const header = csv.slice(0, csv.indexOf('\r\n')).split(',');
    expect(header.slice(0, REPORT_CSV_COLUMNS.length)).toEqual([...REPORT_CSV_COLUMNS]);
    // Diagnostic order: hot partition, then provisioned, then the reason-less UnprocessedItems.
    expect(header.slice(REPORT_CSV_COLUMNS.length)).toEqual([
      'throttles_TableWriteKeyRangeThroughputExceeded',
      'throttles_IndexWriteProvisionedThroughputExceeded',
      'throttles_UnprocessedItems',
    ]);
    expect(rows).toHaveLength(report.series.length);
    report.series.forEach((t, i) => {
      const row = rows[i]!;
      expect(row.time_iso).toBe(new Date(t.atMs).toISOString());
      expect(Number(row.second)).toBe(t.second);
      expect(Number(row.read)).toBe(t.read);
      expect(Number(row.written)).toBe(t.written);
      expect(Number(row.rejected)).toBe(t.rejected);
      expect(Number(row.retried)).toBe(t.retried);
      expect(Number(row.throttled)).toBe(t.throttled);
      expect(Number(row.consumed_wcu)).toBe(t.consumedWcu);
      expect(Number(row.consumed_rcu)).toBe(t.consumedRcu);
      expect(row.latency_p50_ms === '' ? null : Number(row.latency_p50_ms)).toBe(t.latencyP50Ms);
      expect(row.latency_p99_ms === '' ? null : Number(row.latency_p99_ms)).toBe(t.latencyP99Ms);
      expect(Number(row.in_flight)).toBe(t.inFlight);
      expect(Number(row.target_wcu_per_second)).toBe(t.targetWcuPerSecond);
      for (const reason of ['TableWriteKeyRangeThroughputExceeded', 'IndexWriteProvisionedThroughputExceeded', 'UnprocessedItems']) {
        expect(Number(row[throttleReasonColumn(reason)])).toBe(t.throttlesByReason[reason] ?? 0);
      }
    });
    // The pause has no latency: empty cells, not zeros.
    expect(rows.find((r) => r.second === '610')!.latency_p99_ms).toBe('');
  });

  it('quotes a reason name with a comma and a quote so the header still parses', () => {
    const report = completedLoadReport();
    report.series[5]!.throttlesByReason = { 'Weird,"Reason"': 3 };
    const rows = parse(renderReportCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows[5]!['throttles_Weird,"Reason"']).toBe('3');
    expect(rows[6]!['throttles_Weird,"Reason"']).toBe('0');
  });

  it('exports a day of ticks with a header and 86,400 rows', () => {
    const report = dayLongReport();
    const csv = renderReportCsv(report);
    expect(csv.split('\r\n').length - 2).toBe(86_400);
  });

  it('exports the header alone for a job without ticks', () => {
    const report = completedLoadReport();
    report.series = [];
    report.throttles.byReason = {};
    expect(renderReportCsv(report)).toBe(`${REPORT_CSV_COLUMNS.join(',')}\r\n`);
  });
});
