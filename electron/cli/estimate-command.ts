import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  builtinPriceTable,
  CostInputError,
  estimateAll,
  estimateModes,
  formatQuantity,
  formatUnitPriceUsd,
  formatUsd,
  isoDateSchema,
  mergePriceTables,
  parsePriceTable,
  resolvePrices,
  tableClassLabel,
  tableClassSchema,
  type CostEstimate,
  type EstimateMode,
  type EstimateRequest,
  type IsoDate,
  type JobPacing,
  type PriceTable,
  type TableClass,
} from '../../shared/cost';
import { writeUnitsForSize } from '../../shared/capacity/capacity-units';
import { DEFAULT_SANDBOX_ENDPOINT, type ConnectionFlags } from './connection-options';
import { defaultDataDir, type EntryPaths } from './entry-paths';
import { forecastForTable, formatForecastLines, readTableDetails, type EstimateForecast } from './estimate-forecast';

/**
 * `capstan estimate`: the cost comparison for a bulk job, from the terminal. Parsing,
 * computing and formatting are pure functions so they are tested without a process;
 * only the action touches the file system and stdout.
 */

/** The options as commander hands them over: strings, or true for bare switches. */
export interface EstimateFlags extends ConnectionFlags {
  items?: string;
  itemBytes?: string;
  /** The AWS region whose prices apply (and, with --table, the table's region). */
  region?: string;
  tableClass?: string;
  mode?: string;
  targetUtilization?: string;
  hours?: string;
  rate?: string;
  gsiWcuPerItem?: string;
  priceDate?: string;
  scanItems?: string;
  scanItemBytes?: string;
  scanPageItems?: string;
  baselineWcu?: string;
  newTable?: boolean;
  sourceBytes?: string;
  priceTable?: string;
  json?: boolean;
  /** Forecast the duration against this table (read on the connection below). */
  table?: string;
  /** Commander's --no-spread: false when the input is sorted by key and not spread. */
  spread?: boolean;
  dataDir?: string;
}

/** A validated estimate request plus what the output needs to describe it. */
export interface EstimatePlan {
  region: string;
  tableClass: TableClass;
  priceDate: IsoDate;
  modes: EstimateMode[];
  targetUtilization: number;
  job: EstimateRequest['job'];
  baselineWcu?: number;
  newTable: boolean;
  sourceBytes?: number;
  priceTablePath?: string;
  json: boolean;
}

/** What the command prints, as data (the JSON output is exactly this). */
export interface EstimateReport {
  region: string;
  tableClass: TableClass;
  priceDate: IsoDate;
  job: EstimateRequest['job'];
  estimates: CostEstimate[];
  /** With --table: the duration from the table's capacity, as the wizard forecasts it. */
  forecast?: EstimateForecast;
}

/** A flag the operator got wrong; the message says which and what is allowed. */
export class EstimateFlagError extends Error {
  override readonly name = 'EstimateFlagError';
}

const modeChoices = ['on-demand', 'autoscaling', 'fixed', 's3-import', 'all'] as const;

