// This file stays whole (about 500 lines): every data-plane path (single and batch
// writes and reads) follows one protocol (look the table up, validate, hash, admit,
// run, settle) over the same private helpers; the control plane, TTL/backups, item
// rules, table phases and the HTTP front live in their own files.
import { DYNALITE_OPERATIONS, isDynaliteError, type DynaliteEngine, type DynaliteOperation, type StoredTable } from './dynalite-engine';
import { indexWrites } from './index-writes';
import { itemSizeBytes, writeUnitsForBytes, type AttributeValue, type Item } from './item-size';
import { HASH_SPACE } from './partition-map';
import type { SandboxModel } from './sandbox-model';
import { attributeValueRefusal } from './attribute-value-rules';
import { answerOwnOperation, OWN_OPERATIONS } from './own-operations';
import { hashOfStorageKey, type ChargePart, type ConsumedUnits, type PlannedCharge, type TableModel } from './table-model';
import { ok, TableControl } from './table-control';
import { TableTransitions } from './table-transitions';
import { tableNotFound, throttleError, validationError, type ErrorAnswer } from './throttle-errors';
import type { CapacityOperation, ThrottleEvent } from './throttle-reasons';

/** A JSON answer to one DynamoDB call. */
export interface Answer {
  status: number;
  body: unknown;
}

type Data = Record<string, unknown>;

function fromError(error: unknown): Answer {
  if (isDynaliteError(error)) return { status: error.statusCode, body: error.body };
  throw error;
}

function isConditionFailure(error: unknown): boolean {
  return isDynaliteError(error) && error.body.__type.endsWith('#ConditionalCheckFailedException');
}

