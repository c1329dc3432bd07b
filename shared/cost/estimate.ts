import { requireFraction, requireNonNegative } from './cost-input-error';
import {
  computeJobTiming,
  computeJobWork,
  estimateModes,
  estimateModeLabel,
  type AutoscalingOptions,
  type BulkJobCostInput,
  type CostEstimate,
  type EstimateMode,
  type EstimateRequest,
  type FixedOptions,
  type JobTiming,
  type JobWork,
  type PricedEstimate,
  type PriceUsed,
  type S3ImportOptions,
  type UnavailableEstimate,
  BYTES_PER_GB,
} from './estimate-model';
import { formatQuantity, formatUnitPriceUsd, formatUsd } from './money-format';
import type { PriceComponent, ResolvedPrice, ResolvedPrices } from './price-table';

/**
 * The estimators: what a bulk job (estimate-model.ts) costs under each way of paying for
 * DynamoDB throughput, with the arithmetic and prices behind each figure.
 */

/** Default per-table on-demand throughput quota, WRU/s. */
const ON_DEMAND_DEFAULT_QUOTA_WRU = 40_000;

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
  const basis = provisionedBasis(mode, job, prices);
  if (basis.kind === 'unavailable') return basis;
  const { work, timing, wcuHour, rcuHour } = basis;

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
  const basis = provisionedBasis(mode, job, prices);
  if (basis.kind === 'unavailable') return basis;
  const { work, timing, wcuHour, rcuHour } = basis;

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

/** What both provisioned estimators start from: the work, its timing and the hourly prices. */
function provisionedBasis(
  mode: EstimateMode,
  job: BulkJobCostInput,
  prices: ResolvedPrices,
): UnavailableEstimate | { kind: 'basis'; work: JobWork; timing: JobTiming; wcuHour: ResolvedPrice; rcuHour: ResolvedPrice | undefined } {
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
  return { kind: 'basis', work, timing, wcuHour, rcuHour };
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
  return { kind: 'unavailable', mode, label: estimateModeLabel(mode), reason };
}

function priced(
  mode: EstimateMode,
  parts: Omit<PricedEstimate, 'kind' | 'mode' | 'label' | 'totalUsd' | 'timing'> & { timing?: JobTiming | undefined },
): PricedEstimate {
  const { timing, ...rest } = parts;
  const estimate: PricedEstimate = {
    kind: 'priced',
    mode,
    label: estimateModeLabel(mode),
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
