/**
 * The read paths of the DynamoDB front (GetItem, Query, Scan and BatchGetItem): look the
 * table up, validate, hash to the partition (or index) read, admit an estimate, let
 * dynalite read, settle what the read really cost.
 */
import type { AttributeValue, Item } from './item-size';
import { consumedCapacity, fromError, hashOf, indexHash, runAdmitted, throttled, type Answer, type Data, type FrontContext, type FrontTable } from './front-context';
import { HASH_SPACE } from './partition-map';
import type { ChargePart, PlannedCharge, TableModel } from './table-model';
import { ok } from './table-control';
import { throttleError } from './throttle-errors';
import type { ThrottleEvent } from './throttle-reasons';

function readResource(t: { model: TableModel }, indexName: unknown): string | undefined {
  return typeof indexName === 'string' && t.model.indexes.has(indexName) ? indexName : undefined;
}

function readHash(ctx: FrontContext, op: 'GetItem' | 'Query' | 'Scan', t: FrontTable, data: Data, gsi: string | undefined): number {
  const hashAttribute = gsi !== undefined ? (t.model.schema.indexes.find((i) => i.name === gsi)?.hashAttribute ?? '') : t.model.schema.hashAttribute;
  const byValue = (value: AttributeValue | undefined) => (value === undefined ? 0 : indexHash(ctx.engine, t.stored)(hashAttribute, value));
  if (op === 'GetItem') return hashOf(ctx.engine, t.stored, data.Key as Item);
  if (op === 'Query') {
    const conditions = data.KeyConditions as Record<string, { AttributeValueList?: AttributeValue[] }> | undefined;
    return byValue(conditions?.[hashAttribute]?.AttributeValueList?.[0]);
  }
  const start = data.ExclusiveStartKey as Item | undefined;
  if (start) return byValue(start[hashAttribute]);
  if (typeof data.Segment === 'number' && typeof data.TotalSegments === 'number' && data.TotalSegments > 0) {
    return Math.min(HASH_SPACE - 1, Math.floor((HASH_SPACE * data.Segment) / data.TotalSegments));
  }
  return 0;
}

/** GetItem, Query or Scan. */
export async function singleRead(ctx: FrontContext, op: 'GetItem' | 'Query' | 'Scan', data: Data): Promise<Answer> {
  const t = await ctx.table(data.TableName);
  if (!t) return ok(await ctx.engine.run(op, data));
  if (op === 'GetItem') {
    const invalid = ctx.engine.validateKey(t.stored, data.Key as Item);
    if (invalid) return fromError(invalid);
  }
  const gsi = readResource(t, data.IndexName);
  const lsi = gsi === undefined && typeof data.IndexName === 'string' && t.model.schema.localIndexes?.some((i) => i.name === data.IndexName) ? data.IndexName : undefined;
  const nowMs = ctx.model.now();
  let hash: number;
  try {
    hash = readHash(ctx, op, t, data, gsi);
  } catch {
    // A start key or key condition whose type does not match the schema has no
    // partition: dynalite refuses it with DynamoDB's ValidationException.
    return ok(await ctx.engine.run(op, data));
  }
  const estimate = data.ConsistentRead === true ? 1 : 0.5;
  const charge = (units: number): PlannedCharge => (gsi !== undefined ? { indexName: gsi, hash, units } : lsi !== undefined ? { localIndexName: lsi, hash, units } : { hash, units });
  const admission = t.model.admit('Read', [charge(estimate)], nowMs);
  if (!admission.ok) {
    // Validate, then throttle: dynalite checks the request against the table (index,
    // start key, key conditions, paths) before it reads; one item is enough to know.
    await ctx.engine.run(op, op === 'GetItem' ? data : { ...data, Limit: 1 });
    t.model.operationMetrics.throttledRequest(op, nowMs);
    return throttled(t, admission.events);
  }
  return runAdmitted(ctx, t, op, data, {
    operation: 'Read',
    parts: admission.parts,
    nowMs,
    chargeOnError: () => [],
    actual: (reported) => [charge(reported ?? estimate)],
  });
}

/** BatchGetItem: keys refused by the model come back unprocessed. */
export async function batchGet(ctx: FrontContext, data: Data): Promise<Answer> {
  const requestItems = data.RequestItems as Record<string, Data>;
  const nowMs = ctx.model.now();
  const clientMode = data.ReturnConsumedCapacity;
  const admittedItems: Record<string, Data> = {};
  const unprocessed: Record<string, Data> = {};
  const events: ThrottleEvent[] = [];
  const jobs = new Map<string, { t: FrontTable; parts: ChargePart[]; hashes: number[] }>();
  let admittedCount = 0;
  for (const [name, request] of Object.entries(requestItems)) {
    const t = await ctx.table(name);
    if (!t) return ok(await ctx.engine.run('BatchGetItem', data));
    const keys = request.Keys as Item[];
    const estimate = request.ConsistentRead === true ? 1 : 0.5;
    const admitted: Item[] = [];
    const refused: Item[] = [];
    const job = { t, parts: [] as ChargePart[], hashes: [] as number[] };
    for (const key of keys) {
      const invalid = ctx.engine.validateKey(t.stored, key);
      if (invalid) return fromError(invalid);
      const hash = hashOf(ctx.engine, t.stored, key);
      const admission = t.model.admit('Read', [{ hash, units: estimate }], nowMs);
      if (admission.ok) {
        admitted.push(key);
        job.parts.push(...admission.parts);
        job.hashes.push(hash);
      } else {
        events.push(...admission.events);
        refused.push(key);
      }
    }
    if (admitted.length > 0) {
      admittedItems[name] = { ...request, Keys: admitted };
      jobs.set(name, job);
    } else if (keys.length > 0) t.model.operationMetrics.throttledRequest('BatchGetItem', nowMs);
    if (refused.length > 0) unprocessed[name] = { ...request, Keys: refused };
    admittedCount += admitted.length;
  }
  if (admittedCount === 0 && events.length > 0) {
    const first = [...Object.keys(requestItems)].map((n) => ctx.model.tables.get(n)).find((m) => m !== undefined);
    return throttleError(events, first?.table.settings.mode === 'PAY_PER_REQUEST');
  }
  const res = await ctx.engine.run('BatchGetItem', { ...data, RequestItems: admittedItems, ReturnConsumedCapacity: 'TOTAL' });
  const byTable = new Map<string, number>();
  for (const c of (res.ConsumedCapacity as { TableName: string; CapacityUnits: number }[] | undefined) ?? []) byTable.set(c.TableName, c.CapacityUnits);
  const consumed: Data[] = [];
  for (const [name, job] of jobs) {
    const total = byTable.get(name) ?? job.parts.reduce((s, p) => s + p.units, 0);
    const each = total / Math.max(1, job.hashes.length);
    const units = job.t.model.settle('Read', job.parts, job.hashes.map((hash) => ({ hash, units: each })));
    units.table = total;
    job.t.model.recordConsumption('Read', units, nowMs);
    const cc = consumedCapacity(clientMode, name, 'Read', units);
    if (cc) consumed.push(cc);
  }
  const merged = { ...((res.UnprocessedKeys as Record<string, Data> | undefined) ?? {}), ...unprocessed };
  const body: Data = { Responses: res.Responses ?? {}, UnprocessedKeys: merged };
  if (clientMode === 'TOTAL' || clientMode === 'INDEXES') body.ConsumedCapacity = consumed;
  return ok(body);
}