function consumedCapacity(mode: unknown, tableName: string, operation: CapacityOperation, units: ConsumedUnits): Data | undefined {
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

/**
 * The DynamoDB face of the sandbox: every data-plane call passes the capacity model
 * (admission before the write, exact charge after), then dynalite does the storage
 * work. Control-plane calls keep the model in step with the tables.
 */
export class DynamoDbFront {
  private readonly stored = new Map<string, StoredTable>();
  /** CREATING and DELETING phases of tables (dynalite makes tables ACTIVE at once). */
  readonly transitions: TableTransitions;
  private readonly control: TableControl;

  constructor(
    private readonly engine: DynaliteEngine,
    private readonly model: SandboxModel,
    tableStatusDelayMs: number,
  ) {
    this.transitions = new TableTransitions(tableStatusDelayMs);
    this.control = new TableControl(engine, model, this.stored, this.transitions, (name) => this.table(name));
  }

  /**
   * Brings dynalite's stored capacity in line with the model (auto scaling changes
   * capacity without a client UpdateTable).
   */
  syncStoredCapacity(tableName: string): Promise<void> {
    return this.control.syncStoredCapacity(tableName);
  }

  /** Whether the sandbox answers this DynamoDB operation (else UnknownOperationException). */
  static knows(operation: string): boolean {
    return (OWN_OPERATIONS as readonly string[]).includes(operation) || (DYNALITE_OPERATIONS as readonly string[]).includes(operation);
  }

  /** Table names a request touches (for per-table faults). */
  static tableNames(data: unknown): string[] {
    if (typeof data !== 'object' || data === null) return [];
    const d = data as Data;
    if (typeof d.TableName === 'string') return [d.TableName];
    if (typeof d.RequestItems === 'object' && d.RequestItems !== null) return Object.keys(d.RequestItems);
    return [];
  }

  /** Forgets cached descriptions and table phases (admin reset). */
  clearCache(): void {
    this.stored.clear();
    this.transitions.clear();
  }

  /** Answers one call; `data` is the parsed JSON body. */
  async handle(operation: string, data: unknown): Promise<Answer> {
    if ((OWN_OPERATIONS as readonly string[]).includes(operation)) return this.own(operation, data);
    if (!(DYNALITE_OPERATIONS as readonly string[]).includes(operation)) {
      return { status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
    }
    const op = operation as DynaliteOperation;
    const raw = (typeof data === 'object' && data !== null ? data : {}) as Data;
    const refused = attributeValueRefusal(op, raw);
    if (refused) return refused;
    let validated: Data;
    try {
      // dynalite's checks drop fields it does not know (OnDemandThroughput), so control-plane
      // calls validate a copy; data-plane calls skip the copy (it is the hot path).
      validated = this.engine.validate(op, op === 'CreateTable' || op === 'UpdateTable' ? structuredClone(raw) : raw);
    } catch (error) {
      return fromError(error);
    }
    if (!this.transitions.idle) {
      const nowMs = this.model.now();
      const refusal = this.transitions.refusal(op, validated, nowMs);
      if (refusal) return refusal;
      const deleting = op === 'DescribeTable' ? this.transitions.deletingDescription(validated.TableName as string, nowMs) : undefined;
      if (deleting) return ok({ Table: deleting });
    }
    try {
      switch (op) {
        case 'PutItem':
        case 'UpdateItem':
        case 'DeleteItem':
          return await this.singleWrite(op, validated);
        case 'BatchWriteItem':
          return await this.batchWrite(validated, raw);
        case 'GetItem':
        case 'Query':
        case 'Scan':
          return await this.singleRead(op, validated);
        case 'BatchGetItem':
          return await this.batchGet(validated);
        case 'CreateTable':
          return await this.control.createTable(validated, raw);
        case 'UpdateTable':
          return await this.control.updateTable(validated, raw);
        case 'DeleteTable':
          return await this.control.deleteTable(validated);
        case 'DescribeTable': {
          const res = await this.engine.run(op, validated);
          this.control.decorate(res.Table as Data | undefined);
          if (res.Table) this.transitions.decorate(res.Table as Data, this.model.now());
          return ok(res);
        }
        default:
          return ok(await this.engine.run(op, validated));
      }
    } catch (error) {
      return fromError(error);
    }
  }

  /** The stored description and model of a table, registering tables found on disk. */
  private async table(name: unknown): Promise<{ stored: StoredTable; model: TableModel } | undefined> {
    if (typeof name !== 'string') return undefined;
    let stored = this.stored.get(name);
    let model = this.model.tables.get(name);
    if (stored && model) return { stored, model };
    stored = await this.engine.getTable(name);
    if (!stored || stored.TableStatus === 'CREATING' || stored.TableStatus === 'DELETING') return undefined;
    this.stored.set(name, stored);
    model ??= this.model.addTable(stored);
    return { stored, model };
  }

  private hashOf(stored: StoredTable, keyOrItem: Item): number {
    return hashOfStorageKey(this.engine.storageKey(stored, keyOrItem));
  }

  private indexHash(stored: StoredTable) {
    return (attributeName: string, value: AttributeValue) =>
      hashOfStorageKey(this.engine.storageKey(stored, { [attributeName]: value }, [{ AttributeName: attributeName, KeyType: 'HASH' }]));
  }

  private hasIndexes(model: TableModel): boolean {
    return model.schema.indexes.length > 0 || (model.schema.localIndexes?.length ?? 0) > 0;
  }

  private keyOf(t: { model: TableModel }, item: Item): Item {
    const s = t.model.schema;
    const key: Item = { [s.hashAttribute]: item[s.hashAttribute] as AttributeValue };
    if (s.rangeAttribute) key[s.rangeAttribute] = item[s.rangeAttribute] as AttributeValue;
    return key;
  }

  private throttled(t: { model: TableModel }, events: ThrottleEvent[]): ErrorAnswer {
    return throttleError(events, t.model.table.settings.mode === 'PAY_PER_REQUEST');
  }

  private async singleWrite(op: 'PutItem' | 'UpdateItem' | 'DeleteItem', data: Data): Promise<Answer> {
    const t = await this.table(data.TableName);
    if (!t) return ok(await this.engine.run(op, data));
    const item = (op === 'PutItem' ? data.Item : data.Key) as Item;
    // Everything DynamoDB refuses without looking at the item is refused before admission.
    const invalid =
      op === 'PutItem'
        ? this.engine.validateItem(t.stored, item)
        : (this.engine.validateKey(t.stored, item) ?? (op === 'UpdateItem' ? this.engine.validateUpdates(t.stored, data) : undefined));
    if (invalid) return fromError(invalid);
    const nowMs = this.model.now();
    const hash = this.hashOf(t.stored, item);
    const withIndexes = this.hasIndexes(t.model);
    const before = withIndexes ? await this.engine.getItem(t.stored, op === 'PutItem' ? this.keyOf(t, item) : item) : undefined;
    const hashOfIndex = this.indexHash(t.stored);
    const planned: PlannedCharge[] = [
      { hash, units: writeUnitsForBytes(Math.max(op === 'PutItem' ? itemSizeBytes(item) : 0, itemSizeBytes(before))) },
      // An update is planned as if index keys stay put; the settle step charges the truth.
      ...indexWrites(t.model.schema, before, op === 'PutItem' ? item : op === 'UpdateItem' ? before : undefined, hashOfIndex),
    ];
    const admission = t.model.admit('Write', planned, nowMs);
    if (!admission.ok) {
      t.model.operationMetrics.throttledRequest(op, nowMs);
      return this.throttled(t, admission.events);
    }
    const clientMode = data.ReturnConsumedCapacity;
    data.ReturnConsumedCapacity = 'TOTAL';
    let res: Data;
    try {
      res = await this.engine.run(op, data);
    } catch (error) {
      // A failed condition still consumes what was planned, as in DynamoDB; a refusal
      // that depends on the item (an operand of the wrong type) consumes nothing.
      if (isConditionFailure(error)) t.model.recordConsumption('Write', t.model.settle('Write', admission.parts, planned), nowMs);
      else t.model.settle('Write', admission.parts, []);
      throw error;
    }
    const baseUnits = (res.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? (planned[0] as PlannedCharge).units;
    let after: Item | undefined;
    if (withIndexes) after = op === 'PutItem' ? item : op === 'UpdateItem' ? await this.engine.getItem(t.stored, item) : undefined;
    const actual: PlannedCharge[] = [{ hash, units: baseUnits }, ...(withIndexes ? indexWrites(t.model.schema, before, after, hashOfIndex) : [])];
    const units = t.model.settle('Write', admission.parts, actual);
    t.model.recordConsumption('Write', units, nowMs);
    const cc = consumedCapacity(clientMode, t.model.name, 'Write', units);
    if (cc) res.ConsumedCapacity = cc;
    else delete res.ConsumedCapacity;
    return ok(res);
  }

  private async batchWrite(data: Data, raw: Data): Promise<Answer> {
    const requestItems = data.RequestItems as Record<string, Data[]>;
    const rawItems = (raw.RequestItems ?? {}) as Record<string, unknown[]>;
    const tables = new Map<string, { stored: StoredTable; model: TableModel }>();
    for (const name of Object.keys(requestItems)) {
      const t = await this.table(name);
      if (!t) return ok(await this.engine.run('BatchWriteItem', data));
      tables.set(name, t);
    }
    // Validate everything first: one bad request rejects the whole batch. Storage keys
    // (an md5 each) are kept for the partition hash below.
    const storageKeys = new Map<string, string[]>();
    for (const [name, reqs] of Object.entries(requestItems)) {
      const t = tables.get(name) as { stored: StoredTable; model: TableModel };
      const seen = new Set<string>();
      const keys: string[] = [];
      storageKeys.set(name, keys);
      for (const req of reqs) {
        const put = (req.PutRequest as Data | undefined)?.Item as Item | undefined;
        const key = (req.DeleteRequest as Data | undefined)?.Key as Item | undefined;
        const invalid = put ? this.engine.validateItem(t.stored, put) : key ? this.engine.validateKey(t.stored, key) : undefined;
        if (invalid) {
          if (/Missing the key|Type mismatch for key/.test(invalid.body.message ?? '')) invalid.body.message = 'The provided key element does not match the schema';
          return fromError(invalid);
        }
        const storageKey = this.engine.storageKey(t.stored, (put ?? key) as Item);
        if (seen.has(storageKey)) return validationError('Provided list of item keys contains duplicates');
        seen.add(storageKey);
        keys.push(storageKey);
      }
    }
    const nowMs = this.model.now();
    const clientMode = data.ReturnConsumedCapacity;
    const unprocessed: Record<string, unknown[]> = {};
    const events: ThrottleEvent[] = [];
    let admittedCount = 0;
    type Job = { t: { stored: StoredTable; model: TableModel }; put?: Item; key?: Item; hash: number; before?: Item; parts: ChargePart[]; planned: PlannedCharge[] };
    const jobs: Job[] = [];
    for (const [name, reqs] of Object.entries(requestItems)) {
      const t = tables.get(name) as { stored: StoredTable; model: TableModel };
      const withIndexes = this.hasIndexes(t.model);
      const hashOfIndex = this.indexHash(t.stored);
      const befores = withIndexes
        ? await Promise.all(reqs.map((req) => {
            const put = (req.PutRequest as Data | undefined)?.Item as Item | undefined;
            const key = (req.DeleteRequest as Data | undefined)?.Key as Item | undefined;
            return this.engine.getItem(t.stored, put ? this.keyOf(t, put) : (key as Item));
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
      return this.throttled(first, events);
    }
    const results = await Promise.allSettled(
      jobs.map((job) =>
        this.engine.run(job.put ? 'PutItem' : 'DeleteItem', {
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

  private readResource(t: { model: TableModel }, indexName: unknown): string | undefined {
    return typeof indexName === 'string' && t.model.indexes.has(indexName) ? indexName : undefined;
  }

  private readHash(op: 'GetItem' | 'Query' | 'Scan', t: { stored: StoredTable; model: TableModel }, data: Data, gsi: string | undefined): number {
    const hashAttribute = gsi !== undefined ? (t.model.schema.indexes.find((i) => i.name === gsi)?.hashAttribute ?? '') : t.model.schema.hashAttribute;
    const byValue = (value: AttributeValue | undefined) => (value === undefined ? 0 : this.indexHash(t.stored)(hashAttribute, value));
    if (op === 'GetItem') return this.hashOf(t.stored, data.Key as Item);
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

  private async singleRead(op: 'GetItem' | 'Query' | 'Scan', data: Data): Promise<Answer> {
    const t = await this.table(data.TableName);
    if (!t) return ok(await this.engine.run(op, data));
    if (op === 'GetItem') {
      const invalid = this.engine.validateKey(t.stored, data.Key as Item);
      if (invalid) return fromError(invalid);
    }
    const gsi = this.readResource(t, data.IndexName);
    const lsi = gsi === undefined && typeof data.IndexName === 'string' && t.model.schema.localIndexes?.some((i) => i.name === data.IndexName) ? data.IndexName : undefined;
    const nowMs = this.model.now();
    let hash: number;
    try {
      hash = this.readHash(op, t, data, gsi);
    } catch {
      // A start key or key condition whose type does not match the schema has no
      // partition: dynalite refuses it with DynamoDB's ValidationException.
      return ok(await this.engine.run(op, data));
    }
    const estimate = data.ConsistentRead === true ? 1 : 0.5;
    const charge = (units: number): PlannedCharge => (gsi !== undefined ? { indexName: gsi, hash, units } : lsi !== undefined ? { localIndexName: lsi, hash, units } : { hash, units });
    const admission = t.model.admit('Read', [charge(estimate)], nowMs);
    if (!admission.ok) {
      // Validate, then throttle: dynalite checks the request against the table (index,
      // start key, key conditions, paths) before it reads; one item is enough to know.
      await this.engine.run(op, op === 'GetItem' ? data : { ...data, Limit: 1 });
      t.model.operationMetrics.throttledRequest(op, nowMs);
      return this.throttled(t, admission.events);
    }
    const clientMode = data.ReturnConsumedCapacity;
    data.ReturnConsumedCapacity = 'TOTAL';
    let res: Data;
    try {
      res = await this.engine.run(op, data);
    } catch (error) {
      t.model.settle('Read', admission.parts, []);
      throw error;
    }
    const readUnits = (res.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? estimate;
    const units = t.model.settle('Read', admission.parts, [charge(readUnits)]);
    t.model.recordConsumption('Read', units, nowMs);
    const cc = consumedCapacity(clientMode, t.model.name, 'Read', units);
    if (cc) res.ConsumedCapacity = cc;
    else delete res.ConsumedCapacity;
    return ok(res);
  }

  private async batchGet(data: Data): Promise<Answer> {
    const requestItems = data.RequestItems as Record<string, Data>;
    const nowMs = this.model.now();
    const clientMode = data.ReturnConsumedCapacity;
    const admittedItems: Record<string, Data> = {};
    const unprocessed: Record<string, Data> = {};
    const events: ThrottleEvent[] = [];
    const jobs = new Map<string, { t: { stored: StoredTable; model: TableModel }; parts: ChargePart[]; hashes: number[] }>();
    let admittedCount = 0;
    for (const [name, request] of Object.entries(requestItems)) {
      const t = await this.table(name);
      if (!t) return ok(await this.engine.run('BatchGetItem', data));
      const keys = request.Keys as Item[];
      const estimate = request.ConsistentRead === true ? 1 : 0.5;
      const admitted: Item[] = [];
      const refused: Item[] = [];
      const job = { t, parts: [] as ChargePart[], hashes: [] as number[] };
      for (const key of keys) {
        const invalid = this.engine.validateKey(t.stored, key);
        if (invalid) return fromError(invalid);
        const hash = this.hashOf(t.stored, key);
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
      const first = [...Object.keys(requestItems)].map((n) => this.model.tables.get(n)).find((m) => m !== undefined);
      return throttleError(events, first?.table.settings.mode === 'PAY_PER_REQUEST');
    }
    const res = await this.engine.run('BatchGetItem', { ...data, RequestItems: admittedItems, ReturnConsumedCapacity: 'TOTAL' });
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

  /**
   * Operations dynalite lacks (TTL, backups): the table name is validated as dynalite
   * validates DescribeTimeToLive (SerializationException for a non-string, DynamoDB's
   * ValidationException wording for a bad name), then the sandbox answers from its state.
   */
  private async own(operation: string, data: unknown): Promise<Answer> {
    let name: string;
    try {
      // dynalite's checks drop the fields they do not know: validate the name alone.
      const d = typeof data === 'object' && data !== null ? (data as Data) : {};
      name = this.engine.validate('DescribeTimeToLive', 'TableName' in d ? { TableName: d.TableName } : {}).TableName as string;
    } catch (error) {
      return fromError(error);
    }
    const t = await this.table(name);
    if (!t) return tableNotFound(name);
    return answerOwnOperation(operation, data as Data, t.model, this.model.now());
  }
}
