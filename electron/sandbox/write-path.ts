/**
 * The write paths of the DynamoDB front (PutItem, UpdateItem, DeleteItem and
 * BatchWriteItem), each in the same order: look the table up, validate everything
 * DynamoDB refuses without reading the item, hash, admit against the capacity model,
 * let dynalite write, settle the exact charge.
 */
import { indexWrites } from './index-writes';
import { itemSizeBytes, writeUnitsForBytes, type Item } from './item-size';
import { consumedCapacity, fromError, hashOf, hasIndexes, indexHash, isConditionFailure, keyOf, runAdmitted, throttled, type Answer, type Data, type FrontContext, type FrontTable } from './front-context';
import { hashOfStorageKey, type ChargePart, type ConsumedUnits, type PlannedCharge, type TableModel } from './table-model';
import { ok } from './table-control';
import { validationError } from './throttle-errors';
import type { ThrottleEvent } from './throttle-reasons';

/** PutItem, UpdateItem or DeleteItem. */
export async function singleWrite(ctx: FrontContext, op: 'PutItem' | 'UpdateItem' | 'DeleteItem', data: Data): Promise<Answer> {
  const t = await ctx.table(data.TableName);
  if (!t) return ok(await ctx.engine.run(op, data));
  const item = (op === 'PutItem' ? data.Item : data.Key) as Item;
  // Everything DynamoDB refuses without looking at the item is refused before admission.
  const invalid =
    op === 'PutItem'
      ? ctx.engine.validateItem(t.stored, item)
      : (ctx.engine.validateKey(t.stored, item) ?? (op === 'UpdateItem' ? ctx.engine.validateUpdates(t.stored, data) : undefined));
  if (invalid) return fromError(invalid);
  const nowMs = ctx.model.now();
  const hash = hashOf(ctx.engine, t.stored, item);
  const withIndexes = hasIndexes(t.model);
  const before = withIndexes ? await ctx.engine.getItem(t.stored, op === 'PutItem' ? keyOf(t, item) : item) : undefined;
  const hashOfIndex = indexHash(ctx.engine, t.stored);
  const planned: PlannedCharge[] = [
    { hash, units: writeUnitsForBytes(Math.max(op === 'PutItem' ? itemSizeBytes(item) : 0, itemSizeBytes(before))) },
    // An update is planned as if index keys stay put; the settle step charges the truth.
    ...indexWrites(t.model.schema, before, op === 'PutItem' ? item : op === 'UpdateItem' ? before : undefined, hashOfIndex),
  ];
  const admission = t.model.admit('Write', planned, nowMs);
  if (!admission.ok) {
    t.model.operationMetrics.throttledRequest(op, nowMs);
    return throttled(t, admission.events);
  }
  return runAdmitted(ctx, t, op, data, {
    operation: 'Write',
    parts: admission.parts,
    nowMs,
    // A failed condition still consumes what was planned, as in DynamoDB; a refusal
    // that depends on the item (an operand of the wrong type) consumes nothing.
    chargeOnError: (error) => (isConditionFailure(error) ? planned : []),
    actual: async (reported) => {
      const baseUnits = reported ?? (planned[0] as PlannedCharge).units;
      if (!withIndexes) return [{ hash, units: baseUnits }];
      const after = op === 'PutItem' ? item : op === 'UpdateItem' ? await ctx.engine.getItem(t.stored, item) : undefined;
      return [{ hash, units: baseUnits }, ...indexWrites(t.model.schema, before, after, hashOfIndex)];
    },
  });
}

