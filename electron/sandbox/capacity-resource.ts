import { OnDemandPeak } from './on-demand-peak';
import { PartitionMap, PARTITION_READ_UNITS_PER_SECOND, PARTITION_WRITE_UNITS_PER_SECOND, type Partition } from './partition-map';
import { TokenBucket } from './token-bucket';
import { reasonString, type CapacityOperation, type ThrottleEvent, type ThrottleLimit } from './throttle-reasons';

/** DynamoDB's two capacity modes. */
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

/** The capacity settings of a table or a GSI, as CreateTable/UpdateTable state them. */
export interface CapacitySettings {
  mode: BillingMode;
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /** OnDemandThroughput maxima; absent or -1 means no cap. */
  maxReadRequestUnits?: number;
  maxWriteRequestUnits?: number;
}

/** Tunables shared by every resource; tests shorten nothing, they drive a fake clock. */
export interface CapacityRules {
  /** Unused provisioned capacity kept as burst (DynamoDB: 300 s). */
  burstSeconds: number;
  /**
   * Seconds of capacity a new provisioned table (or GSI) has banked. 300 (a full bank):
   * new tables on AWS absorb bursts far above their rate at once (see sandbox-model.md).
   */
  initialBurstSeconds: number;
  /** On-demand peak a new table starts with, in write-equivalent units/s (2,000 => 4,000 WRU/s at once). */
  onDemandInitialPeakPerSecond: number;
  /** Time for an on-demand peak to count as the "previous peak" (DynamoDB: 30 minutes). */
  onDemandDoublingWindowMs: number;
  /** Per-table account quota for on-demand tables (DynamoDB default: 40,000 RRU and 40,000 WRU). */
  onDemandTableQuotaPerSecond: number;
  /** How long a partition must stay hot before it splits for heat. */
  heatSplitAfterMs: number;
  /** Share of a partition's limit above which it counts as hot. */
  heatThresholdFraction: number;
}

/** Defaults with their sources in docs/sandbox-model.md. */
export const DEFAULT_CAPACITY_RULES: CapacityRules = {
  burstSeconds: 300,
  initialBurstSeconds: 300,
  onDemandInitialPeakPerSecond: 2000,
  onDemandDoublingWindowMs: 30 * 60_000,
  onDemandTableQuotaPerSecond: 40_000,
  heatSplitAfterMs: 10 * 60_000,
  heatThresholdFraction: 0.8,
};

/** Partitions a provisioned table needs for its capacity (DOMAIN.md section 3). */
export function provisionedPartitionCount(readCapacityUnits: number, writeCapacityUnits: number): number {
  return Math.max(1, Math.ceil(readCapacityUnits / PARTITION_READ_UNITS_PER_SECOND + writeCapacityUnits / PARTITION_WRITE_UNITS_PER_SECOND));
}

/** Partitions an on-demand table keeps to serve twice its previous peak. */
export function onDemandPartitionCount(peakPerSecond: number): number {
  return Math.max(1, Math.ceil((2 * peakPerSecond) / PARTITION_WRITE_UNITS_PER_SECOND));
}

/** Result of asking whether a request may start on one resource. */
export interface Admission {
  partition: Partition;
  /** Null when admitted. */
  limit: ThrottleLimit | null;
}

function bigBucket(nowMs: number): TokenBucket {
  return new TokenBucket(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, nowMs);
}

/**
 * The capacity state of one table or one global secondary index: its partitions,
 * its table-level bucket (provisioned capacity with burst, or the on-demand quota),
 * the optional on-demand maximum, and its on-demand peak.
 */
export class CapacityResource {
  settings: CapacitySettings;
  partitions: PartitionMap;
  /** Provisioned: refills at capacity, holds `burstSeconds` of it. On-demand: the account quota. */
  writeBank: TokenBucket;
  readBank: TokenBucket;
  /** On-demand maxima (OnDemandThroughput); unlimited buckets otherwise. */
  maxWrite: TokenBucket;
  maxRead: TokenBucket;
  peak: OnDemandPeak;
  private minuteWriteUnits = 0;
  private minuteReadUnits = 0;

  constructor(
    readonly scope: 'Table' | 'Index',
    readonly tableName: string,
    readonly indexName: string | undefined,
    readonly arn: string,
    settings: CapacitySettings,
    private readonly rules: CapacityRules,
    nowMs: number,
  ) {
    this.settings = { ...settings };
    this.peak = new OnDemandPeak(rules.onDemandInitialPeakPerSecond, rules.onDemandDoublingWindowMs);
    const count =
      settings.mode === 'PROVISIONED'
        ? provisionedPartitionCount(settings.readCapacityUnits, settings.writeCapacityUnits)
        : onDemandPartitionCount(rules.onDemandInitialPeakPerSecond);
    this.partitions = new PartitionMap(count, nowMs);
    // The bank's starting content is set by configureBanks (initialBurstSeconds).
    this.writeBank = new TokenBucket(1, 1, 0, nowMs);
    this.readBank = new TokenBucket(1, 1, 0, nowMs);
    this.maxWrite = bigBucket(nowMs);
    this.maxRead = bigBucket(nowMs);
    this.configureBanks(nowMs, true);
  }

