/**
 * What every data-plane path of the DynamoDB front shares: the answer shape, the context
 * (dynalite, the model, the table lookup), hashing keys to partitions, and the
 * ConsumedCapacity a client asked for. The paths themselves are in write-path.ts and
 * read-path.ts; dynamodb-front.ts dispatches to them.
 */
import { isDynaliteError, type DynaliteEngine, type DynaliteOperation, type StoredTable } from './dynalite-engine';
import type { AttributeValue, Item } from './item-size';
import type { SandboxModel } from './sandbox-model';
import { ok } from './table-control';
import { hashOfStorageKey, type ChargePart, type ConsumedUnits, type PlannedCharge, type TableModel } from './table-model';
import { throttleError, type ErrorAnswer } from './throttle-errors';
import type { CapacityOperation, ThrottleEvent } from './throttle-reasons';

/** A JSON answer to one DynamoDB call. */
export interface Answer {
  status: number;
  body: unknown;
}

/** A request body as parsed JSON. */
export type Data = Record<string, unknown>;

/** A table as the data plane sees it: dynalite's stored description and the capacity model. */
export interface FrontTable {
  stored: StoredTable;
  model: TableModel;
}

/** What a data-plane path needs from the front. */
export interface FrontContext {
  engine: DynaliteEngine;
  model: SandboxModel;
  /** The table by name, registering tables found on disk; undefined when missing or not ACTIVE. */
  table(name: unknown): Promise<FrontTable | undefined>;
}

/** A dynalite refusal as an answer (anything else is rethrown). */
export function fromError(error: unknown): Answer {
  if (isDynaliteError(error)) return { status: error.statusCode, body: error.body };
  throw error;
}

/** Whether dynalite refused a write for its condition (such a write still consumes capacity). */
export function isConditionFailure(error: unknown): boolean {
  return isDynaliteError(error) && error.body.__type.endsWith('#ConditionalCheckFailedException');
}

/** ConsumedCapacity as the client asked for it (TOTAL or INDEXES), or undefined. */
export function consumedCapacity(mode: unknown, tableName: string, operation: CapacityOperation, units: ConsumedUnits): Data | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  let total = units.table;
  for (const n of units.indexes.values()) total += n;
  for (const n of units.localIndexes.values()) total += n;
  const field = operation === 'Write' ? 'WriteCapacityUnits' : 'ReadCapacityUnits';
  const out: Data = { TableName: tableName, CapacityUnits: total, [field]: total };
  if (mode === 'INDEXES') {
    out.Table = { CapacityUnits: units.table, [field]: units.table };
    const byIndex = (units: Map<string, number>): Data => {
      const each: Data = {};
      for (const [name, n] of units) each[name] = { CapacityUnits: n, [field]: n };
      return each;
    };
    if (units.localIndexes.size > 0) out.LocalSecondaryIndexes = byIndex(units.localIndexes);
    if (units.indexes.size > 0) out.GlobalSecondaryIndexes = byIndex(units.indexes);
  }
  return out;
}

/** The partition hash of an item or key: the first 6 hex digits of dynalite's storage key. */
export function hashOf(engine: DynaliteEngine, stored: StoredTable, keyOrItem: Item): number {
  return hashOfStorageKey(engine.storageKey(stored, keyOrItem));
}

/** The partition hash of an index key value, for a table's indexes. */
export function indexHash(engine: DynaliteEngine, stored: StoredTable) {
  return (attributeName: string, value: AttributeValue) =>
    hashOfStorageKey(engine.storageKey(stored, { [attributeName]: value }, [{ AttributeName: attributeName, KeyType: 'HASH' }]));
}

/** Whether a table has secondary indexes (global or local), whose writes need the item before. */
export function hasIndexes(model: TableModel): boolean {
  return model.schema.indexes.length > 0 || (model.schema.localIndexes?.length ?? 0) > 0;
}

/** The primary key of an item. */
export function keyOf(t: { model: TableModel }, item: Item): Item {
  const s = t.model.schema;
  const key: Item = { [s.hashAttribute]: item[s.hashAttribute] as AttributeValue };
  if (s.rangeAttribute) key[s.rangeAttribute] = item[s.rangeAttribute] as AttributeValue;
  return key;
}

/** The throughput error for a refused request, worded for the table's billing mode. */
export function throttled(t: { model: TableModel }, events: ThrottleEvent[]): ErrorAnswer {
  return throttleError(events, t.model.table.settings.mode === 'PAY_PER_REQUEST');
}

/** How an admitted single-item request is settled once dynalite has answered (or refused). */
export interface AdmittedRequest {
  operation: CapacityOperation;
  /** The parts the model admitted. */
  parts: ChargePart[];
  /** When the request was admitted. */
  nowMs: number;
  /** What a refusal consumes: nothing, or (a failed condition) what was planned. */
  chargeOnError(error: unknown): PlannedCharge[];
  /** What the request really consumed, from the units dynalite reported (if any). */
  actual(reportedUnits: number | undefined): PlannedCharge[] | Promise<PlannedCharge[]>;
}

/**
 * Runs an admitted GetItem/Query/Scan/PutItem/UpdateItem/DeleteItem on dynalite with
 * TOTAL consumption, settles the charge against the model, records it, and answers with
 * the ConsumedCapacity the client asked for (or none).
 */
export async function runAdmitted(ctx: FrontContext, t: FrontTable, op: DynaliteOperation, data: Data, request: AdmittedRequest): Promise<Answer> {
  const clientMode = data.ReturnConsumedCapacity;
  data.ReturnConsumedCapacity = 'TOTAL';
  let res: Data;
  try {
    res = await ctx.engine.run(op, data);
  } catch (error) {
    const charged = request.chargeOnError(error);
    const units = t.model.settle(request.operation, request.parts, charged);
    if (charged.length > 0) t.model.recordConsumption(request.operation, units, request.nowMs);
    throw error;
  }
  const reported = (res.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits;
  const units = t.model.settle(request.operation, request.parts, await request.actual(reported));
  t.model.recordConsumption(request.operation, units, request.nowMs);
  const cc = consumedCapacity(clientMode, t.model.name, request.operation, units);
  if (cc) res.ConsumedCapacity = cc;
  else delete res.ConsumedCapacity;
  return ok(res);
}
