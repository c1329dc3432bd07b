import { scanReadUnits, writeUnitsPerItem, type ScanReadInput } from './capacity-units';
import { CostInputError, requireFraction, requireNonNegative, requirePositive } from './cost-input-error';
import { formatQuantity, formatUnitPriceUsd, formatUsd } from './money-format';
import type { PriceComponent, ResolvedPrice, ResolvedPrices } from './price-table';

/**
 * What a bulk job will cost under each way of paying for DynamoDB throughput, with the
 * quantities and prices behind each figure so the wizard, the CLI and the report can
 * show the arithmetic instead of a bare number.
 */

/** The ways of paying Capstan compares. */
export type EstimateMode = 'on-demand' | 'autoscaling' | 'fixed' | 's3-import';

/** Every mode, in the order a comparison shows them. */
export const estimateModes: readonly EstimateMode[] = ['on-demand', 'autoscaling', 'fixed', 's3-import'];

/** How fast the job runs: a write rate it holds, or a duration it is spread over. */
export type JobPacing =
  | { kind: 'rate'; writeWcuPerSecond: number }
  | { kind: 'duration'; hours: number };

/** A bulk job as the cost model sees it. */
export interface BulkJobCostInput {
  items: number;
  /** Average item size; writes are charged on the larger of old and new item. */
  itemBytes: number;
  /** Extra WCU per item summed over the GSIs that project an attribute the job changes. */
  gsiWcuPerItem?: number;
  /** The Scan a backfill reads its items from (eventually consistent). */
  scan?: ScanReadInput;
  /** Needed by the provisioned modes, whose price is per hour of capacity. */
  pacing?: JobPacing;
}

/** Units of work the job performs, whatever the mode. */
export interface JobWork {
  items: number;
  itemBytes: number;
  baseWcuPerItem: number;
  gsiWcuPerItem: number;
  wcuPerItem: number;
  writeUnits: number;
  itemsScanned: number;
  readUnits: number;
}

/** How long the job runs and at what rates, derived from its pacing. */
export interface JobTiming {
  hours: number;
  writeWcuPerSecond: number;
  readRcuPerSecond: number;
}

/** A price an estimate used, with where it came from. */
export interface PriceUsed {
  label: string;
  usd: number;
  unit: string;
  effectiveFrom: string;
  source: string;
}

/** Provisioned capacity the estimate pays for, beyond what the table had anyway. */
export interface CapacityPaid {
  writeWcu: number;
  readRcu: number;
  hours: number;
}

/** An estimate with its figures and the arithmetic that produced them. */
export interface PricedEstimate {
  kind: 'priced';
  mode: EstimateMode;
  label: string;
  totalUsd: number;
  writeUsd: number;
  readUsd: number;
  work: JobWork;
  timing?: JobTiming;
  capacity?: CapacityPaid;
  importGb?: number;
  pricesUsed: PriceUsed[];
  /** One line per step, e.g. "20,000,000 WRU x $0.625/M = $12.50". */
  arithmetic: string[];
  /** Caveats the operator should read next to the number. */
  notes: string[];
}

/** A mode that cannot be priced for this job, and why in words. */
export interface UnavailableEstimate {
  kind: 'unavailable';
  mode: EstimateMode;
  label: string;
  reason: string;
}

/** One row of a comparison. */
export type CostEstimate = PricedEstimate | UnavailableEstimate;

/** Options for pricing under auto scaling. */
export interface AutoscalingOptions {
  /** Target utilization, 0.2-0.9 (AWS's allowed range); the console default is 0.7. */
  targetUtilization: number;
  /**
   * Hours the raised capacity stays after the job ends; auto scaling scales down only
   * after about 15 minutes below target, and at most 27 times a day. Default 0.
   */
  scaleDownLagHours?: number;
}

/** Options for technique 3: fixed capacity the job fills up to a share. */
export interface FixedOptions {
  /** WCU auto scaling would have provisioned anyway during the job. Default 0. */
  baselineWcu?: number;
  /** Organic WCU/s during the job. Default: baseline x target utilization. */
  organicWcuPerSecond?: number;
  /** Share of provisioned capacity the table is filled to; default 0.95 (5% headroom). */
  fillShare?: number;
  /** Target the auto-scaled baseline ran at; also prices the read side. Default 0.7. */
  targetUtilization?: number;
}

