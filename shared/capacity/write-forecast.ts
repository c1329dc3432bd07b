/**
 * How long a load really takes, from what the table can take rather than rows / rate.
 * A provisioned table serves its WCU plus up to 300 seconds of unused capacity as burst;
 * auto scaling raises it by 1/target every few minutes up to its maximum; an on-demand
 * table serves twice its previous peak at once and doubles at most every 30 minutes (a
 * new one: 4,000 WRU/s), up to its maximum throughput; a partition takes at most 1,000
 * WCU/s; a provisioned GSI holds the base table back to what the index can write. The
 * forecast steps through the load second by second (coarser for long loads) with those
 * rules, and says what limits it in words the wizard and the CLI show before a start.
 */
import { formatCount } from '../format';

/** The table's capacity facts the forecast uses (all from DescribeTable and auto scaling). */
export interface ForecastTable {
  name: string;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  writeCapacityUnits: number | null;
  readCapacityUnits: number | null;
  /** The write auto-scaling target, when the table has one. */
  autoScaling: { maxCapacity: number; targetUtilization: number } | null;
  /** On-demand maximum throughput (OnDemandThroughput), when set. */
  onDemandMaxWcu: number | null;
  /** What an on-demand table serves at once (2x its previous peak); null: unknown, a new table's 4,000 is assumed. */
  onDemandInstantWcu?: number | null;
  /** Each GSI and its provisioned WCU (null when on-demand). */
  gsis: { name: string; writeCapacityUnits: number | null }[];
}

/** A load as the forecast needs it. */
export interface ForecastInput {
  table: ForecastTable;
  items: number;
  /** Base-table write units per item (what the rate is counted in). */
  wcuPerItem: number;
  /** GSI write units per item, summed over the indexes. */
  gsiWcuPerItem: number;
  requestedWcuPerSecond: number;
  /** Writes spread across partitions (shuffled input); off, sorted input makes one hot partition at a time. */
  spread: boolean;
}

/** What caps the load once it has settled. */
export type ForecastLimit = 'requested' | 'provisioned' | 'auto-scaling' | 'on-demand-ramp' | 'on-demand-max' | 'partitions' | 'hot-partition' | 'gsi';

/** The forecast: a duration from the table's facts, and what limits it, in words. */
export interface WriteForecast {
  seconds: number;
  /** Average base-table WCU/s over the whole load. */
  averageWcuPerSecond: number;
  /** The rate the load settles at once burst is spent (or ramps are done). */
  sustainedWcuPerSecond: number;
  limitedBy: ForecastLimit;
  /** What the table serves at the start, before burst (provisioned) or ramps. */
  startWcuPerSecond: number;
  /** Asked rate over settled rate (1 when the table keeps up). */
  slowdown: number;
  /** How long burst keeps the asked rate on a provisioned table (null when it is not needed). */
  burstSeconds: number | null;
  /** Warnings to read before start ("1,000 WCU/s into a 100 WCU table: ..."). */
  warnings: string[];
  /** What the forecast assumed where a fact is unknown. */
  assumptions: string[];
}

/** DynamoDB's per-partition write limit. */
export const PARTITION_WCU = 1_000;
/** Seconds of unused provisioned capacity kept as burst. */
export const BURST_SECONDS = 300;
/** A new on-demand table serves this many writes per second at once. */
export const NEW_ON_DEMAND_WCU = 4_000;
/** On-demand may double its previous peak once per this many seconds. */
const ON_DEMAND_DOUBLING_SECONDS = 30 * 60;
/** Default per-table on-demand write quota. */
const ON_DEMAND_TABLE_QUOTA_WCU = 40_000;
/** Auto scaling: about 2 minutes above target, then an UpdateTable of about a minute. */
const AUTO_SCALING_STEP_SECONDS = 180;
/** Steps the simulation takes at most; longer loads take coarser steps. */
const MAX_STEPS = 200_000;

/** Partitions of a provisioned table by AWS's historical formula (at least one). */
export function provisionedPartitions(readCapacityUnits: number | null, writeCapacityUnits: number | null): number {
  return Math.max(1, Math.ceil((readCapacityUnits ?? 0) / 3_000 + (writeCapacityUnits ?? 0) / PARTITION_WCU));
}

