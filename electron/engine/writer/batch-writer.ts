import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { classifyError } from '../dynamo/classify-error';
import type { SharedTokenBucket } from '../governor/token-bucket';
import type { BatchWriteTransport } from './batch-write-transport';
import { type BatchEntry, type BatchOutcome, type RejectedEntry, type WriteBatch } from './worker-protocol';
import { backoffMs } from '../dynamo/backoff';
import { foreignMessage } from '../../../shared/report/reject-reasons';

/** What the batch writer tells its host while it works (for the governor and the log). */
export interface BatchWriterEvents {
  onThrottle(reasons: string[], items: number): void;
  onRetry(reason: string): void;
}

/** Tuning of retries. */
export interface BatchWriterOptions {
  table: string;
  /** The table's key attribute names, to match UnprocessedItems back to entries. */
  keyAttributes: string[];
  maxTransientAttempts: number;
  /** Base delay of the jittered exponential backoff. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Writes one batch through BatchWriteItem until every item is written, refused by the
 * table for its content, or left unsent because the job is stopping. Capacity is taken
 * from the shared token bucket before every request, so a pause or a rate change holds
 * here too; unprocessed items are re-sent alone, after a jittered backoff.
 */
export async function writeBatch(
  transport: BatchWriteTransport,
  bucket: SharedTokenBucket,
  batch: WriteBatch,
  options: BatchWriterOptions,
  events: BatchWriterEvents,
): Promise<BatchOutcome> {
  const sleep = options.sleep ?? defaultSleep;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const outcome: BatchOutcome = { id: batch.id, written: [], skipped: [], rejected: [], unsent: [], consumedWcu: 0, retried: 0, latenciesMs: [], fatal: null };

  // Work list: groups to send; a validation failure splits a group into single items.
  const queue: BatchEntry[][] = [batch.entries];
  let attempt = 0;
  let transientInARow = 0;

  while (queue.length > 0) {
    const entries = queue.shift()!;
    const units = entries.reduce((sum, e) => sum + e.wcu, 0);
    const take = await takeCapacity(bucket, units, sleep);
    if (take === 'closed') {
      for (const group of [entries, ...queue]) for (const e of group) outcome.unsent.push(e.ordinal);
      return outcome;
    }

    const started = performance.now();
    try {
      const answer = await transport.batchWriteItems(options.table, entries.map((e) => e.item));
      outcome.latenciesMs.push(performance.now() - started);
      transientInARow = 0;
      outcome.consumedWcu += answer.consumedWcu;
      const unprocessed = answer.unprocessed;
      if (unprocessed.length === 0) {
        for (const e of entries) outcome.written.push(e.ordinal);
        attempt = 0;
        continue;
      }
      const left = matchUnprocessed(entries, unprocessed, options.keyAttributes);
      const leftSet = new Set(left);
      for (const e of entries) if (!leftSet.has(e)) outcome.written.push(e.ordinal);
      events.onThrottle(['UnprocessedItems'], left.length);
      outcome.retried += left.length;
      attempt++;
      queue.unshift(left);
      await sleep(backoffMs(attempt, baseDelayMs, maxDelayMs));
    } catch (error) {
      outcome.latenciesMs.push(performance.now() - started);
      const kind = classifyError(error);
      if (kind.kind === 'throttle') {
        events.onThrottle(kind.reasons, entries.length);
        outcome.retried += entries.length;
        attempt++;
        queue.unshift(entries);
        await sleep(backoffMs(attempt, baseDelayMs, maxDelayMs));
      } else if (kind.kind === 'transient') {
        transientInARow++;
        if (transientInARow >= options.maxTransientAttempts) {
          outcome.fatal = { name: 'TransientErrorsExhausted', message: `The table kept failing (${transientInARow} errors in a row, last: ${describe(error)}); the job stops and can be resumed.` };
          for (const group of [entries, ...queue]) for (const e of group) outcome.unsent.push(e.ordinal);
          return outcome;
        }
        events.onRetry(describe(error));
        outcome.retried += entries.length;
        queue.unshift(entries);
        await sleep(backoffMs(transientInARow, baseDelayMs, maxDelayMs));
      } else if (kind.kind === 'validation') {
        if (entries.length > 1) {
          // One bad item refuses the whole request: send them one by one to find it.
          for (let i = entries.length - 1; i >= 0; i--) queue.unshift([entries[i]!]);
        } else {
          outcome.rejected.push(toRejected(entries[0]!, `DynamoDB refused the item: ${foreignMessage(kind.message)}`));
        }
      } else {
        outcome.fatal = { name: kind.name, message: kind.message };
        for (const group of [entries, ...queue]) for (const e of group) outcome.unsent.push(e.ordinal);
        return outcome;
      }
    }
  }
  return outcome;
}

/** Waits for capacity; a pause holds here until resumed, a close gives up. */
export async function takeCapacity(bucket: SharedTokenBucket, units: number, sleep: (ms: number) => Promise<void>): Promise<'granted' | 'closed'> {
  for (;;) {
    const result = bucket.tryTake(units);
    switch (result.kind) {
      case 'granted':
        return 'granted';
      case 'closed':
        return 'closed';
      case 'paused':
        await sleep(10);
        break;
      case 'wait':
        await sleep(result.waitMs);
        break;
    }
  }
}

/**
 * Finds the entries an UnprocessedItems list refers to, by their primary key. Keys are
 * compared as wire text (binary as base64), so neither the entries' item texts nor the
 * lean transport's answer are decoded to bytes; the SDK's answer holds bytes, which are
 * put in base64 here.
 */
function matchUnprocessed(entries: BatchEntry[], unprocessed: WriteRequest[], keyAttributes: string[]): BatchEntry[] {
  const wanted = new Set<string>();
  for (const request of unprocessed) {
    const item = request.PutRequest?.Item;
    if (item) wanted.add(wireKeyText(item as Record<string, unknown>, keyAttributes));
  }
  return entries.filter((e) => wanted.has(wireKeyText(JSON.parse(e.item) as Record<string, unknown>, keyAttributes)));
}

/** An item's key values as one text, binary as base64 whether it came as bytes or as base64. */
function wireKeyText(item: Record<string, unknown>, keyAttributes: string[]): string {
  return JSON.stringify(keyAttributes.map((name) => {
    const value = item[name] as { B?: unknown } | undefined;
    return value?.B instanceof Uint8Array ? { B: Buffer.from(value.B.buffer, value.B.byteOffset, value.B.byteLength).toString('base64') } : value;
  }));
}

function toRejected(entry: BatchEntry, reason: string): RejectedEntry {
  return { ordinal: entry.ordinal, reason, item: entry.item };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
