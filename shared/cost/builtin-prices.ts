import type { PriceEntry, PriceTable } from './price-table';

/**
 * The price table Capstan ships with: DynamoDB prices in USD as of 2024-11-01, from the
 * project's domain brief (docs DOMAIN.md section 8) and AWS's pricing pages. It is a
 * starting point, not the truth: the operator edits it (mergePriceTables) when AWS
 * changes a price or when estimating a region not listed here.
 */

/** The day AWS halved on-demand throughput prices (and cut global tables). */
export const ON_DEMAND_PRICE_CUT_DATE = '2024-11-01';

/**
 * The start we record for prices that were already in effect before anything we track
 * changed: the day on-demand mode launched. Earlier days resolve to no price at all.
 */
export const BASELINE_PRICE_DATE = '2018-11-28';

/** The day Standard-IA launched; it has no prices before then. */
export const STANDARD_IA_LAUNCH_DATE = '2021-12-01';

/** The day import from S3 launched. */
export const S3_IMPORT_LAUNCH_DATE = '2022-08-18';

const DOMAIN_SOURCE = 'Capstan domain brief, DOMAIN.md section 8 (AWS DynamoDB pricing, us-east-1)';
const CUT_SOURCE =
  'AWS price cut effective 2024-11-01: on-demand throughput -50% ' +
  '(aws.amazon.com/blogs/database/new-amazon-dynamodb-lowers-pricing-for-on-demand-throughput-and-global-tables); ' +
  'figures from DOMAIN.md section 8';
const IA_BEFORE_CUT_SOURCE =
  'Derived, not read from AWS here: Standard-IA on-demand was 1.25x Standard before the cut ' +
  '($1.5625/M WRU, $0.3125/M RRU); verify against aws.amazon.com/dynamodb/pricing/on-demand';
const S3_IMPORT_SOURCE =
  'aws.amazon.com/dynamodb/pricing/on-demand, "Import from Amazon S3", us-east-1, $0.15 per GB of ' +
  'uncompressed source data (figure as recalled 2025; the developer guide, S3DataImport.HowItWorks, ' +
  'confirms the basis: uncompressed source size, including items that fail to load); verify before relying on it';
const IA_STORAGE_SOURCE = 'aws.amazon.com/dynamodb/pricing, Standard-IA storage $0.10 per GB-month (us-east-1)';
const REGION_SOURCE = 'Capstan domain brief, DOMAIN.md section 8 (provisioned prices by region)';

const usEast1: PriceEntry[] = [
  {
    region: 'us-east-1',
    tableClass: 'standard',
    effectiveFrom: BASELINE_PRICE_DATE,
    source: DOMAIN_SOURCE,
    onDemandWritePerMillionUsd: 1.25,
    onDemandReadPerMillionUsd: 0.25,
    provisionedWcuHourUsd: 0.00065,
    provisionedRcuHourUsd: 0.00013,
    storageGbMonthUsd: 0.25,
    reservedWcu: [
      { termYears: 1, upfrontPer100WcuUsd: 150, hourlyPer100WcuUsd: 0.0128 },
      { termYears: 3, upfrontPer100WcuUsd: 180, hourlyPer100WcuUsd: 0.0081 },
    ],
  },
  {
    region: 'us-east-1',
    tableClass: 'standard',
    effectiveFrom: S3_IMPORT_LAUNCH_DATE,
    source: S3_IMPORT_SOURCE,
    s3ImportPerGbUsd: 0.15,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard',
    effectiveFrom: ON_DEMAND_PRICE_CUT_DATE,
    source: CUT_SOURCE,
    onDemandWritePerMillionUsd: 0.625,
    onDemandReadPerMillionUsd: 0.125,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard-ia',
    effectiveFrom: STANDARD_IA_LAUNCH_DATE,
    source: IA_BEFORE_CUT_SOURCE,
    onDemandWritePerMillionUsd: 1.5625,
    onDemandReadPerMillionUsd: 0.3125,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard-ia',
    effectiveFrom: STANDARD_IA_LAUNCH_DATE,
    source: DOMAIN_SOURCE,
    provisionedWcuHourUsd: 0.00081,
    provisionedRcuHourUsd: 0.00016,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard-ia',
    effectiveFrom: STANDARD_IA_LAUNCH_DATE,
    source: IA_STORAGE_SOURCE,
    storageGbMonthUsd: 0.1,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard-ia',
    effectiveFrom: S3_IMPORT_LAUNCH_DATE,
    source: S3_IMPORT_SOURCE,
    s3ImportPerGbUsd: 0.15,
  },
  {
    region: 'us-east-1',
    tableClass: 'standard-ia',
    effectiveFrom: ON_DEMAND_PRICE_CUT_DATE,
    source: DOMAIN_SOURCE,
    onDemandWritePerMillionUsd: 0.78,
    onDemandReadPerMillionUsd: 0.155,
  },
];

/** Provisioned Standard prices outside us-east-1: [region, WCU-hour, RCU-hour]. */
const provisionedElsewhere: ReadonlyArray<readonly [string, number, number]> = [
  ['eu-west-1', 0.000735, 0.000147],
  ['eu-central-1', 0.000793, 0.0001586],
  ['eu-west-2', 0.000772, 0.0001544],
  ['ap-northeast-1', 0.000742, 0.0001484],
  ['ap-southeast-2', 0.00074, 0.000148],
  ['sa-east-1', 0.000975, 0.000195],
];

/** The built-in table; freeze-free plain data so it can be sent over IPC as is. */
export const builtinPriceTable: PriceTable = {
  currency: 'USD',
  entries: [
    ...usEast1,
    ...provisionedElsewhere.map(
      ([region, wcuHour, rcuHour]): PriceEntry => ({
        region,
        tableClass: 'standard',
        effectiveFrom: BASELINE_PRICE_DATE,
        source: REGION_SOURCE,
        provisionedWcuHourUsd: wcuHour,
        provisionedRcuHourUsd: rcuHour,
      }),
    ),
  ],
};
