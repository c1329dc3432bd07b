import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ClientTarget } from '../dynamo/client-target';
import { encodeWireItem } from './lean-wire';
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
  /** The item as wire JSON (`encodeWireItem`): binary as base64, exactly as it goes into a request body. */
  item: string;
  /** The item's estimated write units. */
  wcu: number;
}

/** A batch to write, as a sender worker holds it: at most 25 items, no two with the same key. */
export interface WriteBatch {
  id: number;
  entries: BatchEntry[];
}

/** A mapped item to send: what the job hands `encodeBatchMessage`. */
export interface OutgoingEntry {
  ordinal: number;
  wcu: number;
  item: Record<string, AttributeValue>;
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
 * A batch as the message a sender worker gets, written straight from the mapped items:
 * a line with the batch id, then one line per item, `ordinal wcu {wire JSON}`. Each item
 * is encoded here, once; its text is what the lean transport splices into the request
 * body. Wire JSON never holds a raw newline (JSON escapes control characters), so
 * newlines separate the items safely. The batch thus goes one way: the builder's
 * entries, one string across the thread, the writer's entries.
 */
export function encodeBatchMessage(id: number, entries: readonly OutgoingEntry[]): string {
  let text = String(id);
  for (const e of entries) text += `\n${e.ordinal} ${e.wcu} ${encodeWireItem(e.item)}`;
  return text;
}

/** The batch of an `encodeBatchMessage` string, in the shape the writers use. */
export function decodeBatchMessage(text: string): WriteBatch {
  let end = text.indexOf('\n');
  const id = Number(end < 0 ? text : text.slice(0, end));
  const entries: BatchEntry[] = [];
  while (end >= 0) {
    const start = end + 1;
    end = text.indexOf('\n', start);
    const line = end < 0 ? text.slice(start) : text.slice(start, end);
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    entries.push({ ordinal: Number(line.slice(0, first)), wcu: Number(line.slice(first + 1, second)), item: line.slice(second + 1) });
  }
  return { id, entries };
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
