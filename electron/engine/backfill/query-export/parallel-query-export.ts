import { classifyError } from '../../dynamo/classify-error';
import type { ClientTarget } from '../../dynamo/client-target';
import { createLeanDynamoClient } from '../lean-dynamo-client';
import type { WireItem } from '../wire-item';
import { columnsOf, csvHeader, csvRow, jsonLine } from './export-format';
import { isDroppedBound, splitQuery, type QueryShape, type QuerySplit } from './query-split';

/** What to export and how. */
export interface QueryExportOptions {
  target: ClientTarget;
  shape: QueryShape;
  split: QuerySplit;
  /** Sub-queries running at once. */
  concurrency: number;
  format: 'jsonl' | 'csv';
  /** CSV columns; from the first items when absent. */
  columns?: string[];
  /** Key attribute names (CSV puts them first). */
  keyNames?: string[];
  /** Receives the output, a line at a time, in the order one Query would return the items. */
  write(line: string): void | Promise<void>;
}

/** What an export did. */
export interface QueryExportResult {
  items: number;
  subQueries: number;
  pages: number;
  consumedRcu: number;
  throttles: number;
  seconds: number;
  /** CSV: attributes of later items that were not in the columns (left out). */
  droppedColumns: string[];
}

interface QueryAnswer {
  Items?: WireItem[];
  LastEvaluatedKey?: WireItem;
  ConsumedCapacity?: { CapacityUnits?: number };
}

/**
 * Pulls a large item collection out of a table or GSI fast: the Query is split into
 * sub-queries over disjoint key ranges, they run in parallel (each paginating on its own),
 * and their results are written in the split's order, so the output is what one Query
 * would return, in its order. Results of later sub-queries wait in memory until their
 * turn; the first in line streams straight through.
 */
export async function exportQuery(options: QueryExportOptions): Promise<QueryExportResult> {
  const started = performance.now();
  const subQueries = splitQuery(options.shape, options.split);
  const client = createLeanDynamoClient(options.target, { maxSockets: Math.max(2, options.concurrency) });
  const buffers: WireItem[][] = subQueries.map(() => []);
  const finished: boolean[] = subQueries.map(() => false);
  const result: QueryExportResult = { items: 0, subQueries: subQueries.length, pages: 0, consumedRcu: 0, throttles: 0, seconds: 0, droppedColumns: [] };
  let columns: string[] | null = options.format === 'csv' ? (options.columns ?? null) : [];
  const dropped = new Set<string>();
  let emitting = 0;
  let writing: Promise<void> = Promise.resolve();

  const emit = async (items: WireItem[]) => {
    if (options.format === 'csv' && columns === null) {
      columns = columnsOf(items.slice(0, 1000), options.keyNames ?? []);
      await options.write(csvHeader(columns));
    }
    for (const item of items) {
      if (options.format === 'csv') {
        for (const name of Object.keys(item)) if (!columns!.includes(name)) dropped.add(name);
        await options.write(csvRow(item, columns!));
      } else await options.write(jsonLine(item));
      result.items++;
    }
  };

  // Writes whatever the sub-query in line has, then moves the line on past finished ones.
  const drain = () => {
    writing = writing.then(async () => {
      while (emitting < subQueries.length) {
        const ready = buffers[emitting]!.splice(0);
        if (ready.length) await emit(ready);
        if (!finished[emitting]) break;
        emitting++;
      }
    });
    return writing;
  };

  const runOne = async (index: number) => {
    const sub = subQueries[index]!;
    let start: WireItem | undefined;
    let throttles = 0;
    do {
      let answer: QueryAnswer;
      try {
        answer = await client.call<QueryAnswer>('Query', { ...sub.body, ...(start ? { ExclusiveStartKey: start } : {}) });
      } catch (error) {
        const kind = classifyError(error);
        if ((kind.kind === 'throttle' || kind.kind === 'transient') && throttles < 20) {
          throttles++;
          result.throttles++;
          await new Promise((r) => setTimeout(r, Math.min(2000, 25 * 2 ** throttles)));
          continue;
        }
        throw error;
      }
      result.pages++;
      result.consumedRcu += answer.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of answer.Items ?? []) if (!isDroppedBound(item, options.shape.sortKeyName, sub.dropSortKey)) buffers[index]!.push(item);
      start = answer.LastEvaluatedKey;
      // A failed write surfaces from the final drain below; here it must not go unhandled.
      if (index === emitting) drain().catch(() => undefined);
    } while (start);
    finished[index] = true;
    drain().catch(() => undefined);
  };

  try {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(options.concurrency, subQueries.length) }, async () => {
      while (next < subQueries.length) await runOne(next++);
    }));
    await drain();
    if (options.format === 'csv' && columns === null) await options.write(csvHeader(options.keyNames ?? []));
  } finally {
    client.destroy();
  }
  result.droppedColumns = [...dropped];
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
