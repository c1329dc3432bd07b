import { classifyError } from '../dynamo/classify-error';
import type { LeanHttp } from '../dynamo/lean-http';
import type { SharedTokenBucket } from '../governor/token-bucket';
import type { WriteMode } from '../../../shared/write-mode';
import { backoffMs } from '../dynamo/backoff';
import { takeCapacity, type BatchWriterEvents, type BatchWriterOptions } from './batch-writer';
import { consumedWcuOf, mergeUpdateBody, putIfAbsentBody } from './item-write-wire';
import type { BatchEntry, BatchOutcome, WriteBatch } from './worker-protocol';
import { foreignMessage } from '../../../shared/report/reject-reasons';

/** The write modes that cannot be batched: each item is its own conditional or update call. */
export type ItemByItemMode = Exclude<WriteMode, 'replace'>;

/**
 * Writes one batch an item at a time, for the write modes that keep what the table holds:
 * insert-only (a conditional PutItem; an item whose key exists is skipped, not an error)
 * and merge (an UpdateItem of the mapped attributes). The batch's items go out at once,
 * each taking its own capacity from the shared bucket first, so pause and rate changes
 * hold here as in the batch writer; throttles and transient failures are retried per item
 * with the same jittered backoff; a refused item is rejected; a fatal error settles the
 * rest of the batch as unsent (pending, for a resume).
 */
export async function writeItemByItem(
  http: Pick<LeanHttp, 'post'>,
  bucket: SharedTokenBucket,
  batch: WriteBatch,
  mode: ItemByItemMode,
  options: BatchWriterOptions,
  events: BatchWriterEvents,
): Promise<BatchOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const outcome: BatchOutcome = { id: batch.id, written: [], skipped: [], rejected: [], unsent: [], consumedWcu: 0, retried: 0, latenciesMs: [], fatal: null };
  const partitionKey = options.keyAttributes[0]!;
  const operation = mode === 'insert-only' ? 'PutItem' : 'UpdateItem';
  const bodyOf = (e: BatchEntry) =>
    mode === 'insert-only' ? putIfAbsentBody(options.table, e.item, partitionKey) : mergeUpdateBody(options.table, e.item, options.keyAttributes);

  const writeOne = async (entry: BatchEntry): Promise<void> => {
    const body = bodyOf(entry);
    let throttles = 0;
    let transientInARow = 0;
    for (;;) {
      if (outcome.fatal || (await takeCapacity(bucket, entry.wcu, sleep)) === 'closed') {
        outcome.unsent.push(entry.ordinal);
        return;
      }
      const started = performance.now();
      try {
        const answer = await http.post(operation, body);
        outcome.latenciesMs.push(performance.now() - started);
        outcome.consumedWcu += consumedWcuOf(answer);
        outcome.written.push(entry.ordinal);
        return;
      } catch (error) {
        outcome.latenciesMs.push(performance.now() - started);
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
          // The key is there: insert-only leaves the item alone. DynamoDB bills a failed
          // condition as a write of the item's size, and its answer does not say how much.
          outcome.consumedWcu += entry.wcu;
          outcome.skipped.push(entry.ordinal);
          return;
        }
        const kind = classifyError(error);
        if (kind.kind === 'throttle') {
          events.onThrottle(kind.reasons, 1);
          outcome.retried++;
          await sleep(backoffMs(++throttles, baseDelayMs, maxDelayMs));
        } else if (kind.kind === 'transient') {
          if (++transientInARow >= options.maxTransientAttempts) {
            outcome.fatal ??= { name: 'TransientErrorsExhausted', message: `The table kept failing (${transientInARow} errors in a row, last: ${describe(error)}); the job stops and can be resumed.` };
            outcome.unsent.push(entry.ordinal);
            return;
          }
          events.onRetry(describe(error));
          outcome.retried++;
          await sleep(backoffMs(transientInARow, baseDelayMs, maxDelayMs));
        } else if (kind.kind === 'validation') {
          outcome.rejected.push({ ordinal: entry.ordinal, reason: `DynamoDB refused the item: ${foreignMessage(kind.message)}`, item: entry.item });
          return;
        } else {
          outcome.fatal ??= { name: kind.name, message: kind.message };
          outcome.unsent.push(entry.ordinal);
          return;
        }
      }
    }
  };

  await Promise.all(batch.entries.map(writeOne));
  return outcome;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