  private configureBanks(nowMs: number, fresh: boolean): void {
    const s = this.settings;
    if (s.mode === 'PROVISIONED') {
      const w = Math.max(s.writeCapacityUnits, 0);
      const r = Math.max(s.readCapacityUnits, 0);
      this.writeBank.reconfigure(w, Math.max(w * this.rules.burstSeconds, 1), nowMs);
      this.readBank.reconfigure(r, Math.max(r * this.rules.burstSeconds, 1), nowMs);
      if (fresh) {
        const seconds = Math.min(Math.max(this.rules.initialBurstSeconds, 1), Math.max(this.rules.burstSeconds, 1));
        this.writeBank.setTokens(w * seconds, nowMs);
        this.readBank.setTokens(r * seconds, nowMs);
      }
    } else {
      const quota = this.rules.onDemandTableQuotaPerSecond;
      this.writeBank.reconfigure(quota, quota, nowMs);
      this.readBank.reconfigure(quota, quota, nowMs);
      if (fresh) {
        this.writeBank.setTokens(quota, nowMs);
        this.readBank.setTokens(quota, nowMs);
      }
    }
    const maxW = s.mode === 'PAY_PER_REQUEST' && (s.maxWriteRequestUnits ?? -1) > 0 ? (s.maxWriteRequestUnits as number) : undefined;
    const maxR = s.mode === 'PAY_PER_REQUEST' && (s.maxReadRequestUnits ?? -1) > 0 ? (s.maxReadRequestUnits as number) : undefined;
    this.maxWrite = maxW === undefined ? bigBucket(nowMs) : new TokenBucket(maxW, maxW, maxW, nowMs);
    this.maxRead = maxR === undefined ? bigBucket(nowMs) : new TokenBucket(maxR, maxR, maxR, nowMs);
  }

  /** Applies new capacity settings (after the UpdateTable delay): banks change, partitions double if needed. */
  applySettings(settings: CapacitySettings, nowMs: number): void {
    const wasOnDemand = this.settings.mode === 'PAY_PER_REQUEST';
    const fresh = settings.mode !== this.settings.mode;
    if (settings.mode === 'PAY_PER_REQUEST' && !wasOnDemand) {
      // The partitions a provisioned table already has count as its previous peak.
      this.peak.raiseTo((this.partitions.count * PARTITION_WRITE_UNITS_PER_SECOND) / 2);
    }
    this.settings = { ...settings };
    this.configureBanks(nowMs, fresh);
    this.growPartitions(nowMs);
  }

  /** Doubles partitions when the capacity asks for more than they can serve. */
  growPartitions(nowMs: number): void {
    const s = this.settings;
    const needed =
      s.mode === 'PROVISIONED'
        ? provisionedPartitionCount(s.readCapacityUnits, s.writeCapacityUnits)
        : onDemandPartitionCount(this.peak.peakAt(nowMs));
    if (needed > this.partitions.count) this.partitions.growTo(needed, nowMs);
  }

  /** The reason string for a limit on this resource. */
  event(operation: CapacityOperation, limit: ThrottleLimit): ThrottleEvent {
    const event: ThrottleEvent = {
      reason: reasonString(this.scope, operation, limit),
      resource: this.arn,
      limit,
      operation,
      scope: this.scope,
      tableName: this.tableName,
    };
    if (this.indexName !== undefined) event.indexName = this.indexName;
    return event;
  }

  /**
   * May a request start on this resource at `hash`? Table-level limits are checked
   * before the partition, so a table out of capacity reports ProvisionedThroughput
   * rather than KeyRange.
   */
  check(operation: CapacityOperation, hash: number, nowMs: number): Admission {
    const partition = this.partitions.find(hash);
    const write = operation === 'Write';
    if (this.settings.mode === 'PAY_PER_REQUEST') {
      if (!(write ? this.maxWrite : this.maxRead).canStart(nowMs)) return { partition, limit: 'MaxOnDemandThroughputExceeded' };
      if (!(write ? this.writeBank : this.readBank).canStart(nowMs)) return { partition, limit: 'AccountLimitExceeded' };
    } else if (!(write ? this.writeBank : this.readBank).canStart(nowMs)) {
      return { partition, limit: 'ProvisionedThroughputExceeded' };
    }
    if (!(write ? partition.write : partition.read).canStart(nowMs)) return { partition, limit: 'KeyRangeThroughputExceeded' };
    return { partition, limit: null };
  }