/** Validate the flags into a plan; `today` is the default price date (UTC). */
export function parseEstimateFlags(flags: EstimateFlags, today: IsoDate): EstimatePlan {
  const items = requiredNumber(flags.items, '--items', { integer: true, min: 0 });
  const itemBytes = requiredNumber(flags.itemBytes, '--item-bytes', { min: 1 });
  const region = (flags.region ?? 'us-east-1').trim();
  if (region === '') throw new EstimateFlagError('--region must name an AWS region, e.g. us-east-1.');

  const tableClass = tableClassSchema.safeParse(flags.tableClass ?? 'standard');
  if (!tableClass.success) {
    throw new EstimateFlagError(`--table-class must be standard or standard-ia; got "${flags.tableClass}".`);
  }
  const modeFlag = flags.mode ?? 'all';
  if (!(modeChoices as readonly string[]).includes(modeFlag)) {
    throw new EstimateFlagError(`--mode must be one of ${modeChoices.join(', ')}; got "${modeFlag}".`);
  }
  const newTable = flags.newTable === true;
  const modes: EstimateMode[] =
    modeFlag === 'all'
      ? estimateModes.filter((mode) => mode !== 's3-import' || newTable)
      : [modeFlag as EstimateMode];

  const targetUtilization = optionalNumber(flags.targetUtilization, '--target-utilization') ?? 0.7;
  if (targetUtilization < 0.2 || targetUtilization > 0.9) {
    throw new EstimateFlagError(
      `--target-utilization must be a fraction from 0.2 to 0.9 (0.7 means 70%); got ${flags.targetUtilization}.`,
    );
  }

  if (flags.hours !== undefined && flags.rate !== undefined) {
    throw new EstimateFlagError('Give either --hours or --rate, not both: each determines the other.');
  }
  let pacing: JobPacing | undefined;
  if (flags.hours !== undefined) pacing = { kind: 'duration', hours: requiredNumber(flags.hours, '--hours', { above: 0 }) };
  if (flags.rate !== undefined) pacing = { kind: 'rate', writeWcuPerSecond: requiredNumber(flags.rate, '--rate', { above: 0 }) };

  const priceDate = flags.priceDate ?? today;
  if (!isoDateSchema.safeParse(priceDate).success) {
    throw new EstimateFlagError(`--price-date must be a real day written YYYY-MM-DD; got "${priceDate}".`);
  }

  const job: EstimateRequest['job'] = { items, itemBytes };
  const gsi = optionalNumber(flags.gsiWcuPerItem, '--gsi-wcu-per-item', { min: 0 });
  if (gsi !== undefined) job.gsiWcuPerItem = gsi;
  if (pacing) job.pacing = pacing;
  const scanItems = optionalNumber(flags.scanItems, '--scan-items', { integer: true, min: 0 });
  if (flags.scanItemBytes !== undefined && scanItems === undefined) {
    throw new EstimateFlagError('--scan-item-bytes needs --scan-items: how many items the backfill scans.');
  }
  if (scanItems !== undefined && scanItems > 0) {
    const scan: NonNullable<EstimateRequest['job']['scan']> = {
      itemsScanned: scanItems,
      itemBytes: optionalNumber(flags.scanItemBytes, '--scan-item-bytes', { min: 1 }) ?? itemBytes,
    };
    const pageItems = optionalNumber(flags.scanPageItems, '--scan-page-items', { integer: true, min: 1 });
    if (pageItems !== undefined) scan.pageItems = pageItems;
    job.scan = scan;
  }
  if ((flags.sourceBytes !== undefined || modeFlag === 's3-import') && !newTable) {
    throw new EstimateFlagError('Import from S3 only loads a new table: add --new-table to price it.');
  }

  const plan: EstimatePlan = {
    region,
    tableClass: tableClass.data,
    priceDate,
    modes,
    targetUtilization,
    job,
    newTable,
    json: flags.json === true,
  };
  const baselineWcu = optionalNumber(flags.baselineWcu, '--baseline-wcu', { min: 0 });
  if (baselineWcu !== undefined) plan.baselineWcu = baselineWcu;
  const sourceBytes = optionalNumber(flags.sourceBytes, '--source-bytes', { min: 0 });
  if (sourceBytes !== undefined) plan.sourceBytes = sourceBytes;
  if (flags.priceTable !== undefined) plan.priceTablePath = flags.priceTable;
  return plan;
}

/** Price the plan against a table (the built-in one, or it merged with the user's). */
export function computeEstimateReport(plan: EstimatePlan, table: PriceTable): EstimateReport {
  const prices = resolvePrices(table, plan.region, plan.tableClass, plan.priceDate);
  const request: EstimateRequest = {
    job: plan.job,
    prices,
    modes: plan.modes,
    autoscaling: { targetUtilization: plan.targetUtilization },
    fixed: { targetUtilization: plan.targetUtilization },
    s3Import: { targetIsNewTable: plan.newTable },
  };
  if (plan.baselineWcu !== undefined) request.fixed = { ...request.fixed, baselineWcu: plan.baselineWcu };
  if (plan.sourceBytes !== undefined) request.s3Import = { targetIsNewTable: plan.newTable, sourceBytes: plan.sourceBytes };
  return {
    region: plan.region,
    tableClass: plan.tableClass,
    priceDate: plan.priceDate,
    job: plan.job,
    estimates: estimateAll(request),
  };
}

