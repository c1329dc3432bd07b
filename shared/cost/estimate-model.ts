import { scanReadUnits, writeUnitsPerItem, type ScanReadInput } from './capacity-units';
import { CostInputError, requireNonNegative, requirePositive } from './cost-input-error';
import type { ResolvedPrices } from './price-table';

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

const modeLabels: Record<EstimateMode, string> = {
  'on-demand': 'On-demand',
  autoscaling: 'Provisioned, auto scaling',
  fixed: 'Provisioned, capacity added for the job',
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