/** Forecasts a load's duration against its table's capacity. */
export function forecastWrites(input: ForecastInput): WriteForecast {
  const { table, requestedWcuPerSecond: asked } = input;
  const totalWcu = Math.max(0, input.items * input.wcuPerItem);
  const assumptions: string[] = [];
  const ceilings: { limit: ForecastLimit; wcu: number }[] = [{ limit: 'requested', wcu: asked }];

  if (!input.spread) ceilings.push({ limit: 'hot-partition', wcu: PARTITION_WCU });
  else if (table.billingMode === 'PROVISIONED') {
    const partitions = provisionedPartitions(table.readCapacityUnits, table.autoScaling ? Math.max(table.autoScaling.maxCapacity, table.writeCapacityUnits ?? 0) : table.writeCapacityUnits);
    ceilings.push({ limit: 'partitions', wcu: partitions * PARTITION_WCU });
  }
  const gsiLimit = gsiCeiling(input);
  if (gsiLimit !== null) ceilings.push({ limit: 'gsi', wcu: gsiLimit });
  const hardCeiling = ceilings.reduce((a, b) => (b.wcu < a.wcu ? b : a));

  // The table's own capacity over time.
  let capacity: number;
  let burst = 0;
  let burstCap = 0;
  let capacityMax: number;
  let capacityLimit: ForecastLimit;
  let grow: (second: number, consumed: number) => void;
  if (table.billingMode === 'PROVISIONED') {
    capacity = Math.max(1, table.writeCapacityUnits ?? 1);
    burst = burstCap = capacity * BURST_SECONDS;
    assumptions.push(`burst: ${formatCount(burst)} WCU saved up (${BURST_SECONDS} s of unused capacity, best effort)`);
    const scaling = table.autoScaling;
    capacityMax = scaling ? Math.max(capacity, scaling.maxCapacity) : capacity;
    capacityLimit = scaling ? 'auto-scaling' : 'provisioned';
    let lastStep = 0;
    grow = (second, consumed) => {
      if (!scaling || capacity >= capacityMax || second - lastStep < AUTO_SCALING_STEP_SECONDS) return;
      lastStep = second;
      if (consumed > scaling.targetUtilization * capacity) capacity = Math.min(capacityMax, consumed / scaling.targetUtilization);
      burstCap = capacity * BURST_SECONDS;
    };
  } else {
    const instant = table.onDemandInstantWcu ?? null;
    if (instant === null) assumptions.push(`on-demand: the table's previous peak is unknown; a new table's ${formatCount(NEW_ON_DEMAND_WCU)} WRU/s is assumed at start, doubling at most every 30 minutes`);
    capacity = instant ?? NEW_ON_DEMAND_WCU;
    capacityMax = Math.min(table.onDemandMaxWcu ?? Number.POSITIVE_INFINITY, ON_DEMAND_TABLE_QUOTA_WCU);
    if (table.onDemandMaxWcu === null) assumptions.push(`on-demand: the default per-table quota of ${formatCount(ON_DEMAND_TABLE_QUOTA_WCU)} WRU/s`);
    capacity = Math.min(capacity, capacityMax);
    capacityLimit = capacityMax <= capacity ? 'on-demand-max' : 'on-demand-ramp';
    let windowStart = 0;
    let windowPeak = 0;
    grow = (second, consumed) => {
      windowPeak = Math.max(windowPeak, consumed);
      if (second - windowStart < ON_DEMAND_DOUBLING_SECONDS) return;
      // Running at the allowance for a window makes it the new peak: twice that is served next.
      if (windowPeak >= capacity * 0.99) capacity = Math.min(capacityMax, capacity * 2);
      windowStart = second;
      windowPeak = 0;
    };
  }

  const startCapacity = capacity;
  // Step through the load.
  const naiveSeconds = totalWcu / Math.max(1e-9, Math.min(hardCeiling.wcu, capacity));
  const dt = Math.max(1, Math.ceil(naiveSeconds / MAX_STEPS));
  let done = 0;
  let second = 0;
  let burstSeconds: number | null = null;
  let lastRate = 0;
  while (done < totalWcu && second < 1e9) {
    const wanted = hardCeiling.wcu;
    let rate = Math.min(wanted, capacity);
    if (wanted > capacity && burst > 0) {
      const extra = Math.min(wanted - capacity, burst / dt);
      rate += extra;
      burst -= extra * dt;
      if (burst <= 1e-6 && burstSeconds === null) burstSeconds = second + dt;
    } else if (rate < capacity) {
      burst = Math.min(burstCap, burst + (capacity - rate) * dt);
    }
    const step = Math.min(dt, (totalWcu - done) / Math.max(1e-9, rate));
    done += rate * step;
    second += step;
    lastRate = rate;
    grow(second, rate);
  }

  const settled = Math.min(hardCeiling.wcu, capacity);
  const limitedBy: ForecastLimit = capacity < hardCeiling.wcu
    ? (capacity >= capacityMax && capacityLimit === 'on-demand-ramp' ? 'on-demand-max' : capacityLimit)
    : table.billingMode === 'PAY_PER_REQUEST' && startCapacity < hardCeiling.wcu ? 'on-demand-ramp' : hardCeiling.limit;
  const slowdown = asked / Math.max(1e-9, settled);
  const forecast: WriteForecast = {
    seconds: totalWcu === 0 ? 0 : second,
    averageWcuPerSecond: second > 0 ? totalWcu / second : 0,
    sustainedWcuPerSecond: Math.round(settled || lastRate),
    limitedBy,
    startWcuPerSecond: Math.round(Math.min(hardCeiling.wcu, startCapacity)),
    slowdown,
    burstSeconds: table.billingMode === 'PROVISIONED' && asked > (table.writeCapacityUnits ?? 0) ? (burstSeconds ?? null) : null,
    warnings: [],
    assumptions,
  };
  forecast.warnings = warningsFor(input, forecast, capacityMax);
  return forecast;
}