/** The comparison as aligned text: a table, then the arithmetic, notes and prices used. */
export function formatEstimateTable(report: EstimateReport): string {
  const { job } = report;
  const lines: string[] = [];
  const forecastLines = report.forecast ? ['', ...formatForecastLines(report.forecast)] : [];
  const scanText = job.scan ? `, scanning ${formatQuantity(job.scan.itemsScanned)} items` : '';
  lines.push(
    `Estimate: ${formatQuantity(job.items)} items of ${formatQuantity(job.itemBytes)} B${scanText} in ` +
      `${report.region}, ${tableClassLabel(report.tableClass)}, prices in effect on ${report.priceDate}`,
    '',
  );

  const header = ['Mode', 'Cost', 'Write units', 'Read units', 'Hours', 'Capacity added'];
  const rows = report.estimates.map((estimate) => {
    if (estimate.kind === 'unavailable') return [estimate.label, 'n/a', '-', '-', '-', '-'];
    const capacity = estimate.capacity
      ? `${formatQuantity(estimate.capacity.writeWcu)} WCU` +
        (estimate.capacity.readRcu > 0 ? ` + ${formatQuantity(estimate.capacity.readRcu)} RCU` : '')
      : estimate.importGb !== undefined
        ? `${formatQuantity(estimate.importGb, 3)} GB imported`
        : '-';
    return [
      estimate.label,
      formatUsd(estimate.totalUsd),
      formatQuantity(estimate.work.writeUnits),
      formatQuantity(estimate.work.readUnits, 1),
      estimate.timing ? formatQuantity(estimate.timing.hours, 3) : '-',
      capacity,
    ];
  });
  const rightAligned = [false, true, true, true, true, false];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? cell.length;
        return rightAligned[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  lines.push(render(header), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render));

  for (const estimate of report.estimates) {
    lines.push('', `${estimate.label}:`);
    if (estimate.kind === 'unavailable') {
      lines.push(`  not priced: ${estimate.reason}`);
      continue;
    }
    lines.push(...estimate.arithmetic.map((line) => `  ${line}`));
    lines.push(...estimate.notes.map((note) => `  note: ${note}`));
  }

  const prices = new Map<string, string>();
  for (const estimate of report.estimates) {
    if (estimate.kind !== 'priced') continue;
    for (const price of estimate.pricesUsed) {
      prices.set(
        price.label,
        `  ${price.label}: ${formatUnitPriceUsd(price.usd)} ${price.unit}, since ${price.effectiveFrom} (${price.source})`,
      );
    }
  }
  if (prices.size > 0) lines.push('', 'Prices used:', ...prices.values());
  lines.push(...forecastLines);
  return lines.join('\n');
}

/** The comparison as JSON, for scripts; the same numbers as the table. */
export function formatEstimateJson(report: EstimateReport): string {
  return JSON.stringify(report, null, 2);
}

/** The rate the forecast compares with the table: --rate, or the rate --hours implies. */
export function forecastRate(plan: EstimatePlan): number {
  const pacing = plan.job.pacing;
  if (!pacing) throw new EstimateFlagError('--table needs --rate (or --hours): the forecast compares that rate with what the table can take.');
  if (pacing.kind === 'rate') return pacing.writeWcuPerSecond;
  return (plan.job.items * (writeUnitsForSize(plan.job.itemBytes) + (plan.job.gsiWcuPerItem ?? 0))) / (pacing.hours * 3600);
}

