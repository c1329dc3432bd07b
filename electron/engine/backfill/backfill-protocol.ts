import type { BackfillJobSpec } from '../../../shared/backfill-spec';
import type { ClientTarget } from '../dynamo/client-target';
import type { RunMessage } from '../lifecycle/job-threads';
import type { WireItem } from './wire-item';

/**
 * Messages between a backfill job (main thread) and its scan workers. Plain data,
 * structured-cloned; rates travel through the two shared token buckets, not here.
 *
 * A page's life: the worker scans it and plans its writes, and tells the job (`page`);
 * the job makes the plan durable in its checkpoint and only then lets the writes go
 * (`release`); the worker writes and reports (`page-done`). A crash therefore never
 * loses the memory of a write that may have happened.
 */

/** Where a worker starts one of its segments. */
export interface SegmentStart {
  segment: number;
  /** ExclusiveStartKey of the next page; null: the segment's beginning. */
  startKey: WireItem | null;
  /** Keys the job had planned to change in pages that were in flight at a crash (see BackfillJob). */
  replayKeys: string[];
}

/** What a scan worker is started with. */
export interface BackfillWorkerData {
  workerIndex: number;
  target: ClientTarget;
  /** The copy target's connection, when it differs. */
  copyTarget: ClientTarget | null;
  spec: BackfillJobSpec;
  keyNames: string[];
  targetKeyNames: string[] | null;
  totalSegments: number;
  segments: SegmentStart[];
  readBucket: SharedArrayBuffer;
  writeBucket: SharedArrayBuffer;
  /** Trial: plan but never write. */
  trial: boolean;
  seed: number;
  /** Items planned but not yet written that a worker may hold (read-ahead). */
  maxBufferedItems: number;
}

/** An item the job could not process, for the rejects file. */
export interface FailedItem {
  key: string;
  reason: string;
  raw: string;
}

/** One before/after example of a trial. */
export interface ChangeExample {
  before: WireItem;
  after: WireItem | null | 'unknown';
  request: Record<string, unknown>;
}

/** A page read and planned. */
export interface PageRead {
  pageId: string;
  segment: number;
  startKey: WireItem | null;
  /** Null: the segment ends with this page. */
  nextKey: WireItem | null;
  scanned: number;
  unchanged: number;
  /** Read-only operations: matching items. */
  matched: number;
  /** Items the operation could not process. */
  failed: FailedItem[];
  /** Keys of the items this page will write. */
  plannedKeys: string[];
  /** Replay keys (from an earlier crash) seen in this page and already in their changed state: counted as changed. */
  replayChanged: number;
  /** Replay keys seen in this page. */
  replaySeen: string[];
  /** Last page of a segment: replay keys never seen again, by whether the item still exists. */
  leftover: { absent: number; present: number } | null;
  consumedRcu: number;
  /** Find: the matching items. */
  found: WireItem[];
  /** Trial: would-be writes, their WCU and a few examples. */
  trialWrites: number;
  trialWcu: number;
  examples: ChangeExample[];
  itemBytes: number;
}

/** The outcome of a page's writes. */
export interface PageDone {
  pageId: string;
  changed: number;
  skipped: number;
  failed: FailedItem[];
  consumedWcu: number;
  retried: number;
  latenciesMs: number[];
}

/** Main thread -> worker. */
export type ToBackfillWorker = { type: 'release'; pageIds: string[] } | { type: 'stop' } | RunMessage<BackfillWorkerData>;

/** Worker -> main thread. */
export type FromBackfillWorker =
  | { type: 'ready' }
  | { type: 'page'; page: PageRead }
  | { type: 'page-done'; done: PageDone }
  | { type: 'throttle'; side: 'read' | 'write'; reasons: string[] }
  | { type: 'retry'; reason: string }
  | { type: 'fatal'; error: { name: string; message: string } }
  /** Every segment is finished (or the job stopped) and nothing is in flight. */
  | { type: 'finished' };