/** Options for native import from S3 into a new table. */
export interface S3ImportOptions {
  targetIsNewTable: boolean;
  /** Uncompressed source size; defaults to items x item bytes. */
  sourceBytes?: number;
}

/** Everything one comparison needs. */
export interface EstimateRequest {
  job: BulkJobCostInput;
  prices: ResolvedPrices;
  modes?: readonly EstimateMode[];
  autoscaling?: AutoscalingOptions;
  fixed?: FixedOptions;
  s3Import?: S3ImportOptions;
}

/** Bytes in the GB that AWS bills imports by (binary gigabyte). */
export const BYTES_PER_GB = 1024 ** 3;

/** Default per-table on-demand throughput quota, WRU/s. */
const ON_DEMAND_DEFAULT_QUOTA_WRU = 40_000;

const modeLabels: Record<EstimateMode, string> = {
  'on-demand': 'On-demand',
  autoscaling: 'Provisioned, auto scaling',
  fixed: 'Provisioned, fixed (technique 3)',
  's3-import': 'Import from S3 (new table)',
};

/** The label a comparison shows for a mode. */
export function estimateModeLabel(mode: EstimateMode): string {
  return modeLabels[mode];
}

/** Units the job performs; throws in words on impossible input. */
export function computeJobWork(job: BulkJobCostInput): JobWork {
  const items = requireNonNegative(job.items, 'Number of items');
  if (!Number.isInteger(items)) {
    throw new CostInputError(`Number of items must be a whole number; got ${String(items)}.`);
  }
  const baseWcuPerItem = writeUnitsPerItem(job.itemBytes);
  const gsiWcuPerItem = requireNonNegative(job.gsiWcuPerItem ?? 0, 'GSI WCU per item');
  const wcuPerItem = baseWcuPerItem + gsiWcuPerItem;
  const readUnits = job.scan ? scanReadUnits(job.scan) : 0;
  return {
    items,
    itemBytes: job.itemBytes,
    baseWcuPerItem,
    gsiWcuPerItem,
    wcuPerItem,
    writeUnits: items * wcuPerItem,
    itemsScanned: job.scan?.itemsScanned ?? 0,
    readUnits,
  };
}

/** Duration and rates; the scan's reads are spread over the same hours as the writes. */
export function computeJobTiming(work: JobWork, pacing: JobPacing): JobTiming {
  if (pacing.kind === 'rate') {
    const rate = requirePositive(pacing.writeWcuPerSecond, 'Write rate (WCU per second)');
    const seconds = work.writeUnits / rate;
    return {
      hours: seconds / 3600,
      writeWcuPerSecond: rate,
      readRcuPerSecond: seconds > 0 ? work.readUnits / seconds : 0,
    };
  }
  const hours = requirePositive(pacing.hours, 'Duration in hours');
  const seconds = hours * 3600;
  return { hours, writeWcuPerSecond: work.writeUnits / seconds, readRcuPerSecond: work.readUnits / seconds };
}

/** On-demand: every unit at the per-million price; the pace does not change the bill. */
export function estimateOnDemand(job: BulkJobCostInput, prices: ResolvedPrices): CostEstimate {
  const mode: EstimateMode = 'on-demand';
  const work = computeJobWork(job);
  const write = prices.prices.onDemandWritePerMillionUsd;
  const read = prices.prices.onDemandReadPerMillionUsd;
  const missing = missingPrice(prices, [
    ['onDemandWritePerMillionUsd', write],
    ...(work.readUnits > 0 ? [['onDemandReadPerMillionUsd', read] as const] : []),
  ]);
  if (missing || !write) return unavailable(mode, missing ?? 'no on-demand write price');

  const writeUsd = (work.writeUnits * write.usd) / 1e6;
  const readUsd = read ? (work.readUnits * read.usd) / 1e6 : 0;
  const arithmetic = [
    `Writes: ${writeUnitsText(work, 'WRU')} x ${formatUnitPriceUsd(write.usd)}/M WRU = ${formatUsd(writeUsd)}`,
  ];
  const pricesUsed = [used('On-demand write', write, 'per million WRU')];
  if (work.readUnits > 0 && read) {
    arithmetic.push(
      `Reads: ${readUnitsText(work, 'RRU')} x ${formatUnitPriceUsd(read.usd)}/M RRU = ${formatUsd(readUsd)}`,
    );
    pricesUsed.push(used('On-demand read', read, 'per million RRU'));
  }
  const notes: string[] = [];
  const timing = job.pacing ? computeJobTiming(work, job.pacing) : undefined;
  if (timing && timing.writeWcuPerSecond > ON_DEMAND_DEFAULT_QUOTA_WRU) {
    notes.push(
      `${formatQuantity(timing.writeWcuPerSecond, 0)} WRU/s is above the default per-table quota of ` +
        `${formatQuantity(ON_DEMAND_DEFAULT_QUOTA_WRU)} WRU/s; ask AWS to raise it or slow down.`,
    );
  }
  return priced(mode, { writeUsd, readUsd, work, timing, pricesUsed, arithmetic, notes });
}

