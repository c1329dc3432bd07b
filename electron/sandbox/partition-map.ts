import { TokenBucket } from './token-bucket';

/** Hash positions span 24 bits: dynalite orders items by the first 6 hex digits of an md5 of the partition key. */
export { HASH_SPACE } from '../../shared/sandbox/organic-config';
import { HASH_SPACE } from '../../shared/sandbox/organic-config';
/** Per-partition ceilings from DOMAIN.md section 3. */
export const PARTITION_WRITE_UNITS_PER_SECOND = 1000;
export const PARTITION_READ_UNITS_PER_SECOND = 3000;

/** Load counters of one partition over the current one-second window. */
export interface PartitionLoad {
  writeUnits: number;
  readUnits: number;
  throttledWrites: number;
  throttledReads: number;
}

/**
 * One physical partition: a contiguous range of the hash space with its own hard
 * limit. Buckets hold one second of capacity, so a partition can never serve more
 * than its limit over any second, whatever the table's burst or capacity.
 */
export interface Partition {
  id: number;
  /** Inclusive start of the hash range. */
  startHash: number;
  /** Exclusive end of the hash range. */
  endHash: number;
  write: TokenBucket;
  read: TokenBucket;
  /** Counters of the second in progress. */
  current: PartitionLoad;
  /** Counters of the last complete second (what the heat map shows). */
  lastSecond: PartitionLoad;
  /** Smallest and largest hash written this second: a split needs two distinct keys. */
  minHashSeen: number;
  maxHashSeen: number;
  /** Since when the partition has been hot (null when it is not). */
  hotSinceMs: number | null;
  /** Where to split if heat persists (midpoint of the hashes seen while hot). */
  splitHintHash: number | null;
}

function emptyLoad(): PartitionLoad {
  return { writeUnits: 0, readUnits: 0, throttledWrites: 0, throttledReads: 0 };
}

/**
 * The partitions of one table or index, ordered by hash range. Partitions split
 * (for capacity or heat) and never merge, as in DynamoDB.
 */
export class PartitionMap {
  partitions: Partition[] = [];
  private nextId = 0;

  constructor(count: number, nowMs: number) {
    const n = Math.max(1, Math.floor(count));
    for (let i = 0; i < n; i++) {
      this.partitions.push(this.makePartition(Math.floor((HASH_SPACE * i) / n), Math.floor((HASH_SPACE * (i + 1)) / n), nowMs));
    }
  }

  private makePartition(startHash: number, endHash: number, nowMs: number): Partition {
    return {
      id: this.nextId++,
      startHash,
      endHash,
      write: new TokenBucket(PARTITION_WRITE_UNITS_PER_SECOND, PARTITION_WRITE_UNITS_PER_SECOND, PARTITION_WRITE_UNITS_PER_SECOND, nowMs),
      read: new TokenBucket(PARTITION_READ_UNITS_PER_SECOND, PARTITION_READ_UNITS_PER_SECOND, PARTITION_READ_UNITS_PER_SECOND, nowMs),
      current: emptyLoad(),
      lastSecond: emptyLoad(),
      minHashSeen: HASH_SPACE,
      maxHashSeen: -1,
      hotSinceMs: null,
      splitHintHash: null,
    };
  }

  get count(): number {
    return this.partitions.length;
  }

  /** The partition whose range holds `hash` (binary search). */
  find(hash: number): Partition {
    const parts = this.partitions;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((parts[mid] as Partition).startHash <= hash) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo] as Partition;
  }

  /** Splits one partition at `atHash`; each half gets a fresh one-second bucket. */
  split(partition: Partition, atHash: number, nowMs: number): boolean {
    if (atHash <= partition.startHash || atHash >= partition.endHash) return false;
    const index = this.partitions.indexOf(partition);
    if (index < 0) return false;
    const left = this.makePartition(partition.startHash, atHash, nowMs);
    const right = this.makePartition(atHash, partition.endHash, nowMs);
    // Carry the debt over so a split cannot be used to escape throttling.
    left.write.tokens = Math.min(left.write.tokens, partition.write.available(nowMs));
    right.write.tokens = left.write.tokens;
    left.read.tokens = Math.min(left.read.tokens, partition.read.available(nowMs));
    right.read.tokens = left.read.tokens;
    this.partitions.splice(index, 1, left, right);
    return true;
  }

  /** Doubles partitions (each splits at its midpoint) until there are at least `count`. */
  growTo(count: number, nowMs: number): void {
    while (this.partitions.length < count) {
      for (const partition of [...this.partitions]) {
        this.split(partition, Math.floor((partition.startHash + partition.endHash) / 2), nowMs);
      }
    }
  }

  /** Records a served write for the heat map and the split-for-heat rule. */
  recordWrite(partition: Partition, hash: number, units: number): void {
    partition.current.writeUnits += units;
    if (hash < partition.minHashSeen) partition.minHashSeen = hash;
    if (hash > partition.maxHashSeen) partition.maxHashSeen = hash;
  }

  /** Closes the current one-second window. */
  rollSecond(): void {
    for (const partition of this.partitions) {
      partition.lastSecond = partition.current;
      partition.current = emptyLoad();
      partition.minHashSeen = HASH_SPACE;
      partition.maxHashSeen = -1;
    }
  }
}
