import { describe, expect, it } from 'vitest';
import { humanizePath, specRows } from '../../../shared/report/spec-rows';
import { completedLoadReport } from './report-fixtures';

describe('specRows', () => {
  it('gives a load spec words and units', () => {
    const rows = specRows(completedLoadReport().job.spec);
    const value = (label: string) => rows.find((r) => r.label === label)?.value;
    expect(value('Connection')).toBe('AWS');
    expect(value('Region')).toBe('eu-west-1');
    expect(value('Rate at start')).toBe('1,500 WCU/s');
    expect(value('Memory for spreading')).toBe('128 MB');
    expect(value('CSV delimiter')).toBe('","');
    expect(value('Auto-scaling target utilization')).toBe('70.0%');
    expect(value('Columns left out')).toBe('internal_notes, ssn');
    expect(rows.filter((r) => r.label === 'Attribute from a template').map((r) => r.value)).toEqual(['pk = CUST#{customer_id} (S)', 'sk = PROFILE#{signup_date} (S)']);
    expect(value('Column mapping')).toBe('lifetime_value → ltv (N)');
    expect(value('Computed attribute')).toBe('expires_at = last_seen + 365 days, as epoch seconds (TTL)');
  });

  it('names the Parquet options as such, in words', () => {
    const rows = specRows({ kind: 'load', source: { path: 's3://b/p/', format: 'csv', parquet: { temporal: 'epoch-ms', nulls: 'null' } } });
    const value = (label: string) => rows.find((r) => r.label === label)?.value;
    expect(value('Parquet dates and timestamps (for Parquet files)')).toBe('epoch milliseconds');
    expect(value('Parquet nulls (for Parquet files)')).toBe('stored as NULL');
  });

  it('flattens any other spec generically, with readable names', () => {
    const rows = specRows({ kind: 'backfill', table: 'orders', operation: { kind: 'derive', attribute: 'gsi1pk', template: '{state}#{city}' }, scan: { pageLimit: 100, writesInFlightPerWorker: 32 }, extra: { nested: [{ a: 1 }], flag: true, empty: [] } });
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r]));
    expect(byPath['operation.kind']!.label).toBe('Operation');
    expect(byPath['operation.template']!).toEqual({ label: 'Operation › template', value: '{state}#{city}', path: 'operation.template' });
    expect(byPath['scan.pageLimit']!.value).toBe('100 items');
    expect(byPath['scan.writesInFlightPerWorker']!.label).toBe('Scan › writes in flight per worker');
    expect(byPath['extra.nested[0].a']!.value).toBe('1');
    expect(byPath['extra.flag']!.value).toBe('yes');
    expect(byPath['extra.empty']).toBeUndefined();
  });

  it('humanizes camelCase paths', () => {
    expect(humanizePath('source.maxRecordBytes')).toBe('Source › max record bytes');
  });
});