/**
 * Auto scaling keeps provisioned = consumed / target, so the job pays for its own rate
 * divided by the target for as long as it runs: (rate / target) x hours x WCU-hour.
 */
export function estimateAutoscaling(
  job: BulkJobCostInput,
  prices: ResolvedPrices,
  options: AutoscalingOptions,
): CostEstimate {
  const mode: EstimateMode = 'autoscaling';
  const target = requireFraction(options.targetUtilization, 'Target utilization', 0.2, 0.9);
  const lagHours = requireNonNegative(options.scaleDownLagHours ?? 0, 'Scale-down lag in hours');
  const work = computeJobWork(job);
  if (!job.pacing) return unavailable(mode, needsPacing);
  const timing = computeJobTiming(work, job.pacing);
  const wcuHour = prices.prices.provisionedWcuHourUsd;
  const rcuHour = prices.prices.provisionedRcuHourUsd;
  const missing = missingPrice(prices, [
    ['provisionedWcuHourUsd', wcuHour],
    ...(work.readUnits > 0 ? [['provisionedRcuHourUsd', rcuHour] as const] : []),
  ]);
  if (missing || !wcuHour) return unavailable(mode, missing ?? 'no WCU-hour price');

  const billedHours = timing.hours + lagHours;
  const addedWcu = timing.writeWcuPerSecond / target;
  const addedRcu = timing.readRcuPerSecond / target;
  const writeUsd = addedWcu * billedHours * wcuHour.usd;
  const readUsd = rcuHour ? addedRcu * billedHours * rcuHour.usd : 0;
  const hoursText = lagHours > 0 ? `(${hoursOf(timing.hours)} + ${hoursOf(lagHours)} scale-down lag)` : hoursOf(timing.hours);
  const arithmetic = [
    `Writes: ${writeUnitsText(work)} over ${hoursOf(timing.hours)} = ${formatQuantity(timing.writeWcuPerSecond)} WCU/s`,
    `${formatQuantity(timing.writeWcuPerSecond)} WCU/s / ${target} target = ${formatQuantity(addedWcu)} WCU ` +
      `x ${hoursText} x ${formatUnitPriceUsd(wcuHour.usd)}/WCU-hour = ${formatUsd(writeUsd)}`,
  ];
  const pricesUsed = [used('Provisioned WCU', wcuHour, 'per WCU-hour')];
  if (work.readUnits > 0 && rcuHour) {
    arithmetic.push(
      `Reads: ${readUnitsText(work)} = ${formatQuantity(timing.readRcuPerSecond)} RCU/s / ${target} target = ` +
        `${formatQuantity(addedRcu)} RCU x ${hoursText} x ${formatUnitPriceUsd(rcuHour.usd)}/RCU-hour = ${formatUsd(readUsd)}`,
    );
    pricesUsed.push(used('Provisioned RCU', rcuHour, 'per RCU-hour'));
  }
  const notes = [
    'Auto scaling reacts after about 2 minutes above target; ramp the job up or expect throttles meanwhile.',
  ];
  if (lagHours === 0) {
    notes.push('Capacity stays raised ~15 minutes after the job (longer once the 27 daily decreases are used); not included.');
  }
  return priced(mode, {
    writeUsd,
    readUsd,
    work,
    timing,
    capacity: { writeWcu: addedWcu, readRcu: addedRcu, hours: billedHours },
    pricesUsed,
    arithmetic,
    notes,
  });
}

/**
 * Technique 3: auto scaling off, a fixed capacity the job fills to `fillShare` next to
 * organic traffic. Only the capacity above the auto-scaled baseline is the job's cost;
 * the baseline's own headroom (fill share minus target) carries part of the job free.
 */
