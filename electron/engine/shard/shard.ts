/**
 * Shards: the pieces a job's input is cut into. A shard can be done, checkpointed and
 * resumed on its own, so its input, its checkpoint and its outcome are plain data (JSON):
 * a shard may later run in another process or on another machine (a BullMQ queue), and
 * nothing in it may name a handle, a function or a thread.
 */
import type { ErrorInfo } from '../../../shared/job-status';

/**
 * Where a byte-range shard's bytes come from: an entry of the job's source, named so any
 * reader can find it again. `name` is a local path today; an S3 object is named
 * `s3://bucket/key` (with its ETag in `version`, so a changed object is noticed).
 */
export interface SourceEntryRef {
  name: string;
  sizeBytes: number;
  /** The entry's version when the plan was made (an S3 ETag, a file's mtime); null when unknown. */
  version: string | null;
}

/** Where a byte-range shard that starts inside its entry begins (see the `byte-range` input). */
export interface RangeStart {
  line: number;
  firstOrdinal: number;
  /** Field count of the entry's first row (-1 for the entry's start or JSON lines). */
  expectedFields: number;
  /** The entry's header columns (null: read from the range's own first row). */
  columns: string[] | null;
}

/** What one shard reads: a byte range of a source entry, a set of scan segments, or a set of query slots. */
export type ShardInput =
  | {
      kind: 'byte-range';
      entry: SourceEntryRef;
      /** First byte of the range (a record boundary, or 0). */
      startByte: number;
      /** One past the last byte; `entry.sizeBytes` for the whole entry. */
      endByte: number;
      /**
       * For a range past an entry's start that an index pass found (a fleet load of one big
       * text object): its first record's line and ordinal in the entry, the entry's field
       * count and header columns, so the range is read on its own as a whole read would.
       */
      from?: RangeStart;
    }
  | {
      kind: 'scan-segments';
      table: string;
      /** Segment numbers of a parallel scan of `totalSegments`. */
      segments: number[];
      totalSegments: number;
    }
  | {
      kind: 'query-slots';
      table: string;
      indexName: string | null;
      /** Slot numbers of a query split into `totalSlots` parts. */
      slots: number[];
      totalSlots: number;
    };

/** Where a shard is: not started (or to be resumed), running, done, or failed. */
export type ShardState = 'pending' | 'running' | 'done' | 'failed';

/** Counts of one shard; a job's totals are the sum over its shards plus what the job counts itself. */
export interface ShardCounts {
  read: number;
  written: number;
  rejected: number;
}

/** How a shard ended. */
export interface ShardOutcome {
  state: 'done' | 'failed';
  counts: ShardCounts;
  error: ErrorInfo | null;
}

/**
 * One shard as the lifecycle keeps it and a checkpoint stores it. `checkpoint` is the
 * executor's own resume point (a segment's ExclusiveStartKey, a byte offset, a set of
 * finished ordinals); the lifecycle never looks inside, it hands it back on resume.
 */
export interface ShardRecord<C = unknown> {
  id: string;
  input: ShardInput;
  state: ShardState;
  checkpoint: C | null;
  outcome: ShardOutcome | null;
}

/** A new, pending shard. */
export function pendingShard<C>(id: string, input: ShardInput): ShardRecord<C> {
  return { id, input, state: 'pending', checkpoint: null, outcome: null };
}

/** All-zero shard counts. */
export function emptyShardCounts(): ShardCounts {
  return { read: 0, written: 0, rejected: 0 };
}

/** A shard's input in words, for logs and errors. */
export function describeShardInput(input: ShardInput): string {
  switch (input.kind) {
    case 'byte-range':
      return input.startByte === 0 && input.endByte === input.entry.sizeBytes
        ? input.entry.name
        : `${input.entry.name} bytes ${input.startByte}-${input.endByte}`;
    case 'scan-segments':
      return `${input.table} segment${input.segments.length === 1 ? '' : 's'} ${input.segments.join(', ')} of ${input.totalSegments}`;
    case 'query-slots':
      return `${input.table}${input.indexName ? `/${input.indexName}` : ''} slot${input.slots.length === 1 ? '' : 's'} ${input.slots.join(', ')} of ${input.totalSlots}`;
  }
}