/** Add `capstan estimate` to the CLI. */
export function registerEstimateCommand(program: Command, paths: EntryPaths): void {
  program
    .command('estimate')
    .description('Compare what a bulk job costs on-demand, with auto scaling, with fixed capacity and by import from S3.')
    .option('--items <n>', 'number of items the job writes (required)')
    .option('--item-bytes <bytes>', 'average item size in bytes (required)')
    .option('--region <region>', 'AWS region whose prices apply', 'us-east-1')
    .option('--table-class <class>', 'standard or standard-ia', 'standard')
    .option('--mode <mode>', `one of ${modeChoices.join(', ')}`, 'all')
    .option('--target-utilization <fraction>', 'auto-scaling target, 0.2-0.9', '0.7')
    .option('--hours <h>', 'spread the job over this many hours')
    .option('--rate <wcu>', 'or: run the job at this many WCU per second')
    .option('--gsi-wcu-per-item <n>', 'extra WCU per item for GSIs that project changed attributes')
    .option('--scan-items <n>', 'backfill: items the Scan reads (eventually consistent)')
    .option('--scan-item-bytes <bytes>', 'backfill: average size of scanned items (default: --item-bytes)')
    .option('--scan-page-items <n>', 'backfill: items per Scan page (Limit); each page rounds up to 4 KB')
    .option('--baseline-wcu <n>', 'fixed mode: WCU auto scaling would provision anyway during the job')
    .option('--new-table', 'the target is a new table, so import from S3 is an option')
    .option('--source-bytes <bytes>', 'import from S3: uncompressed source size (default: items x item bytes)')
    .option('--price-date <YYYY-MM-DD>', 'price the job as of this day (default: today, UTC)')
    .option('--price-table <file>', 'a JSON price table laid over the built-in one')
    .option('--json', 'print JSON instead of a table')
    .option('--table <name>', 'forecast the duration against this table\'s capacity (as the wizard does)')
    .option('--endpoint <url>', 'with --table: DynamoDB endpoint (a Capstan sandbox or another local endpoint)')
    .option('--sandbox', `with --table: a Capstan sandbox (${DEFAULT_SANDBOX_ENDPOINT} unless --endpoint)`)
    .option('--profile <name>', 'with --table: AWS profile from the shared config files')
    .option('--no-spread', 'with --table: the input is sorted by key and not spread (one partition at a time)')
    .option('--data-dir <dir>', 'where jobs are kept', defaultDataDir())
    .action(async (flags: EstimateFlags, command: Command) => {
      try {
        const plan = parseEstimateFlags(flags, new Date().toISOString().slice(0, 10));
        const table = plan.priceTablePath ? mergePriceTables(builtinPriceTable, readPriceTable(plan.priceTablePath)) : builtinPriceTable;
        const report = computeEstimateReport(plan, table);
        if (flags.table) {
          const rate = forecastRate(plan);
          const details = await readTableDetails(paths, { ...flags, dataDir: flags.dataDir ?? defaultDataDir() }, flags.table);
          report.forecast = forecastForTable(details, plan.job, rate, flags.spread !== false);
        }
        process.stdout.write(`${plan.json ? formatEstimateJson(report) : formatEstimateTable(report)}\n`);
      } catch (error) {
        if (error instanceof EstimateFlagError || error instanceof CostInputError) {
          command.error(`error: ${error.message}`, { exitCode: 2, code: 'capstan.estimate.input' });
        }
        throw error;
      }
    });
}

function readPriceTable(path: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EstimateFlagError(`--price-table: cannot read ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new EstimateFlagError(`--price-table: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parsePriceTable(data);
}

interface NumberRules {
  integer?: boolean;
  min?: number;
  above?: number;
}

function requiredNumber(text: string | undefined, flag: string, rules: NumberRules = {}): number {
  if (text === undefined) throw new EstimateFlagError(`${flag} is required.`);
  return checkNumber(text, flag, rules);
}

function optionalNumber(text: string | undefined, flag: string, rules: NumberRules = {}): number | undefined {
  return text === undefined ? undefined : checkNumber(text, flag, rules);
}

/** Numbers may carry thousands separators (10,000,000 or 10_000_000) or an exponent (1e7). */
function checkNumber(text: string, flag: string, rules: NumberRules): number {
  const cleaned = text.trim().replace(/[_,]/g, '');
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned) ? Number(cleaned) : Number.NaN;
  if (!Number.isFinite(value)) throw new EstimateFlagError(`${flag} must be a number; got "${text}".`);
  if (rules.integer && !Number.isInteger(value)) throw new EstimateFlagError(`${flag} must be a whole number; got "${text}".`);
  if (rules.min !== undefined && value < rules.min) {
    throw new EstimateFlagError(`${flag} must be at least ${rules.min}; got "${text}".`);
  }
  if (rules.above !== undefined && value <= rules.above) {
    throw new EstimateFlagError(`${flag} must be above ${rules.above}; got "${text}".`);
  }
  return value;
}