  /** Charges served units (negative refunds an over-estimate). */
  charge(operation: CapacityOperation, partition: Partition, hash: number, units: number): void {
    if (operation === 'Write') {
      this.writeBank.charge(units);
      this.maxWrite.charge(units);
      partition.write.charge(units);
      this.partitions.recordWrite(partition, hash, units);
      this.minuteWriteUnits += units;
    } else {
      this.readBank.charge(units);
      this.maxRead.charge(units);
      partition.read.charge(units);
      partition.current.readUnits += units;
      this.minuteReadUnits += units;
    }
  }

  /** Counts a throttled event on a partition (heat map and split-for-heat). */
  recordThrottle(operation: CapacityOperation, partition: Partition, hash: number): void {
    if (operation === 'Write') {
      partition.current.throttledWrites += 1;
      if (hash < partition.minHashSeen) partition.minHashSeen = hash;
      if (hash > partition.maxHashSeen) partition.maxHashSeen = hash;
    } else {
      partition.current.throttledReads += 1;
    }
  }

  /**
   * Takes up to `units` for aggregated traffic (organic load) without debt;
   * returns what was served and, if not all, the limit that stopped it.
   */
  takeAggregate(operation: CapacityOperation, partition: Partition, units: number, nowMs: number): { served: number; limit: ThrottleLimit | null } {
    const write = operation === 'Write';
    const bank = write ? this.writeBank : this.readBank;
    const max = write ? this.maxWrite : this.maxRead;
    const part = write ? partition.write : partition.read;
    const bankAvail = Math.max(0, bank.available(nowMs));
    const maxAvail = Math.max(0, max.available(nowMs));
    const partAvail = Math.max(0, part.available(nowMs));
    const served = Math.min(units, bankAvail, maxAvail, partAvail);
    let limit: ThrottleLimit | null = null;
    if (served < units) {
      if (this.settings.mode === 'PAY_PER_REQUEST') {
        limit = maxAvail <= served ? 'MaxOnDemandThroughputExceeded' : bankAvail <= served ? 'AccountLimitExceeded' : 'KeyRangeThroughputExceeded';
      } else {
        limit = bankAvail <= served ? 'ProvisionedThroughputExceeded' : 'KeyRangeThroughputExceeded';
      }
    }
    if (served > 0) {
      bank.charge(served);
      max.charge(served);
      part.charge(served);
      if (write) {
        partition.current.writeUnits += served;
        this.minuteWriteUnits += served;
      } else {
        partition.current.readUnits += served;
        this.minuteReadUnits += served;
      }
    }
    return { served, limit };
  }

  /**
   * Once a second: partitions that stayed hot for `heatSplitAfterMs` with more than
   * one key split where their traffic divides; then the window rolls.
   */
  onSecond(nowMs: number): void {
    const rules = this.rules;
    for (const partition of [...this.partitions.partitions]) {
      const load = partition.current;
      const hot =
        load.writeUnits >= rules.heatThresholdFraction * PARTITION_WRITE_UNITS_PER_SECOND ||
        load.readUnits >= rules.heatThresholdFraction * PARTITION_READ_UNITS_PER_SECOND ||
        load.throttledWrites > 0 ||
        load.throttledReads > 0;
      const spread = partition.maxHashSeen > partition.minHashSeen;
      if (!hot || !spread) {
        partition.hotSinceMs = null;
        partition.splitHintHash = null;
        continue;
      }
      partition.hotSinceMs ??= nowMs;
      partition.splitHintHash = Math.floor((partition.minHashSeen + partition.maxHashSeen + 1) / 2);
      if (nowMs - partition.hotSinceMs >= rules.heatSplitAfterMs) {
        this.partitions.split(partition, partition.splitHintHash, nowMs);
      }
    }
    this.partitions.rollSecond();
  }

  /** At each minute's end: an on-demand resource learns its peak, and grows partitions when a peak matures. */
  onMinute(minuteEndMs: number): void {
    if (this.settings.mode === 'PAY_PER_REQUEST') {
      const averagePerSecond = (this.minuteWriteUnits + this.minuteReadUnits / 3) / 60;
      this.peak.recordMinute(averagePerSecond, minuteEndMs);
    }
    this.minuteWriteUnits = 0;
    this.minuteReadUnits = 0;
    this.growPartitions(minuteEndMs);
  }
}
