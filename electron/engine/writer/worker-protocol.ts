import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ClientTarget } from '../dynamo/client-target';

/**
 * Messages between the job manager (main thread) and its sender workers. Plain data,
 * structured-cloned; the rate itself travels through the shared token bucket, not here.
 */

/** What a sender worker is started with. */
export interface WriterWorkerData {
  target: ClientTarget;
  table: string;
  /** The table's key attribute names. */
  keyAttributes: string[];
  bucket: SharedArrayBuffer;
  maxSockets: number;
  /** Which BatchWriteTransport the worker uses. */
  transport: 'sdk' | 'lean';
  /** Consecutive transient failures of one batch before the job is failed. */
  maxTransientAttempts: number;
}

/** One item of a batch, as the worker needs it (where it came from stays on the main thread). */
export interface BatchEntry {
  ordinal: number;
  item: Record<string, AttributeValue>;
  key: string;
  wcu: number;
}

/** A batch to write: at most 25 items, no two with the same key. */
export interface WriteBatch {
  id: number;
  entries: BatchEntry[];
}

/** An item the table refused for its own content (not for capacity). */
export interface RejectedEntry {
  ordinal: number;
  reason: string;
}

/** The result of one batch, posted when every item in it is settled or the job stops. */
export interface BatchOutcome {
  id: number;
  /** Ordinals written. */
  written: number[];
  /** Ordinals refused by the table with a reason (bad item). */
  rejected: RejectedEntry[];
  /** Ordinals never sent because the job stopped: still pending. */
  unsent: number[];
  consumedWcu: number;
  retried: number;
  latenciesMs: number[];
  /** Set when the batch hit an error that should stop the job. */
  fatal: { name: string; message: string } | null;
}

/** Main thread -> worker. */
export type ToWriter = { type: 'batch'; batch: WriteBatch } | { type: 'drain' };

/** Worker -> main thread. */
export type FromWriter =
  | { type: 'ready' }
  | { type: 'outcome'; outcome: BatchOutcome }
  | { type: 'throttle'; reasons: string[]; items: number }
  | { type: 'retry'; reason: string }
  | { type: 'drained' };