export function estimateFixed(job: BulkJobCostInput, prices: ResolvedPrices, options: FixedOptions = {}): CostEstimate {
  const mode: EstimateMode = 'fixed';
  const target = requireFraction(options.targetUtilization ?? 0.7, 'Target utilization', 0.2, 0.9);
  const fillShare = requireFraction(options.fillShare ?? 0.95, 'Fill share', 0.5, 1);
  const baselineWcu = requireNonNegative(options.baselineWcu ?? 0, 'Baseline WCU');
  const organic = requireNonNegative(options.organicWcuPerSecond ?? baselineWcu * target, 'Organic WCU per second');
  const work = computeJobWork(job);
  if (!job.pacing) return unavailable(mode, needsPacing);
  const timing = computeJobTiming(work, job.pacing);
  const wcuHour = prices.prices.provisionedWcuHourUsd;
  const rcuHour = prices.prices.provisionedRcuHourUsd;
  const missing = missingPrice(prices, [
    ['provisionedWcuHourUsd', wcuHour],
    ...(work.readUnits > 0 ? [['provisionedRcuHourUsd', rcuHour] as const] : []),
  ]);
  if (missing || !wcuHour) return unavailable(mode, missing ?? 'no WCU-hour price');

  const requiredWcu = (organic + timing.writeWcuPerSecond) / fillShare;
  const addedWcu = Math.max(0, requiredWcu - baselineWcu);
  const writeUsd = addedWcu * timing.hours * wcuHour.usd;
  const addedRcu = timing.readRcuPerSecond / target;
  const readUsd = rcuHour ? addedRcu * timing.hours * rcuHour.usd : 0;
  const arithmetic = [
    `Provision (${formatQuantity(organic)} organic + ${formatQuantity(timing.writeWcuPerSecond)} job WCU/s) / ` +
      `${fillShare} fill = ${formatQuantity(requiredWcu)} WCU`,
    `Added above the ${formatQuantity(baselineWcu)} WCU auto-scaled baseline: ${formatQuantity(addedWcu)} WCU ` +
      `x ${hoursOf(timing.hours)} x ${formatUnitPriceUsd(wcuHour.usd)}/WCU-hour = ${formatUsd(writeUsd)}`,
  ];
  const pricesUsed = [used('Provisioned WCU', wcuHour, 'per WCU-hour')];
  if (work.readUnits > 0 && rcuHour) {
    arithmetic.push(
      `Reads (auto-scaled at ${target}): ${formatQuantity(timing.readRcuPerSecond)} RCU/s / ${target} = ` +
        `${formatQuantity(addedRcu)} RCU x ${hoursOf(timing.hours)} x ${formatUnitPriceUsd(rcuHour.usd)}/RCU-hour = ${formatUsd(readUsd)}`,
    );
    pricesUsed.push(used('Provisioned RCU', rcuHour, 'per RCU-hour'));
  }
  const notes = [
    'Turn auto scaling off for the run and restore it after; the job must yield to organic peaks.',
  ];
  if (addedWcu === 0) notes.push('The baseline headroom carries the whole job: no added capacity.');
  return priced(mode, {
    writeUsd,
    readUsd,
    work,
    timing,
    capacity: { writeWcu: addedWcu, readRcu: addedRcu, hours: timing.hours },
    pricesUsed,
    arithmetic,
    notes,
  });
}

/** Native import from S3: a per-GB price on the uncompressed source, no write capacity. */
export function estimateS3Import(job: BulkJobCostInput, prices: ResolvedPrices, options: S3ImportOptions): CostEstimate {
  const mode: EstimateMode = 's3-import';
  const work = computeJobWork(job);
  if (!options.targetIsNewTable) {
    return unavailable(mode, 'Import from S3 only creates a new table; the target table already exists.');
  }
  if (job.scan) {
    return unavailable(mode, 'A backfill updates items in place; import from S3 only loads a new table.');
  }
  const perGb = prices.prices.s3ImportPerGbUsd;
  const missing = missingPrice(prices, [['s3ImportPerGbUsd', perGb]]);
  if (missing || !perGb) return unavailable(mode, missing ?? 'no import price');

  const assumed = options.sourceBytes === undefined;
  const sourceBytes = assumed
    ? work.items * work.itemBytes
    : requireNonNegative(options.sourceBytes ?? 0, 'Source size in bytes');
  const importGb = sourceBytes / BYTES_PER_GB;
  const writeUsd = importGb * perGb.usd;
  const arithmetic = [
    `${formatQuantity(sourceBytes, 0)} bytes = ${formatQuantity(importGb, 3)} GB x ${formatUnitPriceUsd(perGb.usd)}/GB = ${formatUsd(writeUsd)}`,
  ];
  const notes = ['Uses no write capacity; rows that fail to load are billed too.'];
  if (assumed) {
    notes.push('Source size assumed to be items x item bytes; CSV or JSON text is usually larger. Pass the uncompressed size.');
  }
  return priced(mode, {
    writeUsd,
    readUsd: 0,
    work,
    importGb,
    pricesUsed: [used('Import from S3', perGb, 'per GB')],
    arithmetic,
    notes,
  });
}