/** BatchWriteItem: one bad request refuses the batch; throttled items come back unprocessed. */
export async function batchWrite(ctx: FrontContext, data: Data, raw: Data): Promise<Answer> {
  const requestItems = data.RequestItems as Record<string, Data[]>;
  const rawItems = (raw.RequestItems ?? {}) as Record<string, unknown[]>;
  const tables = new Map<string, FrontTable>();
  for (const name of Object.keys(requestItems)) {
    const t = await ctx.table(name);
    if (!t) return ok(await ctx.engine.run('BatchWriteItem', data));
    tables.set(name, t);
  }
  // Validate everything first: one bad request rejects the whole batch. Storage keys
  // (an md5 each) are kept for the partition hash below.
  const storageKeys = new Map<string, string[]>();
  for (const [name, reqs] of Object.entries(requestItems)) {
    const t = tables.get(name) as FrontTable;
    const seen = new Set<string>();
    const keys: string[] = [];
    storageKeys.set(name, keys);
    for (const req of reqs) {
      const put = (req.PutRequest as Data | undefined)?.Item as Item | undefined;
      const key = (req.DeleteRequest as Data | undefined)?.Key as Item | undefined;
      const invalid = put ? ctx.engine.validateItem(t.stored, put) : key ? ctx.engine.validateKey(t.stored, key) : undefined;
      if (invalid) {
        if (/Missing the key|Type mismatch for key/.test(invalid.body.message ?? '')) invalid.body.message = 'The provided key element does not match the schema';
        return fromError(invalid);
      }
      const storageKey = ctx.engine.storageKey(t.stored, (put ?? key) as Item);
      if (seen.has(storageKey)) return validationError('Provided list of item keys contains duplicates');
      seen.add(storageKey);
      keys.push(storageKey);
    }
  }
  const nowMs = ctx.model.now();
  const clientMode = data.ReturnConsumedCapacity;
  const unprocessed: Record<string, unknown[]> = {};
  const events: ThrottleEvent[] = [];
  let admittedCount = 0;
  type Job = { t: FrontTable; put?: Item; key?: Item; hash: number; before?: Item; parts: ChargePart[]; planned: PlannedCharge[] };
  const jobs: Job[] = [];
  for (const [name, reqs] of Object.entries(requestItems)) {
    const t = tables.get(name) as FrontTable;
    const withIndexes = hasIndexes(t.model);
    const hashOfIndex = indexHash(ctx.engine, t.stored);
    const befores = withIndexes
      ? await Promise.all(reqs.map((req) => {
          const put = (req.PutRequest as Data | undefined)?.Item as Item | undefined;
          const key = (req.DeleteRequest as Data | undefined)?.Key as Item | undefined;
          return ctx.engine.getItem(t.stored, put ? keyOf(t, put) : (key as Item));
        }))
      : undefined;
    let tableAdmitted = 0;
    const keys = storageKeys.get(name) as string[];
    reqs.forEach((req, i) => {
      const put = (req.PutRequest as Data | undefined)?.Item as Item | undefined;
      const key = (req.DeleteRequest as Data | undefined)?.Key as Item | undefined;
      const before = befores?.[i];
      const hash = hashOfStorageKey(keys[i] as string);
      const planned: PlannedCharge[] = [
        { hash, units: writeUnitsForBytes(Math.max(itemSizeBytes(put), itemSizeBytes(before))) },
        ...(withIndexes ? indexWrites(t.model.schema, before, put, hashOfIndex) : []),
      ];
      const admission = t.model.admit('Write', planned, nowMs);
      if (!admission.ok) {
        events.push(...admission.events);
        (unprocessed[name] ??= []).push(rawItems[name]?.[i] ?? req);
        return;
      }
      tableAdmitted++;
      jobs.push({ t, hash, parts: admission.parts, planned, ...(put ? { put } : {}), ...(key ? { key } : {}), ...(before ? { before } : {}) });
    });
    if (tableAdmitted === 0 && reqs.length > 0) t.model.operationMetrics.throttledRequest('BatchWriteItem', nowMs);
    admittedCount += tableAdmitted;
  }
  if (admittedCount === 0 && events.length > 0) {
    const first = tables.values().next().value as { model: TableModel };
    return throttled(first, events);
  }
  const results = await Promise.allSettled(
    jobs.map((job) =>
      ctx.engine.run(job.put ? 'PutItem' : 'DeleteItem', {
        TableName: job.t.model.name,
        ...(job.put ? { Item: job.put } : { Key: job.key }),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    ),
  );
  const perTable = new Map<string, ConsumedUnits & { model: TableModel }>();
  let failure: unknown;
  results.forEach((result, i) => {
    const job = jobs[i] as Job;
    let actual = job.planned;
    if (result.status === 'fulfilled') {
      const baseUnits = (result.value.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? (job.planned[0] as PlannedCharge).units;
      actual = [{ hash: job.hash, units: baseUnits }, ...job.planned.slice(1)];
    } else failure ??= result.reason;
    const units = job.t.model.settle('Write', job.parts, actual);
    const acc = perTable.get(job.t.model.name) ?? { model: job.t.model, table: 0, indexes: new Map<string, number>(), localIndexes: new Map<string, number>() };
    acc.table += units.table;
    for (const [n, u] of units.indexes) acc.indexes.set(n, (acc.indexes.get(n) ?? 0) + u);
    for (const [n, u] of units.localIndexes) acc.localIndexes.set(n, (acc.localIndexes.get(n) ?? 0) + u);
    perTable.set(job.t.model.name, acc);
  });
  const consumed: Data[] = [];
  for (const [name, acc] of perTable) {
    acc.model.recordConsumption('Write', acc, nowMs);
    const cc = consumedCapacity(clientMode, name, 'Write', acc);
    if (cc) consumed.push(cc);
  }
  if (failure !== undefined) throw failure;
  const body: Data = { UnprocessedItems: unprocessed };
  if (clientMode === 'TOTAL' || clientMode === 'INDEXES') body.ConsumedCapacity = consumed;
  return ok(body);
}