/** The base-table rate at which the tightest provisioned GSI is full, or null. */
function gsiCeiling(input: ForecastInput): number | null {
  const provisioned = input.table.gsis.filter((g) => g.writeCapacityUnits !== null);
  if (provisioned.length === 0 || input.gsiWcuPerItem <= 0 || input.wcuPerItem <= 0) return null;
  // The sample gives the indexes' cost together; each index is taken to cost its share.
  const perIndexWcuPerItem = input.gsiWcuPerItem / input.table.gsis.length;
  const itemsPerSecond = Math.min(...provisioned.map((g) => g.writeCapacityUnits! / perIndexWcuPerItem));
  return itemsPerSecond * input.wcuPerItem;
}

function warningsFor(input: ForecastInput, f: WriteForecast, capacityMax: number): string[] {
  const asked = input.requestedWcuPerSecond;
  const t = input.table;
  const times = (x: number) => `about ${x >= 10 ? formatCount(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '')}x slower than asked`;
  if (f.slowdown < 1.05 && !(f.limitedBy === 'on-demand-ramp' && asked > f.startWcuPerSecond * 1.05)) return [];
  const askedText = `${formatCount(asked)} WCU/s`;
  switch (f.limitedBy) {
    case 'provisioned':
      return [`${askedText} into a ${formatCount(t.writeCapacityUnits ?? 0)} WCU table: ${times(f.slowdown)} once burst is spent${f.burstSeconds !== null ? ` (after about ${formatCount(Math.round(f.burstSeconds))} s)` : ''}. Raise the table's capacity or lower the rate.`];
    case 'auto-scaling':
      return [`${askedText} into a table auto-scaled up to ${formatCount(capacityMax)} WCU: auto scaling adds capacity every few minutes; ${times(f.slowdown)} at its maximum. Raise the maximum or lower the rate.`];
    case 'on-demand-max':
      return [`${askedText} into an on-demand table capped at ${formatCount(capacityMax)} WRU/s: ${times(f.slowdown)}.`];
    case 'on-demand-ramp':
      return [`${askedText} into an on-demand table that serves ${formatCount(f.startWcuPerSecond)} WRU/s at once: it doubles at most every 30 minutes, so the start is ${times(asked / Math.max(1, f.startWcuPerSecond))}.`];
    case 'partitions':
      return [`${askedText} is more than the table's partitions take (${formatCount(f.sustainedWcuPerSecond)} WCU/s at 1,000 each): ${times(f.slowdown)}.`];
    case 'hot-partition':
      return [`Spreading is off: sorted input writes one partition at a time (1,000 WCU/s at most), ${times(f.slowdown)}. Turn spreading on.`];
    case 'gsi':
      return [`${askedText} is more than the table's provisioned GSIs can index (${t.gsis.filter((g) => g.writeCapacityUnits !== null).map((g) => `${g.name}: ${formatCount(g.writeCapacityUnits!)} WCU`).join(', ')}): the index holds the table back, ${times(f.slowdown)}.`];
    case 'requested':
      return [];
  }
}