/** Every requested mode for one job, in comparison order. */
export function estimateAll(request: EstimateRequest): CostEstimate[] {
  const modes = request.modes ?? estimateModes;
  const targetUtilization = request.autoscaling?.targetUtilization ?? 0.7;
  return estimateModes
    .filter((mode) => modes.includes(mode))
    .map((mode) => {
      switch (mode) {
        case 'on-demand':
          return estimateOnDemand(request.job, request.prices);
        case 'autoscaling':
          return estimateAutoscaling(request.job, request.prices, request.autoscaling ?? { targetUtilization });
        case 'fixed':
          return estimateFixed(request.job, request.prices, { targetUtilization, ...request.fixed });
        case 's3-import':
          return estimateS3Import(request.job, request.prices, request.s3Import ?? { targetIsNewTable: false });
      }
    });
}

const needsPacing = 'Provisioned capacity is priced per hour: give the job a rate (WCU/s) or a duration (hours).';

const priceWords: Record<PriceComponent, string> = {
  onDemandWritePerMillionUsd: 'on-demand write',
  onDemandReadPerMillionUsd: 'on-demand read',
  provisionedWcuHourUsd: 'provisioned WCU-hour',
  provisionedRcuHourUsd: 'provisioned RCU-hour',
  storageGbMonthUsd: 'storage',
  s3ImportPerGbUsd: 'import from S3',
};

function missingPrice(
  prices: ResolvedPrices,
  needed: ReadonlyArray<readonly [PriceComponent, ResolvedPrice | undefined]>,
): string | undefined {
  const absent = needed.filter(([, price]) => price === undefined).map(([component]) => priceWords[component]);
  if (absent.length === 0) return undefined;
  return (
    `No ${absent.join(' or ')} price is known for ${prices.region} (${prices.tableClass}) on ${prices.onDate}; ` +
    'add it to the price table.'
  );
}

function unavailable(mode: EstimateMode, reason: string): UnavailableEstimate {
  return { kind: 'unavailable', mode, label: modeLabels[mode], reason };
}

function priced(
  mode: EstimateMode,
  parts: Omit<PricedEstimate, 'kind' | 'mode' | 'label' | 'totalUsd' | 'timing'> & { timing?: JobTiming | undefined },
): PricedEstimate {
  const { timing, ...rest } = parts;
  const estimate: PricedEstimate = {
    kind: 'priced',
    mode,
    label: modeLabels[mode],
    totalUsd: parts.writeUsd + parts.readUsd,
    ...rest,
  };
  if (timing) estimate.timing = timing;
  return estimate;
}

function used(label: string, price: ResolvedPrice, unit: string): PriceUsed {
  return { label, usd: price.usd, unit, effectiveFrom: price.effectiveFrom, source: price.source };
}

function writeUnitsText(work: JobWork, unit: 'WCU' | 'WRU' = 'WCU'): string {
  const perItem =
    work.gsiWcuPerItem > 0
      ? `(${formatQuantity(work.baseWcuPerItem)} + ${formatQuantity(work.gsiWcuPerItem)} GSI) ${unit}`
      : `${formatQuantity(work.wcuPerItem)} ${unit}`;
  return `${formatQuantity(work.items)} items x ${perItem} = ${formatQuantity(work.writeUnits)} ${unit}`;
}

function readUnitsText(work: JobWork, unit: 'RCU' | 'RRU' = 'RCU'): string {
  return `${formatQuantity(work.itemsScanned)} items scanned = ${formatQuantity(work.readUnits, 1)} ${unit}`;
}

function hoursOf(hours: number): string {
  return `${formatQuantity(hours, 3)} h`;
}
