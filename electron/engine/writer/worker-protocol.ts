import type { ClientTarget } from '../dynamo/client-target';
import type { WriteMode } from '../../../shared/write-mode';

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
  /** How an item whose key exists is treated; insert-only and merge write item by item. */
  writeMode: WriteMode;
  /** Consecutive transient failures of one batch before the job is failed. */
  maxTransientAttempts: number;
}

/** One item of a batch, as the worker needs it (where it came from stays on the main thread). */
export interface BatchEntry {
  ordinal: number;
  /** The item as wire JSON (`encodeWireItem`): binary as base64. */
  item: string;
  wcu: number;
}

/**
 * A batch to write: at most 25 items, no two with the same key. Column-wise, so that the
 * structured clone copies three flat arrays instead of an object per item (the copy was
 * a quarter of the main thread's time per item when batches were objects of objects).
 */
export interface WriteBatch {
  id: number;
  ordinals: number[];
  /** Each item's estimated write units. */
  wcus: number[];
  /** Each item as wire JSON. */
  items: string[];
}

/** The entries of a batch message. */
export function batchEntries(batch: WriteBatch): BatchEntry[] {
  const entries: BatchEntry[] = new Array<BatchEntry>(batch.ordinals.length);
  for (let i = 0; i < entries.length; i++) entries[i] = { ordinal: batch.ordinals[i]!, item: batch.items[i]!, wcu: batch.wcus[i]! };
  return entries;
}

/** An item the table refused for its own content (not for capacity). */
export interface RejectedEntry {
  ordinal: number;
  reason: string;
  /** The item as sent (wire JSON): the job keeps no copy of a batch's items once they are sent. */
  item: string;
}

/** The result of one batch, posted when every item in it is settled or the job stops. */
export interface BatchOutcome {
  id: number;
  /** Ordinals written. */
  written: number[];
  /** Ordinals left alone because their key was already in the table (insert-only). */
  skipped: number[];
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

/**
 * Main thread -> worker: a batch travels as one string (`encodeBatchMessage`), which
 * postMessage copies in about 2 µs; the same batch as an object of arrays took 6 to 14 µs
 * and as objects per item far more (the clone walks every value on both threads).
 */
export type ToWriter = string | { type: 'drain' };

/**
 * A batch as one line of header (`id ordinals wcus`, numbers comma-separated) followed by
 * one line per item. Wire JSON never holds a raw newline (JSON escapes control
 * characters), so newlines separate the items safely.
 */
export function encodeBatchMessage(batch: WriteBatch): string {
  return `${batch.id} ${batch.ordinals.join(',')} ${batch.wcus.join(',')}\n${batch.items.join('\n')}`;
}

/** The batch of an `encodeBatchMessage` string. */
export function decodeBatchMessage(text: string): WriteBatch {
  const lines = text.split('\n');
  const [id, ordinals, wcus] = lines[0]!.split(' ');
  return { id: Number(id), ordinals: ordinals!.split(',').map(Number), wcus: wcus!.split(',').map(Number), items: lines.slice(1) };
}

/**
 * Worker -> main thread. The usual outcome, a whole batch written, travels as a string
 * (`encodeWrittenOutcome`): the main thread knows the batch's ordinals already.
 */
export type FromWriter =
  | string
  | { type: 'ready' }
  | { type: 'outcome'; outcome: BatchOutcome }
  | { type: 'throttle'; reasons: string[]; items: number }
  | { type: 'retry'; reason: string }
  | { type: 'drained' };

/**
 * The outcome as a string when every item of the batch was written (`id consumedWcu
 * retried latencies`), else null: then the outcome goes as an object.
 */
export function encodeWrittenOutcome(outcome: BatchOutcome, batchSize: number): string | null {
  if (outcome.written.length !== batchSize || outcome.skipped.length > 0 || outcome.rejected.length > 0 || outcome.unsent.length > 0 || outcome.fatal) return null;
  return `${outcome.id} ${outcome.consumedWcu} ${outcome.retried} ${outcome.latenciesMs.join(',')}`;
}

/** The outcome of an `encodeWrittenOutcome` string, given the batch's ordinals (all written). */
export function decodeWrittenOutcome(text: string, ordinalsOf: (id: number) => number[]): BatchOutcome {
  const [id, consumedWcu, retried, latencies] = text.split(' ');
  const batchId = Number(id);
  return {
    id: batchId, written: ordinalsOf(batchId), skipped: [], rejected: [], unsent: [],
    consumedWcu: Number(consumedWcu), retried: Number(retried),
    latenciesMs: latencies ? latencies.split(',').map(Number) : [], fatal: null,
  };
}
