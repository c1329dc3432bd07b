import { Command } from 'commander';
import type { EntryPaths } from '../../../electron/cli/entry-paths';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  computeEstimateReport,
  EstimateFlagError,
  formatEstimateJson,
  formatEstimateTable,
  parseEstimateFlags,
  registerEstimateCommand,
  type EstimateFlags,
  type EstimateReport,
} from '../../../electron/cli/estimate-command';
import { builtinPriceTable, CostInputError } from '../../../shared/cost';

const today = '2025-01-15';

function reportFor(flags: EstimateFlags): EstimateReport {
  return computeEstimateReport(parseEstimateFlags(flags, today), builtinPriceTable);
}

/** Without --table the command opens no engine: no worker entries are needed. */
const NO_PATHS = { workerScripts: {}, rendererDir: '', preloadScript: '' } as unknown as EntryPaths;

describe('estimate flags', () => {
  it('defaults: us-east-1, Standard, all modes but S3 import, 70% target, today as price date', () => {
    const plan = parseEstimateFlags({ items: '10,000,000', itemBytes: '1536' }, today);
    expect(plan).toMatchObject({
      region: 'us-east-1',
      tableClass: 'standard',
      priceDate: today,
      modes: ['on-demand', 'autoscaling', 'fixed'],
      targetUtilization: 0.7,
      job: { items: 10_000_000, itemBytes: 1536 },
    });
  });

  it('--new-table adds import from S3 to "all"', () => {
    expect(parseEstimateFlags({ items: '1', itemBytes: '1', newTable: true }, today).modes).toContain('s3-import');
  });

  it.each([
    [{ itemBytes: '100' }, /--items is required/],
    [{ items: '-5', itemBytes: '100' }, /--items must be at least 0; got "-5"/],
    [{ items: 'ten', itemBytes: '100' }, /--items must be a number; got "ten"/],
    [{ items: '2.5', itemBytes: '100' }, /--items must be a whole number/],
    [{ items: '10', itemBytes: '100', mode: 'cheap' }, /--mode must be one of on-demand, autoscaling, fixed, s3-import, all; got "cheap"/],
    [{ items: '10', itemBytes: '100', tableClass: 'glacier' }, /--table-class must be standard or standard-ia/],
    [{ items: '10', itemBytes: '100', targetUtilization: '70' }, /0\.7 means 70%/],
    [{ items: '10', itemBytes: '100', hours: '1', rate: '100' }, /either --hours or --rate, not both/],
    [{ items: '10', itemBytes: '100', rate: '0' }, /--rate must be above 0/],
    [{ items: '10', itemBytes: '100', priceDate: '2025-13-01' }, /--price-date must be a real day/],
    [{ items: '10', itemBytes: '100', mode: 's3-import' }, /add --new-table/],
  ] as const)('rejects %j in words', (flags, message) => {
    expect(() => parseEstimateFlags(flags, today)).toThrow(EstimateFlagError);
    expect(() => parseEstimateFlags(flags, today)).toThrow(message);
  });

  it('an unknown region is rejected when priced, naming the known ones', () => {
    expect(() => reportFor({ items: '10', itemBytes: '100', region: 'xx-west-9' })).toThrow(CostInputError);
    expect(() => reportFor({ items: '10', itemBytes: '100', region: 'xx-west-9' })).toThrow(/Known regions: ap-northeast-1/);
  });
});

describe('estimate table text', () => {
  // 10M x 1,536 B = 20M WCU at 2,000 WCU/s = 2.778 h. On-demand $12.50; auto scaling
  // 2,857.14 WCU x 2.778 h x $0.00065 = $5.16; fixed from a 1,000 WCU baseline
  // 1,842.11 WCU x 2.778 h x $0.00065 = $3.33; import 14.305 GB x $0.15 = $2.15.
  const report = reportFor({ items: '10000000', itemBytes: '1536', rate: '2000', baselineWcu: '1000', newTable: true });
  const text = formatEstimateTable(report);
  const lines = text.split('\n');

  it('prints a header naming the job, region, class and price date', () => {
    expect(lines[0]).toBe('Estimate: 10,000,000 items of 1,536 B in us-east-1, Standard, prices in effect on 2025-01-15');
  });

  it('prints one aligned row per mode, costs right-aligned', () => {
    const header = lines.find((line) => line.startsWith('Mode'));
    expect(header).toBeDefined();
    const costEnd = header!.indexOf('Cost') + 'Cost'.length;
    const rows = {
      'On-demand': '$12.50',
      'Provisioned, auto scaling': '$5.16',
      'Provisioned, capacity added for the job': '$3.33',
      'Import from S3 (new table)': '$2.15',
    };
    for (const [label, cost] of Object.entries(rows)) {
      const row = lines.find((line) => line.startsWith(`${label} `));
      expect(row, label).toBeDefined();
      expect(row!.slice(0, costEnd).trimEnd().endsWith(cost), `${label}: ${row}`).toBe(true);
    }
    expect(text).toMatch(/20,000,000/);
    expect(text).toMatch(/2,857\.14 WCU/);
    expect(text).toMatch(/1,842\.11 WCU/);
    expect(text).toMatch(/14\.305 GB imported/);
  });

  it('shows the arithmetic and the dated prices used', () => {
    expect(text).toContain('Writes: 10,000,000 items x 2 WRU = 20,000,000 WRU x $0.625/M WRU = $12.50');
    expect(text).toMatch(/On-demand write: \$0\.625 per million WRU, since 2024-11-01/);
    expect(text).toMatch(/Provisioned WCU: \$0\.00065 per WCU-hour, since 2018-11-28/);
  });

  it('keeps sub-dollar costs to four decimals: 1,000 items x 1 WRU x $0.625/M = $0.0006', () => {
    const small = formatEstimateTable(reportFor({ items: '1000', itemBytes: '100', mode: 'on-demand' }));
    expect(small).toMatch(/On-demand\s+\$0\.0006\s/);
  });

  it('says why a mode is not priced (no rate for provisioned)', () => {
    const unpaced = formatEstimateTable(reportFor({ items: '1000', itemBytes: '100' }));
    expect(unpaced).toMatch(/Provisioned, auto scaling\s+n\/a/);
    expect(unpaced).toMatch(/not priced: Provisioned capacity is priced per hour/);
  });

  it('JSON carries the same numbers', () => {
    const parsed = JSON.parse(formatEstimateJson(report)) as EstimateReport;
    const onDemand = parsed.estimates.find((estimate) => estimate.mode === 'on-demand');
    expect(onDemand?.kind === 'priced' && onDemand.totalUsd).toBeCloseTo(12.5, 10);
  });
});

describe('registered command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs through commander and prints the table', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerEstimateCommand(program, NO_PATHS);
    await program.parseAsync(['estimate', '--items', '1000000', '--item-bytes', '800', '--mode', 'on-demand', '--price-date', '2025-01-15'], {
      from: 'user',
    });
    expect(written.join('')).toMatch(/On-demand\s+\$0\.625\s/);
  });

  it('reports a bad flag as a commander error with exit code 2', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerEstimateCommand(program, NO_PATHS);
    await expect(program.parseAsync(['estimate', '--items', '-1', '--item-bytes', '800'], { from: 'user' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/--items must be at least 0/),
    });
  });
});
