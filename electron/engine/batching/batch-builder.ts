import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { writeUnitsForSize } from '../../../shared/capacity/capacity-units';

/**
 * Groups mapped items into BatchWriteItem-sized batches. DynamoDB takes at most 25 put
 * requests and 16 MB per call, and rejects a whole call that holds one key twice
 * ("Provided list of item keys contains duplicates"), so a batch never does.
 */

/** DynamoDB's limit of requests in one BatchWriteItem. */
export const MAX_BATCH_ITEMS = 25;
/** DynamoDB's limit of one BatchWriteItem request's size. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** What the builder needs of a mapped record; any other members ride along to the batch. */
export interface BatchInput {
  ordinal: number;
  item: Record<string, AttributeValue>;
  /** The canonical key text (from the mapper); equal texts are the same DynamoDB key. */
  key: string;
  sizeBytes: number;
}

/** A mapped record with where it came from: what the load engine batches (the default). */
export interface SourcedBatchInput extends BatchInput {
  file: string;
  line: number;
  /** Byte offset of the record in its file (decompressed for gzip). */
  offset: number;
  raw: string;
}

/** A record that lost to a later record with the same key in the same batch. */
export type Superseded<T extends BatchInput> = T & {
  /** The record written instead (the later one in the input, by ordinal). */
  supersededByOrdinal: number;
  supersededByLine: number | undefined;
};

/** One BatchWriteItem's worth of puts. */
export interface Batch<T extends BatchInput> {
  /** Increasing per builder, from 1. */
  id: number;
  entries: (T & { wcu: number })[];
  /** Ordinals of the entries, in order. */
  ordinals: number[];
  /**
   * Ordinals dropped from this batch for a later duplicate, with the ordinal that replaced
   * each: when this batch is written, they are written too (by the later record).
   */
  superseded: { ordinal: number; byOrdinal: number }[];
  /** Estimated write units: each item's size rounded up to 1 KB (DOMAIN.md section 2). */
  wcu: number;
  /** Sum of the items' sizes. */
  bytes: number;
}

/** What one `add` produced. */
export interface AddResult<T extends BatchInput> {
  /** Batches completed by this add (zero or one). */
  batches: Batch<T>[];
  /** A record this add made redundant (the earlier of two with one key), if any. */
  superseded: Superseded<T>[];
}

/** Options of a batch builder. */
export interface BatchBuilderOptions {
  /** Items per batch, 1 to 25 (default 25): smaller batches give a rate limit finer steps. */
  maxItems?: number;
  /** Bytes per batch (default 16 MB). */
  maxBytes?: number;
}

/**
 * Accumulates items and hands out full batches; call `flush()` at the end of the input.
 * Within a batch, two records with one key keep the later record of the input (the
 * higher ordinal, since spreading changes arrival order). Across batches keys are not
 * tracked: batches may be sent in any order, so a key repeated far apart in the input is
 * written twice and the last write to arrive wins.
 */
export class BatchBuilder<T extends BatchInput = SourcedBatchInput> {
  private readonly maxItems: number;
  private readonly maxBytes: number;
  private entries: (T & { wcu: number })[] = [];
  private byKey = new Map<string, number>();
  private superseded: { ordinal: number; byOrdinal: number }[] = [];
  private bytes = 0;
  private wcu = 0;
  private nextId = 1;
  /** Records superseded by a later duplicate so far. */
  duplicates = 0;

  constructor(options: BatchBuilderOptions = {}) {
    this.maxItems = Math.min(MAX_BATCH_ITEMS, Math.max(1, Math.floor(options.maxItems ?? MAX_BATCH_ITEMS)));
    this.maxBytes = Math.min(MAX_BATCH_BYTES, options.maxBytes ?? MAX_BATCH_BYTES);
  }

  /** Adds one mapped record; the object becomes the batch entry (a `wcu` member is set on it). */
  add(input: T): AddResult<T> {
    const wcu = writeUnitsForSize(input.sizeBytes);
    const at = this.byKey.get(input.key);
    if (at !== undefined) {
      const existing = this.entries[at]!;
      this.duplicates++;
      const later = input.ordinal > existing.ordinal ? input : existing;
      const earlier = later === input ? existing : input;
      if (later === input) {
        this.bytes += input.sizeBytes - existing.sizeBytes;
        this.wcu += wcu - existing.wcu;
        this.entries[at] = withWcu(input, wcu);
      }
      this.superseded.push({ ordinal: earlier.ordinal, byOrdinal: later.ordinal });
      const { wcu: _dropped, ...earlierInput } = earlier as T & { wcu?: number };
      void _dropped;
      const lost = { ...(earlierInput as T), supersededByOrdinal: later.ordinal, supersededByLine: lineOf(later) };
      return { batches: [], superseded: [lost] };
    }
    let full: Batch<T> | null = null;
    if (this.entries.length > 0 && this.bytes + input.sizeBytes > this.maxBytes) full = this.take();
    this.byKey.set(input.key, this.entries.length);
    this.entries.push(withWcu(input, wcu));
    this.bytes += input.sizeBytes;
    this.wcu += wcu;
    if (this.entries.length >= this.maxItems) {
      const last = this.take();
      return { batches: full ? [full, last] : [last], superseded: NONE };
    }
    // Most adds complete nothing: one shared empty answer instead of three objects each.
    return full ? { batches: [full], superseded: NONE } : (NOTHING as AddResult<T>);
  }

  /** The last, partial batch at the end of the input (none when empty). */
  flush(): Batch<T>[] {
    return this.entries.length > 0 ? [this.take()] : [];
  }

  private take(): Batch<T> {
    const batch: Batch<T> = {
      id: this.nextId++,
      entries: this.entries,
      ordinals: this.entries.map((e) => e.ordinal),
      superseded: this.superseded,
      wcu: this.wcu,
      bytes: this.bytes,
    };
    this.entries = [];
    this.byKey.clear();
    this.superseded = [];
    this.bytes = 0;
    this.wcu = 0;
    return batch;
  }
}

/** What most adds return (never mutated by callers: they only read it). */
const NONE: never[] = [];
const NOTHING: AddResult<BatchInput> = Object.freeze({ batches: NONE, superseded: NONE }) as AddResult<BatchInput>;

/** Adds the WCU to the caller's object instead of copying it: one copy per item adds up at 100,000 items/s. */
function withWcu<T extends BatchInput>(input: T, wcu: number): T & { wcu: number } {
  const entry = input as T & { wcu: number };
  entry.wcu = wcu;
  return entry;
}

function lineOf(input: BatchInput): number | undefined {
  const line = (input as { line?: unknown }).line;
  return typeof line === 'number' ? line : undefined;
}
